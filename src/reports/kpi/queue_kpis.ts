import type { Counters } from "../counters.ts";
import { averageSeconds, percent, ratio, seconds } from "./ratio.ts";

/** Queue and arrival figures (KPI.md), from one period's summed counters. */

/** SL = answered within T ÷ (offered − short abandons) × 100. */
export function serviceLevel(c: Counters): number | null {
  return percent(c.answered_within, c.offered - c.short_abandoned);
}

/** Answer rate = answered ÷ offered × 100. */
export function answerRate(c: Counters): number | null {
  return percent(c.answered, c.offered);
}

/** Abandon rate = (abandoned − short abandons) ÷ (offered − short abandons) × 100. */
export function abandonRate(c: Counters): number | null {
  return percent(c.abandoned - c.short_abandoned, c.offered - c.short_abandoned);
}

/** Short abandons ÷ offered × 100, shown beside the abandon rate. */
export function shortAbandonRate(c: Counters): number | null {
  return percent(c.short_abandoned, c.offered);
}

/**
 * Inbound connection rate = (completed in IVR self-service + answered by agents) ÷ calls
 * entering the system × 100. `incoming` is the scope's incoming calls.
 */
export function inboundConnectionRate(c: Counters, incoming: number): number | null {
  return percent(c.ivr_completed + c.answered, incoming);
}

/** Outbound connection rate = connected ÷ dialed × 100. */
export function outboundConnectionRate(c: Counters): number | null {
  return percent(c.outbound_connected, c.outbound_dialed);
}

/** Blocked rate = blocked ÷ all incoming calls × 100. */
export function blockedRate(c: Counters, incoming: number): number | null {
  return percent(c.blocked, incoming);
}

/** Queue rate = calls that had to wait in a queue ÷ all incoming calls × 100. */
export function queueRate(c: Counters, incoming: number): number | null {
  return percent(c.queued, incoming);
}

/** ASA = total queue wait of answered calls ÷ answered. */
export function averageSpeedOfAnswer(c: Counters): number | null {
  return averageSeconds(c.answered_wait_ms, c.answered);
}

/** Average time to abandon = wait of abandoned calls ÷ abandoned, short abandons excluded. */
export function averageTimeToAbandon(c: Counters): number | null {
  return averageSeconds(c.abandoned_wait_ms, c.abandoned - c.short_abandoned);
}

/** Longest wait in the period, seconds; null when no call waited in a queue. */
export function longestWait(c: Counters): number | null {
  return c.offered > 0 || c.max_wait_ms > 0 ? seconds(c.max_wait_ms) : null;
}

/** Average ring count = rings heard before the IVR or an agent answered ÷ calls. */
export function averageRingCount(c: Counters): number | null {
  return ratio(c.rings, c.rung_calls);
}
