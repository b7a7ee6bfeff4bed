/**
 * The media clock as the appliance runs it: each tick's packets made 20 ms ahead and sent
 * when due by the socket thread, the making in slices of about 2 ms (decision 011), each
 * call's packets at its own phase of the tick rather than all calls' at once (decision 041).
 *
 * @module
 */

import type { Clock } from "../clock/mod.ts";
import { pacedSends } from "../net/mod.ts";
import { MediaClock } from "./media_clock.ts";

/** Send lead: how far ahead of its send time a tick's packets are made. */
export const SEND_LEAD_MS = 20;
const SLICE_MS = 2;
const INTERVAL_MS = 20;

/** A {@link MediaClock} whose packets the socket thread paces. */
export function pacedMediaClock(clock: Clock, onError?: (error: unknown) => void): MediaClock {
  return new MediaClock(clock, {
    onError,
    pacer: (delayMs, make) => pacedSends(delayMs, make, INTERVAL_MS),
    intervalMs: INTERVAL_MS,
    sendLeadMs: SEND_LEAD_MS,
    sliceMs: SLICE_MS,
  });
}
