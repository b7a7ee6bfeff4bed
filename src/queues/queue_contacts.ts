import type { Clock } from "../clock/mod.ts";
import type { Crm } from "../crm/mod.ts";
import type { CallJournal } from "../call_history/mod.ts";
import { isoTime } from "../db/mod.ts";
import type { IvrLanguage } from "../ivr/mod.ts";
import type { Logger } from "../log/mod.ts";
import type { Call } from "../calls/mod.ts";
import type { QueuedCall } from "./queued_call.ts";
import type { AgentInfo } from "./queue_config.ts";
import type { QueueRequest } from "../ivr/mod.ts";

/** What the ACD needs to know about a caller: priority, sticky agent, language. */
export interface CallerProfile {
  customerId: number | null;
  vip: boolean;
  lastAgent: number | undefined;
  language: IvrLanguage;
}

const VOICE_LANGUAGES = new Set<string>(["en", "zh-CN"]);

/**
 * The CRM side of queued calls: who is calling, the contact-history row opened when an
 * agent answers and closed at the hang-up, and callback requests left by overflow.
 */
export class QueueContacts {
  constructor(
    private readonly deps: { journal: CallJournal; crm: Crm; clock: Clock; log: Logger },
  ) {}

  /** The caller as the CRM knows them; a lookup failure leaves them anonymous. */
  profile(call: Call, request: QueueRequest): CallerProfile {
    const { crm, log } = this.deps;
    const id = request.customerId ?? call.customerId ?? null;
    let match = null;
    try {
      match = id !== null
        ? crm.screenPop(id)
        : call.info.caller
        ? crm.lookupByPhone(call.info.caller).match
        : null;
    } catch (error) {
      log.warn("customer lookup failed", { call_id: call.id, error });
    }
    const wanted = request.language ?? match?.customer.language;
    return {
      customerId: match?.customer.id ?? id,
      vip: (match?.vip ?? 0) > 0,
      lastAgent: match?.last_agent?.id,
      language: wanted && VOICE_LANGUAGES.has(wanted) ? wanted as IvrLanguage : "zh-CN",
    };
  }

  /** Opens the interaction an agent's wrap-up will complete. */
  opened(qc: QueuedCall, agent: AgentInfo): void {
    const { journal, crm, clock, log } = this.deps;
    try {
      const startedAt = journal.startedAt(qc.call.id);
      const row = crm.interactions.record({
        customer_id: qc.customerId,
        channel: "call",
        direction: "inbound",
        call_id: qc.call.id,
        queue_id: qc.queueDbId,
        agent_id: agent.userId,
        started_at: startedAt,
        answered_at: isoTime(clock.now()),
      });
      qc.interactionId = row.id;
    } catch (error) {
      log.warn("could not record the contact in the CRM", { call_id: qc.call.id, error });
    }
  }

  closed(qc: QueuedCall): void {
    if (qc.interactionId === undefined) return;
    try {
      this.deps.crm.interactions.update(qc.interactionId, {
        ended_at: isoTime(this.deps.clock.now()),
      });
    } catch (error) {
      this.deps.log.warn("could not close the contact in the CRM", { call_id: qc.call.id, error });
    }
  }

  /** A callback that keeps the caller's place: ordered by when they first called. */
  callbackRequested(qc: QueuedCall, priority: number): void {
    const { journal, crm, clock } = this.deps;
    const startedAt = journal.startedAt(qc.call.id);
    const now = clock.now();
    crm.callbacks.request({
      callId: qc.call.id,
      customerId: qc.customerId,
      number: qc.call.info.caller,
      queueId: qc.queueDbId,
      priority,
      placeAt: startedAt ? Date.parse(startedAt) : now,
      at: now,
    });
  }
}
