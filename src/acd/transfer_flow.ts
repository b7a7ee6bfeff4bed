import type { Agent } from "./agent.ts";
import type { AgentWork } from "./agent_work.ts";
import type { AcdEvent } from "./output.ts";
import type { WaitingCall } from "./waiting_call.ts";

/** What transfers need from the engine that owns them. */
export interface TransferFlowDeps {
  now(): number;
  emit(event: Omit<AcdEvent, "at">): void;
  work: AgentWork;
  /** Takes the call out of the engine (its ACD journey is over). */
  finish(call: WaitingCall): void;
}

/**
 * Transfers and conferences of a connected call. A second agent is reserved for the call
 * (ringing, so no queue offers them anything), may talk to the first (a consultation, or a
 * three-way conference with the caller), and then either takes the call over — the first
 * agent's talk ends and wrap-up starts — or is released. A transfer to a queue takes the
 * call out of the engine so the call layer can queue it again as a new entry.
 */
export class TransferFlow {
  readonly #deps: TransferFlowDeps;

  constructor(deps: TransferFlowDeps) {
    this.#deps = deps;
  }

  /** Reserves `target` for the call. False unless the call is connected and `target` ready. */
  offer(call: WaitingCall, target: Agent): boolean {
    const from = call.agent;
    if (call.state !== "connected" || !from || call.consult || target === from) return false;
    if (target.state !== "ready") return false;
    call.consult = target;
    this.#deps.work.reserve(target, call);
    this.#deps.emit({
      type: "call_transfer_offered",
      callId: call.id,
      agentId: target.id,
      fromAgentId: from.id,
      queueId: call.queue.id,
    });
    return true;
  }

  /** The reserved agent picked up: they now talk to the first agent (or to both parties). */
  answered(call: WaitingCall): boolean {
    const target = call.consult;
    if (!target || target.state !== "ringing") return false;
    this.#deps.work.consult(target);
    return true;
  }

  /** The consultation is over without a transfer: the reserved agent is free again. */
  cancel(call: WaitingCall, reason: string): boolean {
    const target = call.consult;
    if (!target) return false;
    this.#release(call, target, reason);
    this.#deps.work.withdraw(target, reason);
    return true;
  }

  /**
   * The reserved agent takes the call over. The first agent's talk ends here (their
   * handle time is counted and their wrap-up starts); the second agent's starts.
   */
  complete(call: WaitingCall): boolean {
    const target = call.consult;
    const from = call.agent;
    if (!target || !from || call.state !== "connected") return false;
    const now = this.#deps.now();
    const talkMs = now - call.answeredAt;
    call.consult = undefined;
    call.agent = target;
    call.answeredAt = now;
    this.#deps.emit({
      type: "call_transferred",
      callId: call.id,
      agentId: target.id,
      fromAgentId: from.id,
      queueId: call.queue.id,
      talkMs,
    });
    if (target.state === "ringing") this.#deps.work.startTalk(target, call);
    else this.#deps.work.takeOver(target, call);
    this.#deps.work.endTalk(from, call.queue, talkMs);
    return true;
  }

  /**
   * The call leaves its agent for somewhere outside this engine's agents (a queue, an
   * outside number): the agent's talk ends and the engine lets go of the call.
   */
  transferOut(call: WaitingCall, reason: string): boolean {
    const from = call.agent;
    if (!from || call.state !== "connected") return false;
    if (call.consult) this.cancel(call, "transferred_elsewhere");
    const talkMs = this.#deps.now() - call.answeredAt;
    this.#deps.emit({
      type: "call_transferred",
      callId: call.id,
      fromAgentId: from.id,
      queueId: call.queue.id,
      talkMs,
      reason,
    });
    this.#deps.finish(call);
    this.#deps.work.endTalk(from, call.queue, talkMs);
    return true;
  }

  /**
   * The caller hung up. A reserved agent still ringing is simply free again; one who was
   * talking (a conference) wraps up like the call's own agent.
   */
  callEnded(call: WaitingCall): void {
    const target = call.consult;
    if (!target) return;
    if (target.state === "ringing") {
      this.#release(call, target, "caller_hangup");
      this.#deps.work.withdraw(target, "caller_hangup");
      return;
    }
    const talkMs = this.#deps.now() - target.since;
    this.#release(call, target, "caller_hangup", talkMs);
    this.#deps.work.endTalk(target, call.queue, talkMs);
  }

  /** The second agent is no longer part of the call; `talkMs` when they talked on it. */
  #release(call: WaitingCall, target: Agent, reason: string, talkMs?: number): void {
    call.consult = undefined;
    this.#deps.emit({
      type: "call_transfer_cancelled",
      callId: call.id,
      agentId: target.id,
      fromAgentId: call.agent?.id,
      queueId: call.queue.id,
      reason,
      talkMs,
    });
  }
}
