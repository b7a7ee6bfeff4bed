import type { CallJournal } from "../call_history/mod.ts";
import { type AgentInfo, agentKey, type QueueDefinition } from "./queue_config.ts";
import type { QueueDesk } from "./queue_desk.ts";
import { QueueDeskError } from "./queue_desk_error.ts";
import type { TransferMode } from "./call_transfer.ts";
import type { QueuedCall } from "./queued_call.ts";

/** Where a transfer goes. `target` is an extension, username or user id; a queue name or id. */
export interface TransferRequest {
  target: string;
  targetType: "agent" | "queue" | "external";
  mode: TransferMode;
  /** The case the receiving agent should see first, and a note for them. */
  caseId?: number | null;
  note?: string;
}

/** Who asks: the call's own agent, or a supervisor acting on any call. */
export interface TransferActor {
  userId: number;
  supervisor: boolean;
}

export interface TransferStarted {
  state: "ringing" | "queued";
  mode: TransferMode;
  target:
    | { type: "agent"; user_id: number; username: string; extension: string | null }
    | { type: "queue"; queue_id: number; name: string }
    | { type: "external"; number: string };
}

/** How long a transfer target's phone rings before the transfer is given up. */
const TRANSFER_RING_SECONDS = 30;

/**
 * Transfers and conferences asked for through the API: it checks who asks and where the
 * call may go, reserves the target agent in the ACD, and has the {@link QueuedCall} ring
 * them; completing, cancelling and merging act on the transfer under way.
 */
export class TransferDesk {
  constructor(private readonly deps: { desk: QueueDesk; journal: CallJournal }) {}

  async start(callId: string, actor: TransferActor, request: TransferRequest) {
    const qc = this.#ownCall(callId, actor);
    if (qc.transfer) {
      throw new QueueDeskError(
        "conflict",
        "A transfer is already under way on this call; complete or cancel it first",
      );
    }
    const from = this.#agentOf(qc);
    if (request.targetType === "external") return await this.#outside(qc, from, request);
    if (request.targetType === "queue") {
      if (request.mode === "conference") {
        throw new QueueDeskError("invalid", "A conference needs an agent, not a queue");
      }
      const queue = this.#queue(request.target);
      this.#handover(qc, from, { queue: queue.name }, request);
      if (!this.deps.desk.requeue(qc, queue.id, "transfer")) {
        throw new QueueDeskError("conflict", `Call ${callId} could not be queued again`);
      }
      return {
        state: "queued",
        mode: "blind",
        target: { type: "queue", queue_id: queue.id, name: queue.name },
      } satisfies TransferStarted;
    }
    const to = this.#agent(request.target);
    if (to.userId === from?.userId) {
      throw new QueueDeskError("invalid", "The call is already with that agent");
    }
    const reserved = this.deps.desk.engineInput((e) =>
      e.transferOffered(callId, agentKey(to.userId))
    );
    if (!reserved) {
      const state = this.deps.desk.engine.agent(agentKey(to.userId)).state;
      throw new QueueDeskError(
        "conflict",
        `${to.username} is ${state.replace("_", " ")}; only a ready agent can take a transfer`,
      );
    }
    this.#handover(qc, from, { agent: to.username }, request);
    const dialed = await qc.transferTo(agentKey(to.userId), request.mode, TRANSFER_RING_SECONDS);
    if (dialed === "unreachable") {
      throw new QueueDeskError(
        "conflict",
        `${to.username} has no registered phone or browser to ring`,
      );
    }
    return {
      state: "ringing",
      mode: request.mode,
      target: { type: "agent", user_id: to.userId, username: to.username, extension: to.extension },
    } satisfies TransferStarted;
  }

  complete(callId: string, actor: TransferActor): void {
    const qc = this.#ownCall(callId, actor);
    if (!qc.transfer) throw new QueueDeskError("conflict", "No transfer is under way on this call");
    if (!qc.completeTransfer()) {
      throw new QueueDeskError(
        "conflict",
        "The transfer target has not answered yet; wait, or cancel the transfer",
      );
    }
  }

