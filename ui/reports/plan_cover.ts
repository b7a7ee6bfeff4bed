/**
 * How much of a day's need the plan already covers, interval by interval, and what is
 * left for a proposal to cover. Intervals follow one another from the first one's start;
 * times are milliseconds since the epoch.
 *
 * @module
 */

/** A planned shift or break, in milliseconds. */
export interface CoverBlock {
  userId: number;
  kind: "shift" | "break";
  startsMs: number;
  endsMs: number;
}

/**
 * The agents the plan has in each of `intervals` intervals of `intervalMs` from `firstMs`.
 * An agent counts for an interval when one of their shifts spans the whole of it and
 * none of their breaks overlaps it: someone who arrives halfway through, or is away for
 * part of it, cannot be counted on to answer that interval's calls.
 *
 * @example
 * ```ts
 * import { plannedCover } from "./plan_cover.ts";
 * const hour = 3_600_000;
 * const cover = plannedCover([
 *   { userId: 1, kind: "shift", startsMs: 0, endsMs: 3 * hour },
 *   { userId: 1, kind: "break", startsMs: hour, endsMs: 1.5 * hour },
 * ], 0, hour, 4);
 * console.assert(cover.join() === "1,0,1,0");
 * ```
 */
export function plannedCover(
  blocks: readonly CoverBlock[],
  firstMs: number,
  intervalMs: number,
  intervals: number,
): number[] {
  if (!(intervalMs > 0)) {
    throw new RangeError(`Intervals must last some time, not ${intervalMs} ms`);
  }
  if (!Number.isInteger(intervals) || intervals < 0) {
    throw new RangeError(`The number of intervals must be a whole number, not ${intervals}`);
  }
  const shifts = blocks.filter((b) => b.kind === "shift");
  const breaks = blocks.filter((b) => b.kind === "break");
  return Array.from({ length: intervals }, (_, i) => {
    const starts = firstMs + i * intervalMs;
    const ends = starts + intervalMs;
    const working = new Set(
      shifts.filter((s) => s.startsMs <= starts && s.endsMs >= ends).map((s) => s.userId),
    );
    for (const b of breaks) if (b.startsMs < ends && b.endsMs > starts) working.delete(b.userId);
    return working.size;
  });
}

/**
 * What is left of `need` once `planned` is taken off, interval by interval and never
 * below nothing: agents planned beyond one interval's need do not cover another's.
 *
 * @example
 * ```ts
 * import { stillToCover } from "./plan_cover.ts";
 * console.assert(stillToCover([2, 3, 1], [1, 4, 1]).join() === "1,0,0");
 * ```
 */
export function stillToCover(need: readonly number[], planned: readonly number[]): number[] {
  if (need.length !== planned.length) {
    throw new RangeError(
      `The need has ${need.length} intervals and the plan ${planned.length}; they must match`,
    );
  }
  return need.map((n, i) => Math.max(0, n - planned[i]));
}
