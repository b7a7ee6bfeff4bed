import type {
  AcdEvent,
  AcdOutput,
  Announcement,
  OfferDetails,
  OverflowTarget,
} from "../acd/mod.ts";
import type { Logger } from "../log/mod.ts";
import type { AcdEventLog } from "./acd_event_log.ts";
import type { AcdRunner } from "./acd_runner.ts";
import type { ChatSeats } from "./chat_seats.ts";
import { queueKey } from "./queue_config.ts";
import type { QueueContacts } from "./queue_contacts.ts";
import type { QueueExits } from "./queue_exits.ts";
import type { QueueStatusFeed } from "./queue_status.ts";
import type { QueuedCall, QueuedCallHost } from "./queued_call.ts";
import type { WrapUpTimes } from "./wrap_up_times.ts";

/**
 * The engine's decisions carried out on live calls: offers ring agents and are taken
 * back, announcements are spoken, full queues refuse and overflows leave for voicemail
 * or a callback; chat offers go to the chat seats. Every state change the engine records
 * is written down and moves the wallboard, the agents' wrap-up times and a pending
 * reconfiguration along.
 */
export class AcdDecisions implements AcdOutput {
  #closed = false;

  constructor(
    private readonly deps: {
      /** The calls the desk holds, by call id. */
      held: ReadonlyMap<string, QueuedCall>;
      acd: AcdRunner;
      input: QueuedCallHost["input"];
      chats: ChatSeats;
      events: AcdEventLog;
      feed: QueueStatusFeed;
      wrapUps: Pick<WrapUpTimes, "heard">;
      contacts: QueueContacts;
      exits: Pick<QueueExits, "toVoicemail">;
      log: Logger;
      /** Whether overflows to voicemail can be taken on this appliance. */
      voicemail: boolean;
    },
  ) {}

  /** Shutting down: the database is about to close under the legs' last events. */
  close(): void {
    this.#closed = true;
  }

  offer(callId: string, key: string, details: OfferDetails): void {
    const qc = this.deps.held.get(callId);
    if (!qc) {
      this.deps.log.warn("offer for a call no longer on the line; ending it", { call_id: callId });
      void this.deps.input((e) => e.callEnded(callId));
      return;
    }
    void qc.ring(key, this.deps.acd.setup.queues.get(details.queueId)?.name);
  }

  stopRinging(callId: string, key: string): void {
    this.deps.held.get(callId)?.stopRinging(key);
  }

  offerChat(chatId: string, key: string): void {
    this.deps.chats.offered(chatId, key);
  }

  withdrawChat(chatId: string, key: string, reason: string): void {
    this.deps.chats.withdrawn(chatId, key, reason);
  }

  announce(callId: string, a: Announcement): void {
    void this.deps.held.get(callId)?.announce(a.position, a.ewtSeconds);
  }

  blocked(callId: string): void {
    const qc = this.deps.held.get(callId);
    queueMicrotask(() => qc?.end("queue_full"));
  }

  record(e: AcdEvent): void {
    if (this.#closed) return;
    const { acd, events, feed, log } = this.deps;
    // A rebuild logs agents back in; their state did not really change.
    if (acd.rebuilding && e.type === "agent_state") return;
    try {
      events.write(e, acd.setup);
    } catch (error) {
      log.error("writing an ACD event failed", { call_id: e.callId, type: e.type, error });
    }
    if (e.type === "call_queued") {
      const qc = this.deps.held.get(e.callId!);
      const q = acd.setup.queues.get(e.queueId!);
      if (qc && q) qc.queueDbId = q.id;
    }
    this.deps.wrapUps.heard(e);
    if (e.queueId) feed.changed([e.queueId]);
    else if (e.agentId) feed.changed(acd.engine.agent(e.agentId).queueIds);
    if (acd.pending) queueMicrotask(() => acd.rebuildIfIdle());
  }

  overflow(callId: string, target: OverflowTarget): void {
    if (target.kind === "queue") return;
    const { acd, contacts, exits, log } = this.deps;
    const qc = this.deps.held.get(callId);
    if (!qc) return;
    if (target.kind === "voicemail" && this.deps.voicemail) {
      const queue = qc.queueDbId === null ? undefined : acd.setup.queues.get(
        queueKey(qc.queueDbId),
      );
      const box = target.mailbox ?? queue?.name ?? "general";
      queueMicrotask(() => exits.toVoicemail(qc, box, "overflow"));
      return;
    }
    if (target.kind === "callback") {
      contacts.callbackRequested(qc, acd.engine.call(callId)?.priority ?? 0);
    } else {
      log.warn(`overflow to ${target.kind} is not available on live calls; ending the call`, {
        call_id: callId,
      });
    }
    queueMicrotask(() => qc.end(`overflow_${target.kind}`));
  }
}
