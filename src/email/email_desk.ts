import type { Clock } from "../clock/mod.ts";
import { type Crm, renderScript } from "../crm/mod.ts";
import { stripReplyPrefixes } from "./auto_reply.ts";
import { caseInSubject, caseTag } from "./case_tag.ts";
import { EmailError } from "./email_error.ts";
import type { EmailMessage, EmailMessages } from "./email_messages.ts";
import type { MailboxStore } from "./mailbox_store.ts";
import type { MailSender } from "./mail_transport.ts";

/** An agent's reply as the API takes it. */
export interface ReplyInput {
  /** The text; `{{customer.name}}` and the other script variables are filled in. */
  body: string;
  /** Attachments already on the case to send along. */
  attachment_ids?: number[];
}

/** One e-mail waiting for a person's first reply, as the e-mail work list shows it. */
export interface EmailWorkItem {
  message_id: number;
  case_id: number;
  mailbox_id: number | null;
  mailbox: string | null;
  queue_id: number | null;
  from: string;
  subject: string;
  received_at: string;
  age_s: number;
  service_level_s: number;
  /** Past its service level unanswered. */
  overdue: boolean;
  assignee_id: number | null;
}

export interface EmailDeskOptions {
  clock: Clock;
  crm: Crm;
  messages: EmailMessages;
  mailboxes: MailboxStore;
  sender: MailSender;
  center: () => { language: string };
}

/**
 * The agent's side of e-mail: the thread on a case, replying from it (threaded to the
 * customer's last e-mail, the case number in the subject), and the list of e-mails
 * waiting for a first reply with their age against each mailbox's service level.
 */
export class EmailDesk {
  constructor(private readonly options: EmailDeskOptions) {}

  thread(caseId: number): EmailMessage[] {
    this.options.crm.cases.require(caseId);
    return this.options.messages.forCase(caseId);
  }

  async reply(caseId: number, agentId: number | null, input: ReplyInput): Promise<EmailMessage> {
    const { crm, messages, mailboxes, sender } = this.options;
    const current = crm.cases.require(caseId);
    const thread = messages.forCase(caseId);
    const last = thread.findLast((m) => m.direction === "inbound") ?? thread.at(-1);
    const customer = crm.customers.require(current.customer_id);
    const to = last?.direction === "inbound" ? last.from_address : customer.emails[0]?.email;
    if (!to) throw new EmailError("invalid", "The customer has no e-mail address to reply to");
    const mailboxId = last?.mailbox_id ?? mailboxes.list()[0]?.id;
    if (mailboxId === undefined) {
      throw new EmailError("invalid", "No mailbox is configured to send from");
    }
    const mailbox = mailboxes.require(mailboxId);
    const body = renderScript(input.body, {
      customer: {
        ...customer,
        phone: customer.phones[0]?.e164,
        email: customer.emails[0]?.email,
        tags: customer.tags?.join(", "),
      },
    }).text.trim();
    if (!body) throw new EmailError("invalid", "The reply is empty");
    const files = (input.attachment_ids ?? []).map((id) => {
      const attachment = crm.attachments.get(id);
      if (!attachment || attachment.case_id !== caseId) {
        throw new EmailError("invalid", `Attachment ${id} is not on case ${caseId}`);
      }
      return {
        name: attachment.file_name,
        contentType: attachment.content_type,
        bytes: crm.attachments.read(attachment),
      };
    });
    const language = this.#language(customer.language);
    const base = stripReplyPrefixes(last?.subject ?? current.subject) || current.subject;
    const subject = caseInSubject(base) === caseId
      ? `Re: ${base}`
      : `Re: ${caseTag(caseId, language)} ${base}`;
    const references = [
      ...(last?.refs ? last.refs.split(" ").filter(Boolean) : []),
      ...(last?.message_id ? [last.message_id] : []),
    ].slice(-20);
    const sent = await sender.send(mailbox, {
      from: mailbox.address,
      to,
      subject,
      text: body,
      inReplyTo: last?.message_id ?? null,
      references,
      attachments: files,
    });
    const stored = messages.add({
      mailbox_id: mailbox.id,
      case_id: caseId,
      customer_id: customer.id,
      direction: "outbound",
      kind: "reply",
      message_id: sent.messageId,
      from_address: mailbox.address,
      to_addresses: to,
      subject,
      text_body: body,
      html_body: null,
      in_reply_to: last?.message_id ?? null,
      refs: references.join(" "),
      attachment_ids: input.attachment_ids ?? [],
      agent_id: agentId,
    });
    messages.answer(caseId, agentId);
    // The customer's e-mails on this case are answered now (decision 038's columns).
    crm.interactions.firstResponse({ channel: "email", caseId, agentId });
    crm.interactions.record({
      customer_id: customer.id,
      channel: "email",
      direction: "outbound",
      case_id: caseId,
      agent_id: agentId,
      queue_id: mailbox.queue_id,
      notes: `${subject}\n\n${body}`.slice(0, 20_000),
    });
    return stored;
  }

  /** E-mails waiting for a first reply, oldest first, optionally for some queues only. */
  waiting(filter: { queueIds?: readonly number[] } = {}): EmailWorkItem[] {
    const { clock, crm, messages, mailboxes } = this.options;
    const byId = new Map(mailboxes.list().map((m) => [m.id, m]));
    const now = clock.now();
    const items: EmailWorkItem[] = [];
    const seenCases = new Set<number>();
    for (const message of messages.waiting()) {
      if (message.case_id === null || seenCases.has(message.case_id)) continue;
      seenCases.add(message.case_id);
      const mailbox = message.mailbox_id === null ? undefined : byId.get(message.mailbox_id);
      const queueId = mailbox?.queue_id ?? null;
      if (filter.queueIds && (queueId === null || !filter.queueIds.includes(queueId))) continue;
      const ageS = Math.max(0, Math.floor((now - Date.parse(message.created_at)) / 1000));
      const serviceLevelS = mailbox?.service_level_s ?? 86_400;
      items.push({
        message_id: message.id,
        case_id: message.case_id,
        mailbox_id: message.mailbox_id,
        mailbox: mailbox?.name ?? null,
        queue_id: queueId,
        from: message.from_address,
        subject: message.subject,
        received_at: message.created_at,
        age_s: ageS,
        service_level_s: serviceLevelS,
        overdue: ageS > serviceLevelS,
        assignee_id: crm.cases.get(message.case_id)?.assignee_id ?? null,
      });
    }
    return items;
  }

  /** An agent takes a waiting e-mail: its case is assigned to them. */
  take(caseId: number, agentId: number): void {
    const { crm } = this.options;
    const current = crm.cases.require(caseId);
    if (current.assignee_id !== null && current.assignee_id !== agentId) {
      throw new EmailError("invalid", `Case ${caseId} is taken by another agent`);
    }
    crm.cases.update(caseId, { assignee_id: agentId }, agentId);
  }

  #language(customerLanguage: string | null | undefined): "en" | "zh" {
    const tag = customerLanguage || this.options.center().language || "zh-CN";
    return tag.toLowerCase().startsWith("zh") ? "zh" : "en";
  }
}
