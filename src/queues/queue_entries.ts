import type { Call, CallService } from "../calls/mod.ts";
import type { CallJournal } from "../call_history/mod.ts";
import type { Clock } from "../clock/mod.ts";
import type { Database } from "../db/mod.ts";
import type { PromptAudio, QueueRequest } from "../ivr/mod.ts";
import type { Logger } from "../log/mod.ts";
import type { Trunk } from "../sip/mod.ts";
import type { AcdRunner } from "./acd_runner.ts";
import { agentKey, type QueueDefinition, queueKey } from "./queue_config.ts";
import type { QueueContacts } from "./queue_contacts.ts";
import type { QueueExits } from "./queue_exits.ts";
import { QueuedCall, type QueuedCallHost } from "./queued_call.ts";

/**
 * How calls come to the desk: into a queue (the IVR's queue node), straight to an
 * agent's number, and back into a queue from an agent. It makes the {@link QueuedCall}s
 * and is what they call on when their agents connect, hand over or hang up.
 */
export class QueueEntries {
  readonly #host: QueuedCallHost;
  #saidNoPrompts = false;

  constructor(
    private readonly deps: {
      /** The calls the desk holds, by call id. */
      held: Map<string, QueuedCall>;
      acd: AcdRunner;
      contacts: QueueContacts;
      exits: Pick<QueueExits, "finished" | "toSurvey">;
      input: QueuedCallHost["input"];
      db: Database;
      calls: CallService;
      journal: CallJournal;
      clock: Clock;
      log: Logger;
      prompts?: PromptAudio;
      trunks?: { byId(id: number): Trunk | undefined };
    },
  ) {
    const { contacts, exits, log } = deps;
    this.#host = {
      calls: deps.calls,
      log,
      journal: deps.journal,
      prompts: deps.prompts,
      agentInfo: (key) => deps.acd.setup.agents.get(key),
      input: deps.input,
      clock: deps.clock,
      connected: (call, agent) => contacts.opened(call, agent),
      transferred: (call, to) => {
        contacts.closed(call);
        contacts.opened(call, to);
      },
      requeue: (call, reason) => queueMicrotask(() => this.requeue(call, undefined, reason)),
      leftForOutside: (call) => {
        contacts.closed(call);
        call.interactionId = undefined;
      },
      trunk: (id) => deps.trunks?.byId(id),
      finished: (call) => exits.finished(call),
      agentHungUp: (call) => exits.toSurvey(call),
      cannotSpeak: (callId) => {
        if (this.#saidNoPrompts) return;
        this.#saidNoPrompts = true;
        log.info("queue announcements skipped: no prompt audio is configured", {
          call_id: callId,
        });
      },
    };
  }

  enqueue(call: Call, request: QueueRequest): void {
    const { acd, contacts, journal, log } = this.deps;
    if (call.ended) return;
    const queue = this.#findQueue(request);
    if (!queue) {
      log.warn("call sent to a queue that does not exist; hanging up", {
        call_id: call.id,
        queue: request.queueName ?? request.queueId ?? null,
      });
      journal.event(call.id, "queue.unknown", {
        queue: request.queueName ?? request.queueId ?? null,
      });
      call.endCause = "unknown_queue";
      this.deps.calls.hangup(call.id);
      return;
    }
    if (acd.engine.call(call.id)) {
      log.warn("call is already queued; ignoring the second request", { call_id: call.id });
      return;
    }
    const who = contacts.profile(call, request);
    const qc = new QueuedCall(call, who.language, this.#host);
    qc.customerId = who.customerId;
    qc.queueDbId = queue.id;
    qc.surveyFlowId = request.surveyFlowId;
    this.deps.held.set(call.id, qc);
    if (call.state !== "queued") call.transition("queued");
    journal.update(call.id, {
      state: call.state,
      queueId: queue.id,
      customerId: who.customerId,
    });
    void qc.startMusic(queue.options.music_on_hold);
    const known = new Set(
      this.deps.db.all<{ name: string }>("SELECT name FROM skills").map((s) => s.name),
    );
    const skills = (request.skills ?? []).filter((s) => known.has(s));
    const priority = Math.max(0, Math.min(100, Math.round(request.priority ?? 0)));
    const entered = acd.input((e) => {
      e.callEntered({
        callId: call.id,
        queueId: queueKey(queue.id),
        priority,
        vip: who.vip,
        skills: skills.map((skill) => ({ skill })),
        lastAgentId: who.lastAgent === undefined ? undefined : agentKey(who.lastAgent),
        customerId: who.customerId === null ? undefined : String(who.customerId),
      });
      return true;
    });
    if (!entered) qc.end("queue_error");
  }

  /** Rings one agent for a call to their own number, past the ACD's queues. */
  ringAgent(call: Call, agentUserId: number): void {
    if (call.ended) return;
    const key = agentKey(agentUserId);
    const qc = new QueuedCall(
      call,
      this.deps.contacts.profile(call, {}).language,
      this.#host,
      true,
    );
    this.deps.held.set(call.id, qc);
    void qc.startMusic();
    void qc.ring(key, undefined);
  }

  /**
   * Sends a connected call back into a queue (its own unless `queueId` says otherwise):
   * the agent's talk ends and their leg is let go, the caller hears music, and the call
   * waits as a new entry. Used for transfers to a queue and blind transfers nobody took.
   */
  requeue(qc: QueuedCall, queueId: number | undefined, reason: string): boolean {
    const { acd, contacts, journal } = this.deps;
    const callId = qc.call.id;
    if (qc.done) return false;
    const view = acd.engine.call(callId);
    const target = queueId !== undefined
      ? queueKey(queueId)
      : view?.queueId ?? (qc.queueDbId === null ? undefined : queueKey(qc.queueDbId));
    if (!target || !acd.setup.queues.get(target)) return false;
    acd.input((e) => e.transferredOut(callId, reason));
    contacts.closed(qc);
    qc.interactionId = undefined;
    qc.detachAgent();
    qc.call.transition("queued");
    journal.update(callId, { state: qc.call.state });
    const entered = acd.input((e) => {
      e.callEntered({
        callId,
        queueId: target,
        priority: view?.priority ?? 0,
        customerId: qc.customerId === null ? undefined : String(qc.customerId),
        // Not straight back to the agent who sent it (they may have no wrap-up).
        sentBy: view?.agentId,
      });
      return true;
    });
    if (!entered) qc.end("queue_error");
    return entered === true;
  }

  #findQueue(request: QueueRequest): QueueDefinition | undefined {
    const { setup } = this.deps.acd;
    if (request.queueId) return setup.queues.get(queueKey(request.queueId));
    const name = request.queueName?.toLowerCase();
    for (const q of setup.queues.values()) if (q.name.toLowerCase() === name) return q;
    return undefined;
  }
}
