import type { Counters } from "../counters.ts";
import { percent, ratio } from "./ratio.ts";

/**
 * Agent time figures (KPI.md): how the logged-in time was used. `readyMs` is time
 * available and idle; `loggedInMs` all time in any state but logged out.
 */

/** Occupancy = (talk + hold + ACW) ÷ (talk + hold + ACW + available idle) × 100. */
export function occupancy(c: Counters, readyMs: number): number | null {
  const busy = c.talk_ms + c.hold_ms + c.acw_ms;
  return percent(busy, busy + readyMs);
}

/** Inbound utilisation = handling time (talk + ACW) ÷ logged-in time × 100. */
export function utilisation(c: Counters, loggedInMs: number): number | null {
  return percent(c.talk_ms + c.acw_ms, loggedInMs);
}

/** Calls per hour = calls handled ÷ logged-in hours (two decimals). */
export function callsPerHour(c: Counters, loggedInMs: number): number | null {
  return ratio(c.handled * 3_600_000, loggedInMs, 2);
}
