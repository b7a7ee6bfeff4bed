import { OUTBOUND_REASON } from "../acd/mod.ts";
import type { AcdRunner } from "./acd_runner.ts";
import type { AgentStates } from "./agent_states.ts";
import { type AgentInfo, agentKey, queueKey } from "./queue_config.ts";

/**
 * Agents taken off inbound calls for calls out (click-to-call, callbacks, campaigns),
 * and what a campaign's dialler may know of a queue before it takes one.
 */
export class OutboundSeats {
  constructor(
    private readonly deps: {
      acd: AcdRunner;
      agents: Pick<AgentStates, "of" | "registered">;
    },
  ) {}

  /**
   * Takes a ready agent for a call out: the ACD offers them no inbound call until
   * {@link release}. False when they are not ready.
   */
  take(userId: number): boolean {
    if (!this.deps.agents.of(userId)) return false;
    return this.deps.acd.input((e) => e.outboundStarted(agentKey(userId))) ?? false;
  }

  release(userId: number): void {
    if (!this.deps.agents.of(userId)) return;
    this.deps.acd.input((e) => e.outboundEnded(agentKey(userId)));
  }

  /**
   * A queue's agents who could take a call out now, longest idle first (ready, with a
   * registered phone), and how many inbound callers wait there: callers come first.
   */
  available(queueId: number): { agents: AgentInfo[]; waiting: number } {
    const { acd, agents: states } = this.deps;
    const engine = acd.engine;
    const key = queueKey(queueId);
    let waiting = 0;
    try {
      const snapshot = engine.snapshot(key);
      waiting = snapshot.callsWaiting - snapshot.callbacksWaiting;
    } catch {
      return { agents: [], waiting: 0 };
    }
    const agents = engine.agents()
      .filter((a) => a.state === "ready" && a.queueIds.includes(key))
      .sort((a, b) => a.since - b.since)
      .map((a) => acd.setup.agents.get(a.id))
      .filter((a): a is AgentInfo => !!a && states.registered(a));
    return { agents, waiting };
  }

  /**
   * What a campaign's blending rule looks at besides ready agents and waiting callers:
   * the queue's agents on calls out now, and its service level today (percent).
   */
  blendFacts(queueId: number): { onOutbound: number; serviceLevel: number | null } {
    const engine = this.deps.acd.engine;
    const key = queueKey(queueId);
    let serviceLevel: number | null = null;
    try {
      serviceLevel = engine.snapshot(key).serviceLevel;
    } catch {
      return { onOutbound: 0, serviceLevel: null };
    }
    const onOutbound =
      engine.agents().filter((a) =>
        a.state === "not_ready" && a.reason === OUTBOUND_REASON && a.queueIds.includes(key)
      ).length;
    return { onOutbound, serviceLevel };
  }
}
