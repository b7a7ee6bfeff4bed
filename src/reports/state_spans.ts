import { INTERVAL_MS, intervalStart } from "./intervals.ts";

/** Splits `[fromMs, toMs)` at 15-minute boundaries: each piece's interval and length. */
export function splitSpan(fromMs: number, toMs: number): { start: number; ms: number }[] {
  const out: { start: number; ms: number }[] = [];
  let at = fromMs;
  while (at < toMs) {
    const start = intervalStart(at);
    const end = Math.min(toMs, start + INTERVAL_MS);
    out.push({ start, ms: end - at });
    at = end;
  }
  return out;
}
