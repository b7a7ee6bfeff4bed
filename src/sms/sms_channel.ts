import type { Clock } from "../clock/mod.ts";
import type { Crm } from "../crm/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import type { Logger } from "../log/mod.ts";
import { deliver, type DeliveryOutcome, type Fetch } from "./gateway_delivery.ts";
import type { SmsGatewayStore } from "./gateway_config.ts";
import type { InboundSms } from "./inbound_sms.ts";
import { InboundRate } from "./inbound_rate.ts";
import { SmsRefused } from "./sms_refused.ts";
import { type SmsConversation, type SmsMessage, SmsThreads } from "./sms_threads.ts";

export interface SmsChannelOptions {
  db: Database;
  clock: Clock;
  crm: Crm;
  gateway: SmsGatewayStore;
  log: Logger;
  /** Told of every message received and every change of an outbound message's status. */
  publish?: (type: string, data: Record<string, unknown>) => void;
  fetch?: Fetch;
  /** Wait before the second send; doubled for each one after (default 1 s). */
  backoffMs?: number;
  /** How long one send may take (default 10 s). */
  timeoutMs?: number;
}

/** What became of an inbound webhook. */
export interface Received {
  /** `duplicate`: the gateway's id was seen before, and nothing was stored again. */
  outcome: "stored" | "duplicate";
  message: SmsMessage;
  conversation_id: number;
  customer_id: number | null;
}

/** One thread as the customer page shows it. */
export interface SmsThread extends SmsConversation {
  messages: SmsMessage[];
}

/**
 * SMS through the configured HTTP gateway, in the same contact model as every other
 * channel: an inbound message finds its customer by number (or creates one), joins the
 * number's open conversation or starts a new one after `conversation_idle_hours` of
 * quiet, and each conversation is one `sms` interaction on the customer's timeline
 * whose notes are the transcript. Agents' replies are sent with retries; one that still
 * fails stays `failed` with the reason, shown on the thread and sent again on request.
 */
export class SmsChannel {
  readonly threads: SmsThreads;
  readonly #rate: InboundRate;
  readonly #fetch: Fetch;

  constructor(private readonly options: SmsChannelOptions) {
    this.threads = new SmsThreads(options.db);
    this.#rate = new InboundRate(() => options.clock.now());
    this.#fetch = options.fetch ?? ((url, init) => fetch(url, init));
  }

  /**
   * Takes one inbound message the webhook already authenticated. Refuses a number over
   * its rate with {@link SmsRefused} `rate_limited`; a gateway id seen before answers
   * `duplicate` with the stored message (a duplicate is not counted against the rate).
   */
  receive(input: InboundSms): Received {
    const { crm, db } = this.options;
    const pop = crm.lookupByPhone(input.from);
    if (!pop.phone) {
      throw new SmsRefused("bad_number", `The sender ${input.from} is no phone number`);
    }
    const phone = pop.phone;
    const seen = this.threads.inboundByGatewayId(input.id);
    if (seen) {
      const conversation = this.threads.conversation(seen.conversation_id)!;
      return {
        outcome: "duplicate",
        message: seen,
        conversation_id: conversation.id,
        customer_id: crm.customers.idByPhone(conversation.phone) ?? null,
      };
    }
    if (!this.#rate.admit(phone, this.options.gateway.get().inbound_per_minute)) {
      throw new SmsRefused(
        "rate_limited",
        `Too many messages from ${phone}; try again in a minute`,
      );
    }
    const atMs = this.#receivedAt(input);
    const received = db.transaction(() => {
      const customerId = crm.customers.idByPhone(phone) ??
        crm.customers.create({ name: pop.new_customer?.name || phone, phones: [phone] }).id;
      const conversation = this.#openConversation(phone, customerId, "inbound", null, atMs);
      const message = this.threads.addInbound(conversation.id, input.id, input.text, atMs);
      this.#writeTranscript(conversation.id);
      return {
        outcome: "stored" as const,
        message,
        conversation_id: conversation.id,
        customer_id: customerId,
      };
    });
    this.options.publish?.("sms.received", {
      conversation_id: received.conversation_id,
      customer_id: received.customer_id,
      message_id: received.message.id,
    });
    return received;
  }

