import { type Database, isoTime } from "../db/mod.ts";

export const MESSAGE_STATUSES = ["received", "sending", "sent", "failed"] as const;
export type SmsStatus = typeof MESSAGE_STATUSES[number];

export interface SmsMessage {
  id: number;
  conversation_id: number;
  direction: "inbound" | "outbound";
  gateway_id: string | null;
  body: string;
  agent_id: number | null;
  agent: string | null;
  status: SmsStatus;
  attempts: number;
  error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface SmsConversation {
  id: number;
  phone: string;
  interaction_id: number | null;
  started_at: string;
  last_message_at: string;
  waiting_since: string | null;
}

const MESSAGE_SELECT = `SELECT m.id, m.conversation_id, m.direction, m.gateway_id, m.body,
  m.agent_id, u.display_name AS agent, m.status, m.attempts, m.error, m.created_at, m.sent_at
  FROM sms_messages m LEFT JOIN users u ON u.id = m.agent_id`;

/**
 * The SMS tables, the one place that reads and writes them: conversations per phone
 * number and their messages. Whether a thread is still open is the caller's rule; this
 * only finds the newest one.
 */
export class SmsThreads {
  constructor(private readonly db: Database) {}

  conversation(id: number): SmsConversation | undefined {
    return this.db.get<SmsConversation>("SELECT * FROM sms_conversations WHERE id = ?", id);
  }

  /** The number's newest conversation, if any. */
  newest(phone: string): SmsConversation | undefined {
    return this.db.get<SmsConversation>(
      "SELECT * FROM sms_conversations WHERE phone = ? ORDER BY last_message_at DESC, id DESC LIMIT 1",
      phone,
    );
  }

  start(phone: string, atMs: number): SmsConversation {
    const at = isoTime(atMs);
    const id = this.db.run(
      "INSERT INTO sms_conversations (phone, started_at, last_message_at) VALUES (?, ?, ?)",
      phone,
      at,
      at,
    ).lastInsertRowid;
    return this.conversation(id)!;
  }

  linkInteraction(conversationId: number, interactionId: number): void {
    this.db.run(
      "UPDATE sms_conversations SET interaction_id = ? WHERE id = ?",
      interactionId,
      conversationId,
    );
  }

  inboundByGatewayId(gatewayId: string): SmsMessage | undefined {
    return this.db.get<SmsMessage>(
      `${MESSAGE_SELECT} WHERE m.gateway_id = ? AND m.direction = 'inbound'`,
      gatewayId,
    );
  }

  message(id: number): SmsMessage | undefined {
    return this.db.get<SmsMessage>(`${MESSAGE_SELECT} WHERE m.id = ?`, id);
  }

  messages(conversationId: number): SmsMessage[] {
    return this.db.all<SmsMessage>(
      `${MESSAGE_SELECT} WHERE m.conversation_id = ? ORDER BY m.id`,
      conversationId,
    );
  }

  /** Conversations on any of `phones`, newest first. */
  forPhones(phones: string[], limit = 20): SmsConversation[] {
    if (phones.length === 0) return [];
    return this.db.all<SmsConversation>(
      `SELECT * FROM sms_conversations WHERE phone IN (${phones.map(() => "?").join(", ")})
       ORDER BY last_message_at DESC, id DESC LIMIT ?`,
      ...phones,
      limit,
    );
  }

  /** Stores a message from the customer; the thread waits for an answer from then on. */
  addInbound(conversationId: number, gatewayId: string, body: string, atMs: number): SmsMessage {
    const at = isoTime(atMs);
    const id = this.db.run(
      `INSERT INTO sms_messages (conversation_id, direction, gateway_id, body, status, created_at)
       VALUES (?, 'inbound', ?, ?, 'received', ?)`,
      conversationId,
      gatewayId,
      body,
      at,
    ).lastInsertRowid;
    this.db.run(
      `UPDATE sms_conversations SET last_message_at = ?, waiting_since = coalesce(waiting_since, ?)
       WHERE id = ?`,
      at,
      at,
      conversationId,
    );
    return this.message(id)!;
  }

  /** Stores an agent's reply as being sent; the thread no longer waits. */
  addOutbound(conversationId: number, agentId: number, body: string, atMs: number): SmsMessage {
    const at = isoTime(atMs);
    const id = this.db.run(
      `INSERT INTO sms_messages (conversation_id, direction, body, agent_id, status, created_at)
       VALUES (?, 'outbound', ?, ?, 'sending', ?)`,
      conversationId,
      body,
      agentId,
      at,
    ).lastInsertRowid;
    this.db.run(
      "UPDATE sms_conversations SET last_message_at = ?, waiting_since = NULL WHERE id = ?",
      at,
      conversationId,
    );
    return this.message(id)!;
  }

  markSending(id: number): void {
    this.db.run("UPDATE sms_messages SET status = 'sending', error = NULL WHERE id = ?", id);
  }

  markOutcome(
    id: number,
    outcome: { ok: boolean; attempts: number; error?: string },
    atMs: number,
  ) {
    this.db.run(
      `UPDATE sms_messages SET status = ?, attempts = attempts + ?, error = ?, sent_at = ?
       WHERE id = ?`,
      outcome.ok ? "sent" : "failed",
      outcome.attempts,
      outcome.ok ? null : (outcome.error ?? "The gateway did not take the message"),
      outcome.ok ? isoTime(atMs) : null,
      id,
    );
    return this.message(id)!;
  }

  /**
   * Conversations started since `sinceMs` by the customer: when they first wrote and when
   * an agent first answered (null while nobody has).
   */
  firstResponses(sinceMs: number): { asked: string; answered: string | null }[] {
    return this.db.all<{ asked: string | null; answered: string | null }>(
      `SELECT
         (SELECT min(created_at) FROM sms_messages m
           WHERE m.conversation_id = c.id AND m.direction = 'inbound') AS asked,
         (SELECT min(created_at) FROM sms_messages m
           WHERE m.conversation_id = c.id AND m.direction = 'outbound') AS answered
       FROM sms_conversations c WHERE c.started_at >= ?`,
      isoTime(sinceMs),
    ).filter((r): r is { asked: string; answered: string | null } =>
      r.asked !== null && (r.answered === null || r.answered >= r.asked)
    );
  }

  /** Conversations whose customer waits for an answer, and since when the oldest waits. */
  waiting(): { waiting: number; oldest_since: string | null } {
    const row = this.db.get<{ waiting: number; oldest_since: string | null }>(
      `SELECT count(*) AS waiting, min(waiting_since) AS oldest_since FROM sms_conversations
       WHERE waiting_since IS NOT NULL`,
    )!;
    return { waiting: row.waiting, oldest_since: row.oldest_since };
  }
}
