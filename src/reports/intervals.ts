/**
 * Interval arithmetic in the center's time zone. Rollups are kept per 15 minutes of UTC
 * time, which are also 15-minute steps of every time zone's wall clock (all offsets in
 * use are whole quarter hours); longer buckets (30 and 60 minutes, day, week, month) are
 * found on the local wall clock, so a day of a daylight-saving change has 23 or 25 hours.
 */

import { checkTimeZone, zonedParts, zoneOffsetMs } from "../clock/mod.ts";

export const INTERVAL_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

export const GRANULARITIES = ["15m", "30m", "60m", "day", "week", "month"] as const;
export type Granularity = typeof GRANULARITIES[number];

const STEP_MS: Partial<Record<Granularity, number>> = {
  "15m": INTERVAL_MS,
  "30m": 2 * INTERVAL_MS,
  "60m": 4 * INTERVAL_MS,
};

/** The longest period each granularity may be asked for. */
export const MAX_PERIOD_DAYS: Record<Granularity, number> = {
  "15m": 31,
  "30m": 93,
  "60m": 93,
  day: 400,
  week: 1830,
  month: 1830,
};

/** The start of the 15-minute interval holding `ms`. */
export function intervalStart(ms: number): number {
  return Math.floor(ms / INTERVAL_MS) * INTERVAL_MS;
}

export { checkTimeZone, zoneOffsetMs };

/** The instant of a local wall-clock time (the earlier one when it happens twice). */
export function zonedTime(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  minutes = 0,
): number {
  const wall = Date.UTC(year, month - 1, day) + minutes * 60_000;
  let guess = wall - zoneOffsetMs(wall, timeZone);
  guess = wall - zoneOffsetMs(guess, timeZone);
  return guess;
}

/** The local calendar date of `ms`. */
export function localDate(
  ms: number,
  timeZone: string,
): { year: number; month: number; day: number } {
  const p = zonedParts(ms, timeZone);
  return { year: p.year, month: p.month, day: p.day };
}

/** The start of the bucket of `granularity` that holds `ms`. */
export function bucketStart(ms: number, granularity: Granularity, timeZone: string): number {
  const step = STEP_MS[granularity];
  if (step !== undefined) {
    const offset = zoneOffsetMs(ms, timeZone);
    return ms - (((ms + offset) % step) + step) % step;
  }
  const d = localDate(ms, timeZone);
  if (granularity === "day") return zonedTime(timeZone, d.year, d.month, d.day);
  if (granularity === "month") return zonedTime(timeZone, d.year, d.month, 1);
  // ISO weeks start on Monday.
  const weekday = (new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7;
  const monday = new Date(Date.UTC(d.year, d.month - 1, d.day) - weekday * DAY_MS);
  return zonedTime(
    timeZone,
    monday.getUTCFullYear(),
    monday.getUTCMonth() + 1,
    monday.getUTCDate(),
  );
}

/** The start of the bucket after the one starting at `start`. */
export function nextBucket(start: number, granularity: Granularity, timeZone: string): number {
  const step = STEP_MS[granularity];
  if (step !== undefined) return start + step;
  const d = localDate(start, timeZone);
  if (granularity === "month") {
    return d.month === 12
      ? zonedTime(timeZone, d.year + 1, 1, 1)
      : zonedTime(timeZone, d.year, d.month + 1, 1);
  }
  const days = granularity === "week" ? 7 : 1;
  const next = new Date(Date.UTC(d.year, d.month - 1, d.day) + days * DAY_MS);
  return zonedTime(timeZone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
}

/** Why a period cannot be reported on, for a 400 answer. */
export class PeriodError extends RangeError {
  override name = "PeriodError";
}

/**
 * The buckets `[start, end)` that tile `[from, to)` exactly; throws a {@link PeriodError}
 * when the period is empty, too long for the granularity, or not a whole number of buckets.
 */
export function buckets(
  from: number,
  to: number,
  granularity: Granularity,
  timeZone: string,
): { start: number; end: number }[] {
  if (!(Number.isFinite(from) && Number.isFinite(to)) || to <= from) {
    throw new PeriodError("The period must end after it starts");
  }
  const maxDays = MAX_PERIOD_DAYS[granularity];
  if (to - from > maxDays * DAY_MS + 2 * 3600_000) {
    throw new PeriodError(`A period by ${granularity} may span at most ${maxDays} days`);
  }
  if (bucketStart(from, granularity, timeZone) !== from) {
    throw new PeriodError(`The period must start on a ${granularity} boundary`);
  }
  const out: { start: number; end: number }[] = [];
  let start = from;
  while (start < to) {
    const end = nextBucket(start, granularity, timeZone);
    if (end > to) throw new PeriodError(`The ${granularity} interval does not divide the period`);
    out.push({ start, end });
    start = end;
  }
  return out;
}

/** The period of as many buckets right before `[from, to)` (for "compare with previous"). */
export function previousPeriod(
  from: number,
  to: number,
  granularity: Granularity,
  timeZone: string,
): { from: number; to: number } {
  const count = buckets(from, to, granularity, timeZone).length;
  let start = from;
  for (let i = 0; i < count; i++) start = bucketStart(start - 1, granularity, timeZone);
  return { from: start, to: from };
}
