import type { QueueCounters } from "../acd/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";

/**
 * Today's figures, read from `call_events` so they survive restarts and engine rebuilds
 * (KPI.md: figures come from the event log, not from in-memory counters alone).
 */

/** Local midnight of the appliance's time zone: the center's "today" starts there. */
export function startOfToday(nowMs: number): number {
  const d = new Date(nowMs);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * Per queue id, the counters KPI.md's SL, ASA and abandon-rate formulas take: those of
 * the queue events at or after `sinceMs` whose `seq` is above `afterSeq`, and says
 * the highest `seq` it saw, so a caller can go on from there next time.
 */
function queueEventsAfter(
  db: Database,
  sinceMs: number,
  afterSeq: number,
): { counters: Map<number, QueueCounters>; lastSeq: number } {
  const rows = db.all<{
    queue_id: number;
    offered: number;
    answered: number;
    within: number;
    answered_wait_ms: number;
    abandoned: number;
    short_abandoned: number;
    abandoned_wait_ms: number;
    blocked: number;
    overflowed: number;
    last_seq: number;
  }>(
    `SELECT e.queue_id,
       sum(e.type = 'queue.entered') AS offered,
       sum(e.type = 'queue.answered') AS answered,
       sum(e.type = 'queue.answered'
         AND json_extract(e.data, '$.wait_ms') <= coalesce(q.service_level_s, 20) * 1000) AS within,
       sum(CASE WHEN e.type = 'queue.answered' THEN json_extract(e.data, '$.wait_ms') ELSE 0 END)
         AS answered_wait_ms,
       sum(e.type = 'queue.abandoned') AS abandoned,
       sum(e.type = 'queue.abandoned' AND json_extract(e.data, '$.short') = 1) AS short_abandoned,
       sum(CASE WHEN e.type = 'queue.abandoned' AND json_extract(e.data, '$.short') = 0
         THEN json_extract(e.data, '$.wait_ms') ELSE 0 END) AS abandoned_wait_ms,
       sum(e.type = 'queue.blocked') AS blocked,
       sum(e.type = 'queue.moved' OR (e.type = 'queue.overflowed'
         AND json_extract(e.data, '$.reason') = 'max_wait')) AS overflowed,
       max(e.seq) AS last_seq
     FROM call_events e LEFT JOIN queues q ON q.id = e.queue_id
     WHERE e.seq > ? AND e.at >= ? AND e.queue_id IS NOT NULL AND e.type LIKE 'queue.%'
     GROUP BY e.queue_id`,
    afterSeq,
    isoTime(sinceMs),
  );
  const counters = new Map(rows.map((r) => [r.queue_id, {
    offered: r.offered,
    answered: r.answered,
    answeredWithinThreshold: r.within,
    answeredWaitMs: r.answered_wait_ms,
    abandoned: r.abandoned,
    shortAbandoned: r.short_abandoned,
    abandonedWaitMs: r.abandoned_wait_ms,
    blocked: r.blocked,
    overflowed: r.overflowed,
  }]));
  return { counters, lastSeq: rows.reduce((m, r) => Math.max(m, r.last_seq), afterSeq) };
}

/**
 * Today's queue counters, read from `call_events` but only the events appended since the
 * last read: the wallboard asks several times a second, and counting the whole day each
 * time grew with the day (milliseconds per read by mid-morning, on the media thread's
 * loop). The log is append-only, so adding what is new gives the same sums. A new day, or
 * a change to a queue's service-level threshold (which decides what counts as answered
 * within it), starts over from midnight.
 */
export class TodayQueueCounters {
  #day = Number.NaN;
  #lastSeq = 0;
  #counters = new Map<number, QueueCounters>();

  constructor(private readonly db: Database) {}

  /** Counts everything again on the next read. */
  invalidate(): void {
    this.#day = Number.NaN;
  }

  /** Per queue id, today's counters as of `nowMs`. */
  at(nowMs: number): Map<number, QueueCounters> {
    const day = startOfToday(nowMs);
    if (day !== this.#day) {
      this.#day = day;
      this.#lastSeq = 0;
      this.#counters = new Map();
    }
    const fresh = queueEventsAfter(this.db, day, this.#lastSeq);
    this.#lastSeq = fresh.lastSeq;
    for (const [queueId, add] of fresh.counters) {
      const had = this.#counters.get(queueId);
      this.#counters.set(queueId, had ? sumCounters(had, add) : add);
    }
    return this.#counters;
  }
}

function sumCounters(a: QueueCounters, b: QueueCounters): QueueCounters {
  return {
    offered: a.offered + b.offered,
    answered: a.answered + b.answered,
    answeredWithinThreshold: a.answeredWithinThreshold + b.answeredWithinThreshold,
    answeredWaitMs: a.answeredWaitMs + b.answeredWaitMs,
    abandoned: a.abandoned + b.abandoned,
    shortAbandoned: a.shortAbandoned + b.shortAbandoned,
    abandonedWaitMs: a.abandonedWaitMs + b.abandonedWaitMs,
    blocked: a.blocked + b.blocked,
    overflowed: a.overflowed + b.overflowed,
  };
}

/** An agent's day: calls answered, and talk, ACW and handle time of finished work. */
export interface AgentDay {
  calls: number;
  /** Calls whose work (talk and wrap-up) is finished. */
  handled: number;
  talk_s: number;
  acw_s: number;
  /** AHT = (talk + ACW) ÷ handled calls; null before the first. */
  aht_s: number | null;
  /** Average ACW = ACW ÷ handled calls. */
  avg_acw_s: number | null;
}

/** Per user id. */
export function agentDaysSince(db: Database, sinceMs: number): Map<number, AgentDay> {
  const rows = db.all<{
    agent_id: number;
    calls: number;
    handled: number;
    talk_ms: number;
    acw_ms: number;
    handle_ms: number;
  }>(
    `SELECT agent_id,
       sum(type = 'queue.answered') AS calls,
       sum(type = 'agent.work_done') AS handled,
       sum(CASE WHEN type = 'agent.work_done' THEN json_extract(data, '$.talk_ms') ELSE 0 END)
         AS talk_ms,
       sum(CASE WHEN type = 'agent.work_done' THEN json_extract(data, '$.acw_ms') ELSE 0 END)
         AS acw_ms,
       sum(CASE WHEN type = 'agent.work_done' THEN json_extract(data, '$.handle_ms') ELSE 0 END)
         AS handle_ms
     FROM call_events
     WHERE at >= ? AND agent_id IS NOT NULL AND type IN ('queue.answered', 'agent.work_done')
     GROUP BY agent_id`,
    isoTime(sinceMs),
  );
  const oneDecimal = (x: number) => Math.round(x * 10) / 10;
  return new Map(rows.map((r) => [r.agent_id, {
    calls: r.calls,
    handled: r.handled,
    talk_s: oneDecimal(r.talk_ms / 1000),
    acw_s: oneDecimal(r.acw_ms / 1000),
    aht_s: r.handled > 0 ? oneDecimal(r.handle_ms / 1000 / r.handled) : null,
    avg_acw_s: r.handled > 0 ? oneDecimal(r.acw_ms / 1000 / r.handled) : null,
  }]));
}

export const EMPTY_DAY: AgentDay = {
  calls: 0,
  handled: 0,
  talk_s: 0,
  acw_s: 0,
  aht_s: null,
  avg_acw_s: null,
};
