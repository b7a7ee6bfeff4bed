import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";

/** One stored e-mail, in or out, with the case it belongs to. */
export interface EmailMessage {
  id: number;
  mailbox_id: number | null;
  case_id: number | null;
  customer_id: number | null;
  direction: "inbound" | "outbound";
  kind: "mail" | "acknowledgement" | "reply";
  message_id: string | null;
  from_address: string;
  to_addresses: string;
  subject: string;
  text_body: string;
  /** Sanitised on arrival; never the HTML as it came. */
  html_body: string | null;
  in_reply_to: string | null;
  refs: string;
  attachment_ids: number[];
  agent_id: number | null;
  answered_at: string | null;
  created_at: string;
}

export type NewEmailMessage =
  & Omit<EmailMessage, "id" | "created_at" | "answered_at" | "agent_id">
  & { uid_validity?: number | null; uid?: number | null; agent_id?: number | null };

type Row = Omit<EmailMessage, "attachment_ids"> & { attachment_ids: string };

const COLUMNS = `id, mailbox_id, case_id, customer_id, direction, kind, message_id, from_address,
  to_addresses, subject, text_body, html_body, in_reply_to, refs, attachment_ids, agent_id,
  answered_at, created_at`;

/** The e-mails kept with cases, and the keys that find them again. */
export class EmailMessages {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  add(message: NewEmailMessage): EmailMessage {
    const id = this.db.run(
      `INSERT INTO email_messages (mailbox_id, case_id, customer_id, direction, kind, message_id,
         uid_validity, uid, from_address, to_addresses, subject, text_body, html_body, in_reply_to,
         refs, attachment_ids, agent_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      message.mailbox_id,
      message.case_id,
      message.customer_id,
      message.direction,
      message.kind,
      message.message_id,
      message.uid_validity ?? null,
      message.uid ?? null,
      message.from_address,
      message.to_addresses,
      message.subject,
      message.text_body,
      message.html_body,
      message.in_reply_to,
      message.refs,
      JSON.stringify(message.attachment_ids),
      message.agent_id ?? null,
      isoTime(this.clock.now()),
    ).lastInsertRowid;
    return this.get(Number(id))!;
  }

  get(id: number): EmailMessage | undefined {
    const row = this.db.get<Row>(`SELECT ${COLUMNS} FROM email_messages WHERE id = ?`, id);
    return row && fromRow(row);
  }

  /** The case's e-mails, oldest first. */
  forCase(caseId: number): EmailMessage[] {
    return this.db.all<Row>(
      `SELECT ${COLUMNS} FROM email_messages WHERE case_id = ? ORDER BY id`,
      caseId,
    ).map(fromRow);
  }

  hasMessageId(messageId: string): boolean {
    return this.db.get("SELECT 1 AS x FROM email_messages WHERE message_id = ?", messageId) !==
      undefined;
  }

  hasUid(mailboxId: number, uidValidity: number, uid: number): boolean {
    return this.db.get(
      "SELECT 1 AS x FROM email_messages WHERE mailbox_id = ? AND uid_validity = ? AND uid = ?",
      mailboxId,
      uidValidity,
      uid,
    ) !== undefined;
  }

  caseOfMessage(messageId: string): number | null {
    return this.db.get<{ case_id: number | null }>(
      "SELECT case_id FROM email_messages WHERE message_id = ?",
      messageId,
    )?.case_id ?? null;
  }

  /** Marks every unanswered inbound e-mail of a case answered by this agent's reply. */
  answer(caseId: number, agentId: number | null): void {
    this.db.run(
      `UPDATE email_messages SET answered_at = ?, agent_id = coalesce(agent_id, ?)
       WHERE case_id = ? AND direction = 'inbound' AND answered_at IS NULL`,
      isoTime(this.clock.now()),
      agentId,
      caseId,
    );
  }

  /** Inbound e-mails received at or after a moment, with when a person first replied. */
  receivedSince(
    sinceMs: number,
  ): { mailbox_id: number | null; created_at: string; answered_at: string | null }[] {
    return this.db.all(
      `SELECT mailbox_id, created_at, answered_at FROM email_messages
       WHERE direction = 'inbound' AND created_at >= ? ORDER BY created_at`,
      isoTime(sinceMs),
    );
  }

  /** Inbound e-mails still waiting for a person's reply, oldest first. */
  waiting(limit = 500): EmailMessage[] {
    return this.db.all<Row>(
      `SELECT ${COLUMNS} FROM email_messages
       WHERE direction = 'inbound' AND answered_at IS NULL ORDER BY created_at, id LIMIT ?`,
      limit,
    ).map(fromRow);
  }
}

function fromRow(row: Row): EmailMessage {
  return { ...row, attachment_ids: JSON.parse(row.attachment_ids) as number[] };
}
