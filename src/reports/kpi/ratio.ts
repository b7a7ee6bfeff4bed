/**
 * The two roundings KPI.md asks for, and "no figure" (null, shown as "—") whenever the
 * denominator is zero, so no report ever shows NaN or Infinity.
 */

/** `part ÷ whole × 100` with one decimal; null when `whole` is 0. */
export function percent(part: number, whole: number): number | null {
  if (!(whole > 0)) return null;
  return Math.round((part / whole) * 1000) / 10;
}

/** A total of milliseconds ÷ a count, in seconds with one decimal; null when `count` is 0. */
export function averageSeconds(totalMs: number, count: number): number | null {
  if (!(count > 0)) return null;
  return Math.round(totalMs / count / 100) / 10;
}

/** Milliseconds as seconds with one decimal. */
export function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

/** `a ÷ b` with `decimals` decimals; null when `b` is 0. */
export function ratio(a: number, b: number, decimals = 1): number | null {
  if (!(b > 0)) return null;
  const f = 10 ** decimals;
  return Math.round((a / b) * f) / f;
}
