import type { Counters } from "../counters.ts";
import { averageSeconds, percent } from "./ratio.ts";

/** Handling figures (KPI.md): per handled call, and transfers per answered call. */

/** AHT = (talk + ACW) ÷ handled calls. */
export function averageHandleTime(c: Counters): number | null {
  return averageSeconds(c.talk_ms + c.acw_ms, c.handled);
}

/** Average talk time = talk ÷ handled calls. */
export function averageTalkTime(c: Counters): number | null {
  return averageSeconds(c.talk_ms, c.handled);
}

/** Average hold time = hold ÷ handled calls. */
export function averageHoldTime(c: Counters): number | null {
  return averageSeconds(c.hold_ms, c.handled);
}

/** Average ACW = ACW ÷ handled calls. */
export function averageAfterCallWork(c: Counters): number | null {
  return averageSeconds(c.acw_ms, c.handled);
}

/** Transfer rate = calls transferred by the answering agent ÷ answered × 100, both kinds. */
export function transferRate(c: Counters): number | null {
  return percent(c.transfers_blind + c.transfers_consulted, c.answered);
}

export function blindTransferRate(c: Counters): number | null {
  return percent(c.transfers_blind, c.answered);
}

export function consultedTransferRate(c: Counters): number | null {
  return percent(c.transfers_consulted, c.answered);
}
