import { zoneOffsetMs } from "../clock/mod.ts";

/**
 * The instant the local day that contains `ms` ends in `timeZone` (the next local
 * midnight), so "until the end of the day" means the center's day, not the server's.
 * A daylight-saving change between now and midnight is allowed for.
 */
export function endOfLocalDay(ms: number, timeZone: string): number {
  const wall = new Date(ms + zoneOffsetMs(ms, timeZone));
  const midnight = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() + 1);
  const guess = midnight - zoneOffsetMs(ms, timeZone);
  return midnight - zoneOffsetMs(guess, timeZone);
}
