import type { CancelTimer } from "../clock/mod.ts";
import type { Agent } from "./agent.ts";
import { type AgentState, transitionAgent } from "./agent_state.ts";
import type { AcdEvent } from "./output.ts";
import type { Queue } from "./queue.ts";
import type { WaitingCall } from "./waiting_call.ts";

/** What agent bookkeeping needs from the engine. */
export interface AgentWorkHooks {
  now(): number;
  timer(ms: number, fn: () => void): CancelTimer;
  emit(event: Omit<AcdEvent, "at">): void;
  /** The agent just became ready: offer it the best waiting call. */
  serve(agent: Agent): void;
  /** The agent just logged out: release what was held for it. */
  released(agent: Agent): void;
}

/**
 * An agent's working day: state changes through the guarded transition, the queues'
 * ready sets and staffing counts kept in step with them, talk and wrap-up accounting,
 * and states the agent asked for while busy ("not ready after this call").
 */
export class AgentWork {
  constructor(readonly hooks: AgentWorkHooks) {}

  logIn(agent: Agent, initial: "ready" | "not_ready"): boolean {
    if (agent.state !== "logged_out") return false;
    this.#set(agent, initial, initial === "not_ready" ? "login" : undefined);
    return true;
  }

  /** Logs out now, or after the call in progress. A ringing offer must be withdrawn first. */
  logOut(agent: Agent, reason: string): boolean {
    switch (agent.state) {
      case "logged_out":
        return false;
      case "on_call":
        agent.pending = { state: "logged_out", reason };
        return true;
      case "wrap_up":
        agent.pending = { state: "logged_out", reason };
        this.#closeWork(agent);
        return true;
      default:
        agent.call = undefined;
        this.#set(agent, "logged_out", reason);
        return true;
    }
  }

  ready(agent: Agent): boolean {
    switch (agent.state) {
      case "logged_out":
        return false;
      case "ready":
        return true;
      case "not_ready":
        this.#set(agent, "ready");
        return true;
      case "wrap_up":
        agent.pending = undefined;
        this.#closeWork(agent);
        return true;
      default:
        // Ringing or talking: cancel any "not ready after this call".
        agent.pending = undefined;
        return true;
    }
  }

  /** Not ready now, or after the call and wrap-up. A ringing offer must be withdrawn first. */
  notReady(agent: Agent, reason: string): boolean {
    switch (agent.state) {
      case "logged_out":
        return false;
      case "on_call":
      case "wrap_up":
        agent.pending = { state: "not_ready", reason };
        return true;
      default:
        agent.call = undefined;
        this.#set(agent, "not_ready", reason);
        return true;
    }
  }

  reserve(agent: Agent, call: WaitingCall): void {
    this.#set(agent, "ringing");
    agent.call = call;
  }

  /** The offer to this agent was taken back for a reason that is not the agent's fault. */
  withdraw(agent: Agent, reason: string): void {
    agent.call = undefined;
    this.#set(agent, "ready", reason, { keepIdle: true });
  }

  /** Ring no answer or a refusal: the agent is made not ready so calls stop going there. */
  ronaNotReady(agent: Agent): void {
    agent.call = undefined;
    this.#set(agent, "not_ready", "rona");
  }

  startTalk(agent: Agent, call: WaitingCall): void {
    this.#set(agent, "on_call");
    agent.call = call;
    agent.callsToday++;
  }

  /** A reserved agent picked up to consult (or conference) on someone else's call. */
  consult(agent: Agent): void {
    this.#set(agent, "on_call");
  }

  /** The agent, already talking on the call in a consultation, now owns it. */
  takeOver(agent: Agent, call: WaitingCall): void {
    agent.call = call;
    agent.callsToday++;
  }

  endTalk(agent: Agent, queue: Queue, talkMs: number): void {
    agent.call = undefined;
    agent.talkMs = talkMs;
    agent.wrapQueue = queue;
    agent.handleMsToday += talkMs;
    const wrapMs = queue.config.wrapUpSeconds * 1000;
    if (agent.pending?.state === "logged_out" || wrapMs === 0) {
      this.#closeWork(agent);
      return;
    }
    this.#set(agent, "wrap_up");
    const now = this.hooks.now();
    agent.wrapStartedAt = now;
    agent.wrapEndsAt = now + wrapMs;
    agent.wrapTimer = this.hooks.timer(wrapMs, () => this.#closeWork(agent));
  }

  finishWrapUp(agent: Agent): boolean {
    if (agent.state !== "wrap_up") return false;
    this.#closeWork(agent);
    return true;
  }

  /** Moves the end of wrap-up later, never past the queue's maximum wrap-up. */
  extendWrapUp(agent: Agent, seconds: number): boolean {
    if (agent.state !== "wrap_up" || !agent.wrapQueue) return false;
    const limit = agent.wrapStartedAt + agent.wrapQueue.config.maxWrapUpSeconds * 1000;
    const end = Math.min(agent.wrapEndsAt + seconds * 1000, limit);
    if (end <= agent.wrapEndsAt) return false;
    agent.wrapTimer?.();
    agent.wrapEndsAt = end;
    agent.wrapTimer = this.hooks.timer(end - this.hooks.now(), () => this.#closeWork(agent));
    return true;
  }

  /** Ends the work on a call: handle time counted, then the pending state or ready. */
  #closeWork(agent: Agent): void {
    const acw = agent.state === "wrap_up" ? this.hooks.now() - agent.wrapStartedAt : 0;
    agent.wrapTimer?.();
    agent.wrapTimer = undefined;
    agent.handleMsToday += acw;
    const handleMs = agent.talkMs + acw;
    agent.wrapQueue?.recordHandle(handleMs);
    agent.wrapQueue = undefined;
    const pending = agent.pending;
    agent.pending = undefined;
    this.#set(agent, pending?.state ?? "ready", pending?.reason, { handleMs });
  }

  #set(
    agent: Agent,
    to: AgentState,
    reason?: string,
    extra: { keepIdle?: boolean; handleMs?: number } = {},
  ): void {
    const from = agent.state;
    transitionAgent(agent.id, from, to);
    const wasIn = from !== "logged_out";
    const isIn = to !== "logged_out";
    const wasStaffed = wasIn && from !== "not_ready";
    const isStaffed = isIn && to !== "not_ready";
    const wasReady = from === "ready";
    const isReady = to === "ready";
    for (const m of agent.memberships) {
      const q = m.queue;
      if (wasIn !== isIn) q.loggedInByLevel[m.level] += isIn ? 1 : -1;
      if (wasStaffed !== isStaffed) q.staffed += isStaffed ? 1 : -1;
      if (wasReady !== isReady) {
        if (isReady) q.ready.add(m);
        else q.ready.delete(m);
      }
    }
    const now = this.hooks.now();
    agent.state = to;
    agent.reason = to === "not_ready" || to === "logged_out" ? reason : undefined;
    agent.since = now;
    if (isReady && !extra.keepIdle) agent.idleSince = now;
    this.hooks.emit({
      type: "agent_state",
      agentId: agent.id,
      from,
      to,
      reason,
      handleMs: extra.handleMs,
    });
    if (to === "logged_out") this.hooks.released(agent);
    else if (to === "ready") this.hooks.serve(agent);
  }
}
