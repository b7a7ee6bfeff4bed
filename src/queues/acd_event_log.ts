import type { AcdEvent, AcdEventType } from "../acd/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import type { EventHub } from "../events/mod.ts";
import type { CallJournal } from "../call_history/mod.ts";
import type { AcdSetup } from "./queue_config.ts";

/** The engine's event kinds as `call_events` types (the names reports and the wallboard read). */
export const CALL_EVENT_TYPES: Record<Exclude<AcdEventType, "agent_state">, string> = {
  call_queued: "queue.entered",
  call_blocked: "queue.blocked",
  call_offered: "queue.offered",
  call_not_answered: "queue.not_answered",
  call_requeued: "queue.requeued",
  call_answered: "queue.answered",
  call_abandoned: "queue.abandoned",
  call_overflowed: "queue.overflowed",
  call_moved: "queue.moved",
  call_priority_changed: "queue.priority_changed",
  call_callback_requested: "queue.callback_requested",
  call_announced: "queue.announced",
  call_ended: "queue.call_ended",
  call_transfer_offered: "transfer.offered",
  call_transfer_cancelled: "transfer.cancelled",
  call_transferred: "transfer.completed",
};

/**
 * Writes the ACD's state changes down: call events to `call_events` (and so to the
 * event hub), agent state changes to `agent_state_log` and the hub as `agent.state`.
 * An agent's state has no call of its own, so only the two that close work on a call
 * also go to that call's events: `agent.wrap_up` and `agent.work_done` (talk, ACW and
 * handle time, which the agents' figures are computed from).
 */
export class AcdEventLog {
  readonly #lastCall = new Map<string, { callId: string; talkMs: number }>();

  constructor(
    private readonly deps: { db: Database; journal: CallJournal; hub: EventHub },
  ) {}

  write(e: AcdEvent, setup: AcdSetup): void {
    const queue = e.queueId ? setup.queues.get(e.queueId) : undefined;
    const agent = e.agentId ? setup.agents.get(e.agentId) : undefined;
    if (e.type === "agent_state") {
      this.#agentState(e, agent?.userId ?? Number(e.agentId), agent?.username);
      return;
    }
    const callId = e.callId!;
    const data: Record<string, unknown> = {};
    if (queue) data.queue = queue.name;
    if (agent) data.agent = agent.username;
    const fromAgent = e.fromAgentId ? setup.agents.get(e.fromAgentId) : undefined;
    if (fromAgent) data.from_agent = fromAgent.username;
    if (e.priority !== undefined) data.priority = e.priority;
    if (e.position !== undefined) data.position = e.position;
    if (e.reason !== undefined) data.reason = e.reason;
    if (e.waitMs !== undefined) data.wait_ms = e.waitMs;
    if (e.talkMs !== undefined) data.talk_ms = e.talkMs;
    if (e.ewtSeconds !== undefined) data.ewt_s = e.ewtSeconds;
    if (e.target) data.target = apiTarget(e.target, setup);
    if (e.outcome) data.outcome = e.outcome;
    if (e.short !== undefined) data.short = e.short;
    if (e.callback) data.callback = true;
    const refs = { queueId: queue?.id ?? null, agentId: agent?.userId ?? null };
    this.deps.journal.event(callId, CALL_EVENT_TYPES[e.type], data, refs);
    if (e.type === "call_queued") this.deps.journal.update(callId, { queueId: refs.queueId });
    if (e.type === "call_answered" && e.agentId) {
      this.#lastCall.set(e.agentId, { callId, talkMs: 0 });
    }
    if (e.type === "call_ended" && e.agentId) {
      this.#lastCall.set(e.agentId, { callId, talkMs: e.talkMs ?? 0 });
    }
    // A transfer ends the first agent's talk and starts the second's; a conference member
    // whose caller hung up wraps up the call too.
    if (e.type === "call_transferred" && e.fromAgentId) {
      this.#lastCall.set(e.fromAgentId, { callId, talkMs: e.talkMs ?? 0 });
      if (e.agentId) this.#lastCall.set(e.agentId, { callId, talkMs: 0 });
    }
    if (e.type === "call_transfer_cancelled" && e.agentId && e.talkMs !== undefined) {
      this.#lastCall.set(e.agentId, { callId, talkMs: e.talkMs });
    }
  }

  /** The call an agent handled last (the one its wrap-up is for). */
  lastCallOf(agentKey: string): string | undefined {
    return this.#lastCall.get(agentKey)?.callId;
  }

  #agentState(e: AcdEvent, userId: number, username: string | undefined): void {
    const { db, hub, journal } = this.deps;
    const at = isoTime(e.at);
    db.runGrouped(
      "INSERT INTO agent_state_log (user_id, at, state, reason) VALUES (?, ?, ?, ?)",
      userId,
      at,
      e.to!,
      e.reason ?? null,
    );
    hub.publish("agent.state", {
      agent_id: userId,
      username: username ?? null,
      from: e.from,
      state: e.to,
      reason: e.reason ?? null,
    });
    const last = this.#lastCall.get(e.agentId!);
    if (!last) return;
    if (e.to === "wrap_up") {
      journal.event(last.callId, "agent.wrap_up", { agent: username }, { agentId: userId });
    }
    if (e.handleMs !== undefined) {
      journal.event(last.callId, "agent.work_done", {
        agent: username,
        handle_ms: e.handleMs,
        talk_ms: last.talkMs,
        acw_ms: Math.max(0, e.handleMs - last.talkMs),
      }, { agentId: userId });
    }
  }
}

function apiTarget(target: NonNullable<AcdEvent["target"]>, setup: AcdSetup) {
  if (target.kind !== "queue") return target;
  const q = setup.queues.get(target.queueId);
  return { kind: "queue", queue_id: q?.id ?? Number(target.queueId), queue: q?.name ?? null };
}
