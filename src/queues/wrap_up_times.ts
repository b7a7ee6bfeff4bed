import type { AcdEvent } from "../acd/mod.ts";
import type { AcdEventLog } from "./acd_event_log.ts";
import type { AcdRunner } from "./acd_runner.ts";
import type { AgentStates } from "./agent_states.ts";
import { agentKey } from "./queue_config.ts";
import { QueueDeskError } from "./queue_desk_error.ts";

/**
 * When each agent's wrap-up ends, for the agent desktop's countdown. The engine's views
 * do not say, so it is worked out from the ACD's events: the queue of the agent's last
 * talk gives the wrap-up time and its maximum.
 */
export class WrapUpTimes {
  readonly #ends = new Map<string, { startedAt: number; endsAt: number; maxMs: number }>();
  /** The queue of each agent's last talk, whose wrap-up rules apply after it. */
  readonly #talkQueue = new Map<string, string>();

  constructor(
    private readonly deps: {
      acd: AcdRunner;
      events: Pick<AcdEventLog, "lastCallOf">;
      agents: Pick<AgentStates, "of">;
    },
  ) {}

  /** Follows an event the engine recorded. */
  heard(e: AcdEvent): void {
    if (e.type === "call_ended" && e.agentId && e.queueId) {
      this.#talkQueue.set(e.agentId, e.queueId);
    }
    if (e.type === "call_transferred" && e.fromAgentId && e.queueId) {
      this.#talkQueue.set(e.fromAgentId, e.queueId);
    }
    if (e.type === "call_transfer_cancelled" && e.agentId && e.queueId && e.talkMs !== undefined) {
      this.#talkQueue.set(e.agentId, e.queueId);
    }
    if (e.type === "agent_state" && e.to === "wrap_up" && e.agentId) {
      const queues = this.deps.acd.setup.config.queues;
      const q = queues.find((q) => q.id === this.#talkQueue.get(e.agentId!));
      if (q) {
        this.#ends.set(e.agentId, {
          startedAt: e.at,
          endsAt: e.at + q.wrapUpSeconds * 1000,
          maxMs: q.maxWrapUpSeconds * 1000,
        });
      }
    }
  }

  /** When the agent's wrap-up ends (clock ms), while in wrap-up. */
  endsAt(userId: number): number | undefined {
    const key = agentKey(userId);
    return this.deps.acd.engine.agent(key).state === "wrap_up"
      ? this.#ends.get(key)?.endsAt
      : undefined;
  }

  extend(userId: number, seconds: number): number {
    const key = agentKey(userId);
    if (!this.deps.agents.of(userId)) throw new QueueDeskError("not_found", `Agent ${userId}`);
    const ok = this.deps.acd.input((e) => e.wrapUpExtended(key, seconds), (error) => {
      if (error instanceof RangeError) throw new QueueDeskError("invalid", error.message);
    });
    const wrap = this.#ends.get(key);
    if (!ok || !wrap) {
      throw new QueueDeskError(
        "conflict",
        "The agent is not in wrap-up, or the wrap-up is already at the queue's maximum",
      );
    }
    wrap.endsAt = Math.min(wrap.endsAt + seconds * 1000, wrap.startedAt + wrap.maxMs);
    return wrap.endsAt;
  }

  /** Ends the agent's wrap-up when it is for this call (the disposition is saved). */
  finish(userId: number, callId: string): boolean {
    const key = agentKey(userId);
    if (this.deps.events.lastCallOf(key) !== callId) return false;
    return this.deps.acd.input((e) => e.agent(key).state === "wrap_up" && e.wrapUpFinished(key)) ===
      true;
  }
}
