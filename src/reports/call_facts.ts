import type { Counters } from "./counters.ts";

/** One `call_events` row, as the rollups read it. */
export interface LoggedCallEvent {
  seq: number;
  callId: string;
  atMs: number;
  type: string;
  queueId: number | null;
  agentId: number | null;
  data: Record<string, unknown>;
}

/** What the rollups remember of a call between its events. */
export interface CallTrack {
  /** When the caller reached the appliance (`call.offered`), for rings and self-service. */
  offeredAtMs?: number;
  /** An inbound call the log saw arrive (offered or blocked). */
  inbound: boolean;
  /** The queue stay under way: outcomes count in the interval the call entered it. */
  entry?: { queueId: number; atMs: number };
  /** The agent on the call now, and the queue it came through. */
  handler?: { agentId: number; queueId: number };
  heldAtMs?: number;
  /** A consultation started by this agent, counted once it completes. */
  consultBy?: { agentId: number; queueId: number };
  selfServed: boolean;
  reachedQueue: boolean;
}

export function newCallTrack(): CallTrack {
  return { inbound: false, selfServed: false, reachedQueue: false };
}

/** Counter deltas for one row key: `atMs` is any instant inside the 15-minute interval. */
export interface Fact {
  atMs: number;
  queueId: number;
  agentId: number;
  counters: Partial<Counters>;
}

/** What the facts need to know beyond the call's own events. */
export interface FactContext {
  /** The queue's service-level threshold T in seconds (KPI.md: default 20). */
  serviceLevelSeconds(queueId: number): number;
  /** For a call the log never saw arrive: its row, when it is an outbound call. */
  outboundCall(callId: string): { startedMs: number; answered: boolean } | undefined;
}

/** KPI.md: a ring is a 6 s cadence unless the trunk says otherwise. */
export const RING_CADENCE_MS = 6000;