  /** The customer's SMS threads (on any of their numbers), newest first. */
  threadsOf(customerId: number): SmsThread[] {
    const customer = this.options.crm.customers.get(customerId);
    if (!customer) throw new SmsRefused("not_found", `Customer ${customerId} was not found`);
    return this.threads.forPhones(customer.phones.map((p) => p.e164))
      .map((c) => ({ ...c, messages: this.threads.messages(c.id) }));
  }

  /**
   * An agent's reply to a customer: on `phone` (one of theirs) or the number of their
   * newest thread, else their first number. Resolves once the gateway took it or every
   * try failed; the message's status says which.
   */
  async reply(
    customerId: number,
    agentId: number,
    text: string,
    phone?: string,
  ): Promise<SmsMessage> {
    const { crm, db, clock } = this.options;
    const customer = crm.customers.get(customerId);
    if (!customer) throw new SmsRefused("not_found", `Customer ${customerId} was not found`);
    const numbers = customer.phones.map((p) => p.e164);
    const wanted = phone === undefined ? undefined : crm.lookupByPhone(phone).phone;
    if (phone !== undefined && (!wanted || !numbers.includes(wanted))) {
      throw new SmsRefused("no_number", `${phone} is not one of this customer's numbers`);
    }
    const to = wanted ?? this.threads.forPhones(numbers, 1)[0]?.phone ?? numbers[0];
    if (!to) throw new SmsRefused("no_number", "This customer has no phone number to text");
    const gateway = this.options.gateway.get();
    if (!gateway.enabled || !gateway.send_url) {
      throw new SmsRefused(
        "not_configured",
        "No SMS gateway is configured; an admin can set one up",
      );
    }
    const message = db.transaction(() => {
      const conversation = this.#openConversation(to, customerId, "outbound", agentId, clock.now());
      this.#answerFirst(conversation);
      const message = this.threads.addOutbound(conversation.id, agentId, text, clock.now());
      this.#writeTranscript(conversation.id);
      return message;
    });
    return await this.#send(message, to);
  }

  /** Sends a failed message again, as it was written. */
  async resend(messageId: number): Promise<SmsMessage> {
    const message = this.threads.message(messageId);
    if (!message || message.direction !== "outbound") {
      throw new SmsRefused("not_found", `Message ${messageId} was not found`);
    }
    if (message.status !== "failed") {
      throw new SmsRefused("not_failed", "Only a message that failed can be sent again");
    }
    this.threads.markSending(message.id);
    return await this.#send(message, this.threads.conversation(message.conversation_id)!.phone);
  }

  /** The SMS line as the wallboard shows it: threads waiting for an answer, the oldest wait. */
  waiting(): { waiting: number; oldest_wait_s: number | null } {
    const { waiting, oldest_since } = this.threads.waiting();
    const oldest = oldest_since === null
      ? null
      : Math.max(0, Math.round((this.options.clock.now() - Date.parse(oldest_since)) / 1000));
    return { waiting, oldest_wait_s: oldest };
  }

  /**
   * The SMS line as one tile of the wallboard: threads waiting now, the oldest wait, and
   * today's service level — customers' conversations first answered within T ÷ those
   * answered or waiting longer than T. Any agent may answer a text, so there is no
   * capacity to show.
   */
  queueStatus(sinceMs: number) {
    const target = this.options.gateway.get().response_target_s;
    const now = this.options.clock.now();
    let within = 0;
    let counted = 0;
    for (const { asked, answered } of this.threads.firstResponses(sinceMs)) {
      const waitMs = (answered === null ? now : Date.parse(answered)) - Date.parse(asked);
      if (answered === null && waitMs <= target * 1000) continue;
      counted++;
      if (answered !== null && waitMs <= target * 1000) within++;
    }
    return {
      key: "sms",
      queue_id: null,
      name: "SMS",
      channel: "sms",
      ...this.waiting(),
      agents_with_capacity: null,
      service_level: counted === 0 ? null : Math.round((within / counted) * 1000) / 10,
      service_level_s: target,
    };
  }

