import { zonedParts, zoneOffsetMs } from "../clock/mod.ts";

/**
 * The first moment after `afterMs` when the wall clock in `timeZone` reads `time`
 * ("HH:MM"). On a day when that time does not exist (clocks jump forward over it) the
 * run falls at the same distance past the jump; on a day it exists twice, the first.
 */
export function nextDailyRun(afterMs: number, time: string, timeZone: string): number {
  const [hour, minute] = time.split(":").map(Number);
  const today = zonedParts(afterMs, timeZone);
  for (let day = 0; day < 3; day++) {
    const local = Date.UTC(today.year, today.month - 1, today.day + day, hour, minute);
    let at = local - zoneOffsetMs(local, timeZone);
    const second = local - zoneOffsetMs(at, timeZone);
    if (second !== at) at = Math.min(at, second);
    if (at > afterMs) return at;
  }
  throw new RangeError(`No run at ${time} in ${timeZone} within three days`);
}