function num(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

/**
 * Applies one event to its call's track and returns what it adds to the rollups. Pure
 * but for `ctx`, so the live feed and a rebuild from the log give the same sums.
 *
 * Where each figure is counted: queue outcomes (answered, abandoned, waits) in the
 * interval and queue the call entered; talk, ACW and handled calls when the agent's work
 * on the call is done; hold when it ends; transfers when the agent hands the call on
 * (blind) or the consulted agent takes it; rings and IVR self-service in the interval the
 * call arrived.
 */
export function callFacts(track: CallTrack, e: LoggedCallEvent, ctx: FactContext): Fact[] {
  const center = (atMs: number, counters: Partial<Counters>): Fact => ({
    atMs,
    queueId: 0,
    agentId: 0,
    counters,
  });
  switch (e.type) {
    case "call.offered":
      track.inbound = true;
      track.offeredAtMs = e.atMs;
      return [center(e.atMs, { incoming: 1 })];
    case "call.blocked": {
      // Refused at the trunk (a call of its own) or by a closed IVR after it was offered
      // (already counted as incoming).
      const counters: Partial<Counters> = track.inbound
        ? { blocked: 1 }
        : { incoming: 1, blocked: 1 };
      track.inbound = true;
      return [center(track.offeredAtMs ?? e.atMs, counters)];
    }
    case "call.answered": {
      if (track.offeredAtMs === undefined) return [];
      const rang = Math.max(0, e.atMs - track.offeredAtMs);
      return [
        center(track.offeredAtMs, { rung_calls: 1, rings: Math.ceil(rang / RING_CADENCE_MS) }),
      ];
    }
    case "queue.blocked":
      return e.queueId === null
        ? []
        : [{ atMs: e.atMs, queueId: e.queueId, agentId: 0, counters: { blocked: 1 } }];
    case "queue.entered":
      if (e.queueId === null) return [];
      track.entry = { queueId: e.queueId, atMs: e.atMs };
      track.reachedQueue = true;
      return [{ atMs: e.atMs, queueId: e.queueId, agentId: 0, counters: { offered: 1 } }];
    case "queue.answered":
    case "queue.abandoned":
    case "queue.overflowed":
    case "queue.moved":
      return queueOutcome(track, e, ctx);
    case "transfer.handover":
      return handover(track, e);
    case "transfer.cancelled":
      track.consultBy = undefined;
      return [];
    case "transfer.completed": {
      // The caller's hold during the consultation was the first agent's.
      const facts: Fact[] = endHold(track, e.atMs);
      const consult = track.consultBy;
      if (consult) {
        facts.push({
          atMs: e.atMs,
          queueId: consult.queueId,
          agentId: consult.agentId,
          counters: { transfers_consulted: 1 },
        });
        track.consultBy = undefined;
      }
      if (e.agentId !== null) {
        track.handler = { agentId: e.agentId, queueId: track.handler?.queueId ?? e.queueId ?? 0 };
      }
      return facts;
    }
    case "call.held":
      track.heldAtMs ??= e.atMs;
      return [];
    case "call.resumed":
      return endHold(track, e.atMs);
    case "agent.work_done": {
      if (e.agentId === null) return [];
      const queueId = track.handler?.queueId ?? e.queueId ?? 0;
      return [{
        atMs: e.atMs,
        queueId,
        agentId: e.agentId,
        counters: { handled: 1, talk_ms: num(e.data.talk_ms), acw_ms: num(e.data.acw_ms) },
      }];
    }
    case "ivr.self_service":
      if (e.data.found === true) track.selfServed = true;
      return [];
    case "call.ended":
      return callEnded(track, e, ctx);
    default:
      return [];
  }
}

function queueOutcome(track: CallTrack, e: LoggedCallEvent, ctx: FactContext): Fact[] {
  const entry = track.entry ??
    (e.queueId === null ? undefined : { queueId: e.queueId, atMs: e.atMs });
  if (!entry) return [];
  track.entry = undefined;
  const wait = num(e.data.wait_ms);
  const c: Partial<Counters> = { max_wait_ms: wait, queued: wait > 0 ? 1 : 0 };
  let agentId = 0;
  if (e.type === "queue.answered") {
    c.answered = 1;
    c.answered_wait_ms = wait;
    c.answered_within = wait <= ctx.serviceLevelSeconds(entry.queueId) * 1000 ? 1 : 0;
    if (e.agentId !== null) {
      agentId = e.agentId;
      track.handler = { agentId, queueId: entry.queueId };
    }
  } else if (e.type === "queue.abandoned") {
    c.abandoned = 1;
    if (e.data.short === true || e.data.short === 1) c.short_abandoned = 1;
    else c.abandoned_wait_ms = wait;
  }
  return [{ atMs: entry.atMs, queueId: entry.queueId, agentId, counters: c }];
}

function handover(track: CallTrack, e: LoggedCallEvent): Fact[] {
  if (e.agentId === null) return [];
  const queueId = track.handler?.queueId ?? e.queueId ?? 0;
  if (e.data.mode === "blind") {
    return [{ atMs: e.atMs, queueId, agentId: e.agentId, counters: { transfers_blind: 1 } }];
  }
  // A consultation or conference is a (consulted) transfer only once the second agent
  // takes the call and the first leaves it; one where the first agent stays is not.
  if (e.data.mode === "consult" || e.data.mode === "conference") {
    track.consultBy = { agentId: e.agentId, queueId };
  }
  return [];
}

function endHold(track: CallTrack, atMs: number): Fact[] {
  const held = track.heldAtMs;
  track.heldAtMs = undefined;
  if (held === undefined || !track.handler) return [];
  return [{
    atMs,
    queueId: track.handler.queueId,
    agentId: track.handler.agentId,
    counters: { hold_ms: Math.max(0, atMs - held) },
  }];
}

function callEnded(track: CallTrack, e: LoggedCallEvent, ctx: FactContext): Fact[] {
  const facts = endHold(track, e.atMs);
  if (track.inbound) {
    if (track.selfServed && !track.reachedQueue && track.offeredAtMs !== undefined) {
      facts.push({
        atMs: track.offeredAtMs,
        queueId: 0,
        agentId: 0,
        counters: { ivr_completed: 1 },
      });
    }
    return facts;
  }
  const out = ctx.outboundCall(e.callId);
  if (out) {
    facts.push({
      atMs: out.startedMs,
      queueId: 0,
      agentId: 0,
      counters: { outbound_dialed: 1, outbound_connected: out.answered ? 1 : 0 },
    });
  }
  return facts;
}