  async #send(message: SmsMessage, to: string): Promise<SmsMessage> {
    const gateway = this.options.gateway.get();
    let outcome: DeliveryOutcome;
    try {
      outcome = await deliver(gateway, { to, from: gateway.from, text: message.body }, {
        clock: this.options.clock,
        fetch: this.#fetch,
        backoffMs: this.options.backoffMs ?? 1000,
        timeoutMs: this.options.timeoutMs ?? 10_000,
      });
    } catch (error) {
      outcome = {
        ok: false,
        attempts: 1,
        error: error instanceof Error ? error.message : String(error),
      };
    }
    const done = this.threads.markOutcome(message.id, outcome, this.options.clock.now());
    if (!outcome.ok) {
      this.options.log.warn("sms: the gateway did not take a reply", {
        message_id: message.id,
        attempts: outcome.attempts,
        error: outcome.error,
      });
    }
    this.options.publish?.("sms.status", {
      conversation_id: done.conversation_id,
      message_id: done.id,
      status: done.status,
      error: done.error,
    });
    return done;
  }

  /** The number's open conversation, or a new one with its interaction on the timeline. */
  #openConversation(
    phone: string,
    customerId: number,
    direction: "inbound" | "outbound",
    agentId: number | null,
    atMs: number,
  ): SmsConversation {
    const idleMs = this.options.gateway.get().conversation_idle_hours * 3_600_000;
    const newest = this.threads.newest(phone);
    if (newest && atMs - Date.parse(newest.last_message_at) <= idleMs) return newest;
    const conversation = this.threads.start(phone, atMs);
    const interaction = this.options.crm.interactions.record({
      customer_id: customerId,
      channel: "sms",
      direction,
      agent_id: agentId,
      started_at: isoTime(atMs),
    });
    this.threads.linkInteraction(conversation.id, interaction.id);
    return { ...conversation, interaction_id: interaction.id };
  }

  /**
   * The first written answer to a conversation the customer started is its first
   * response time (decision 038); called before the answer is stored.
   */
  #answerFirst(conversation: SmsConversation): void {
    if (conversation.interaction_id === null) return;
    const before = this.threads.messages(conversation.id);
    if (before[0]?.direction !== "inbound" || before.some((m) => m.direction === "outbound")) {
      return;
    }
    const now = isoTime(this.options.clock.now());
    this.options.crm.interactions.update(conversation.interaction_id, {
      first_response_at: now,
      answered_at: now,
    });
  }

  /** The interaction's notes are the conversation as read on the timeline. */
  #writeTranscript(conversationId: number): void {
    const conversation = this.threads.conversation(conversationId)!;
    if (conversation.interaction_id === null) return;
    const lines = this.threads.messages(conversationId).map((m) =>
      `${m.created_at.slice(0, 16).replace("T", " ")} ${
        m.direction === "inbound" ? conversation.phone : (m.agent ?? "agent")
      }: ${m.body}`
    );
    let notes = lines.join("\n");
    if (notes.length > 20_000) notes = notes.slice(notes.length - 20_000);
    this.options.crm.interactions.update(conversation.interaction_id, {
      notes,
      ended_at: conversation.last_message_at,
    });
  }

  #receivedAt(input: InboundSms): number {
    const now = this.options.clock.now();
    if (!input.received_at) return now;
    // A gateway's clock ahead of ours must not put a message in the future.
    return Math.min(Date.parse(input.received_at), now);
  }
}
