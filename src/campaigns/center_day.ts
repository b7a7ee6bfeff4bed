import { zonedParts, zoneOffsetMs } from "../clock/mod.ts";

/**
 * The instant the center's calendar day holding `ms` began in `timeZone`: the day a
 * campaign's abandon rate and its board's "today" are counted over. Midnight is found
 * with the offset in force at midnight itself, so a day that changes to or from
 * daylight saving still starts at 00:00 local.
 */
export function centerDayStart(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  const wallMidnight = Date.UTC(p.year, p.month - 1, p.day);
  const guess = wallMidnight - zoneOffsetMs(ms, timeZone);
  return wallMidnight - zoneOffsetMs(guess, timeZone);
}