  cancel(callId: string, actor: TransferActor): void {
    const qc = this.#ownCall(callId, actor);
    if (!qc.cancelTransfer()) {
      throw new QueueDeskError("conflict", "No transfer is under way on this call");
    }
  }

  /** Merges the consultation under way into a three-way conference. */
  merge(callId: string, actor: TransferActor): void {
    const qc = this.#ownCall(callId, actor);
    if (!qc.mergeConference()) {
      throw new QueueDeskError(
        "conflict",
        "Nobody to conference with: start a consultation and wait for the answer first",
      );
    }
  }

  /**
   * Rings an outside number through the trunk the call came in on (the office PBX). The
   * ACD lets go of the call once the outside party answers and takes it.
   */
  async #outside(qc: QueuedCall, from: AgentInfo | undefined, request: TransferRequest) {
    const number = request.target.replace(/[\s()-]/g, "");
    if (!/^\+?\d{3,20}$/.test(number)) {
      throw new QueueDeskError(
        "invalid",
        `"${request.target}" is not a phone number: use digits, optionally with a leading +`,
      );
    }
    if (request.mode === "conference") {
      throw new QueueDeskError("invalid", "A conference needs an agent, not an outside number");
    }
    this.#handover(qc, from, { number }, request);
    const dialed = await qc.transferTo(
      `outside:${number}`,
      request.mode,
      TRANSFER_RING_SECONDS,
      number,
    );
    if (dialed === "unreachable") {
      throw new QueueDeskError(
        "conflict",
        "The call came in on no trunk that can ring outside numbers",
      );
    }
    return {
      state: "ringing",
      mode: request.mode,
      target: { type: "external", number },
    } satisfies TransferStarted;
  }

  /** The note and case the sender left, for the receiving agent's screen pop. */
  #handover(
    qc: QueuedCall,
    from: AgentInfo | undefined,
    to: { agent?: string; queue?: string; number?: string },
    request: TransferRequest,
  ): void {
    this.deps.journal.event(qc.call.id, "transfer.handover", {
      from_agent: from?.username ?? null,
      from_name: from?.name ?? null,
      to_agent: to.agent ?? null,
      to_queue: to.queue ?? null,
      to_number: to.number ?? null,
      mode: request.mode,
      case_id: request.caseId ?? null,
      note: request.note?.trim() || null,
    }, { agentId: from?.userId ?? null, queueId: qc.queueDbId });
  }

  #ownCall(callId: string, actor: TransferActor): QueuedCall {
    const qc = this.deps.desk.live(callId);
    if (!qc || qc.done || qc.agentKey === undefined) {
      throw new QueueDeskError("not_found", `Call ${callId} with an agent on it`);
    }
    if (!actor.supervisor && qc.agentKey !== agentKey(actor.userId)) {
      throw new QueueDeskError(
        "conflict",
        "Only the agent on the call, or a supervisor, may transfer it",
      );
    }
    return qc;
  }

  #agentOf(qc: QueuedCall): AgentInfo | undefined {
    return qc.agentKey === undefined ? undefined : this.deps.desk.setup.agents.get(qc.agentKey);
  }

  #agent(target: string): AgentInfo {
    const wanted = target.trim().toLowerCase();
    for (const a of this.deps.desk.setup.agents.values()) {
      if (
        a.extension === wanted || a.username.toLowerCase() === wanted ||
        String(a.userId) === wanted
      ) return a;
    }
    throw new QueueDeskError("not_found", `Agent "${target}" (an extension, username or id)`);
  }

  #queue(target: string): QueueDefinition {
    const wanted = target.trim().toLowerCase();
    for (const q of this.deps.desk.setup.queues.values()) {
      if (q.name.toLowerCase() === wanted || String(q.id) === wanted) return q;
    }
    throw new QueueDeskError("not_found", `Queue "${target}" (a name or id)`);
  }
}
