import type { AgentState } from "./agent_state.ts";
import type { Queue, QueueCounters } from "./queue.ts";

/** The live picture of one queue for the wallboard and `GET /api/v1/queues/status`. */
export interface QueueSnapshot {
  queueId: string;
  at: number;
  /** Calls waiting or ringing, callback placeholders included. */
  callsWaiting: number;
  callbacksWaiting: number;
  longestWaitSeconds: number;
  /** Member agents by state (logged-out members included). */
  agents: Record<AgentState, number>;
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  blocked: number;
  overflowed: number;
  /** Percent, one decimal; null before any call counts. */
  serviceLevel: number | null;
  asaSeconds: number | null;
  abandonRate: number | null;
  /** Estimate for a caller joining now. */
  ewtSeconds: number | null;
}

function oneDecimal(x: number): number {
  return Math.round(x * 10) / 10;
}

/** SL = answered within T ÷ (offered − short abandons) × 100 (KPI.md). */
export function serviceLevel(c: QueueCounters): number | null {
  const base = c.offered - c.shortAbandoned;
  return base > 0 ? oneDecimal(c.answeredWithinThreshold / base * 100) : null;
}

/** Abandon rate = (abandoned − short abandons) ÷ (offered − short abandons) × 100 (KPI.md). */
export function abandonRate(c: QueueCounters): number | null {
  const base = c.offered - c.shortAbandoned;
  return base > 0 ? oneDecimal((c.abandoned - c.shortAbandoned) / base * 100) : null;
}

/** ASA = total queue wait of answered calls ÷ answered, in seconds (KPI.md). */
export function averageSpeedOfAnswer(c: QueueCounters): number | null {
  return c.answered > 0 ? oneDecimal(c.answeredWaitMs / 1000 / c.answered) : null;
}

export function queueSnapshot(queue: Queue, now: number): QueueSnapshot {
  let oldest = now;
  let callbacks = 0;
  for (const call of queue.calls) {
    if (call.queueEnteredAt < oldest) oldest = call.queueEnteredAt;
    if (call.callback) callbacks++;
  }
  const c = queue.counters;
  return {
    queueId: queue.id,
    at: now,
    callsWaiting: queue.calls.size,
    callbacksWaiting: callbacks,
    longestWaitSeconds: Math.floor((now - oldest) / 1000),
    agents: queue.agentsByState(),
    offered: c.offered,
    answered: c.answered,
    abandoned: c.abandoned,
    shortAbandoned: c.shortAbandoned,
    blocked: c.blocked,
    overflowed: c.overflowed,
    serviceLevel: serviceLevel(c),
    asaSeconds: averageSpeedOfAnswer(c),
    abandonRate: abandonRate(c),
    ewtSeconds: queue.estimatedWaitSeconds(queue.waiting.size + 1),
  };
}
