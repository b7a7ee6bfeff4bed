import type { Clock } from "../clock/mod.ts";
import type { Crm } from "../crm/mod.ts";
import type { Database } from "../db/mod.ts";
import type { Logger } from "../log/mod.ts";
import { composeAcknowledgement, mayAcknowledge, replyLanguage } from "./auto_reply.ts";
import { caseTag } from "./case_tag.ts";
import type { EmailMessage, EmailMessages } from "./email_messages.ts";
import type { Mailbox } from "./mailbox_schema.ts";
import type { MailboxStore } from "./mailbox_store.ts";
import type { MailSender } from "./mail_transport.ts";
import { type ParsedMail, parseMail } from "./parse_mail.ts";
import { decideThread } from "./threading.ts";

export interface EmailIntakeOptions {
  db: Database;
  clock: Clock;
  crm: Crm;
  messages: EmailMessages;
  mailboxes: MailboxStore;
  sender: MailSender;
  /** The center's name and language (`zh-CN`, `en`) for acknowledgements. */
  center: () => { name: string; language: string };
  log: Logger;
}

/** What became of one fetched e-mail. */
export type IntakeResult =
  | { outcome: "duplicate" }
  | {
    outcome: "new_case" | "joined";
    caseId: number;
    message: EmailMessage;
    /** Whether an acknowledgement is on its way ({@link EmailIntake.settled} waits for it). */
    acknowledging: boolean;
  };

/**
 * E-mails written longer ago than this get no acknowledgement: a mailbox added with years
 * of old mail in it must not answer every old sender.
 */
export const ACKNOWLEDGE_WITHIN_MS = 24 * 3600_000;

/** Acknowledgements sent at once; more wait, so a slow SMTP server holds reading back. */
const ACKS_IN_FLIGHT = 8;

/**
 * Turns a fetched e-mail into case work: a duplicate (same Message-ID, or the same
 * mailbox UIDVALIDITY and UID) is dropped; otherwise the e-mail, its attachments, the
 * customer (found by address or created), the case (joined by threading or opened) and
 * an `email` interaction on the timeline are stored in one transaction, and only then is
 * a new case acknowledged (in the background; {@link settled} waits). The caller marks
 * the message seen after this returns.
 */
export class EmailIntake {
  readonly #sending = new Set<Promise<unknown>>();

  constructor(private readonly options: EmailIntakeOptions) {}

  /** Resolves when every acknowledgement started so far has been sent or given up. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#sending]);
  }

  async receive(
    mailbox: Mailbox,
    fetched: { uidValidity: number; uid: number; source: Uint8Array },
  ): Promise<IntakeResult> {
    const { messages } = this.options;
    if (messages.hasUid(mailbox.id, fetched.uidValidity, fetched.uid)) {
      return { outcome: "duplicate" };
    }
    const mail = await parseMail(fetched.source);
    if (mail.messageId && messages.hasMessageId(mail.messageId)) {
      return { outcome: "duplicate" };
    }
    const stored = this.#store(mailbox, fetched, mail);
    const recent = mail.date === null ||
      this.options.clock.now() - mail.date < ACKNOWLEDGE_WITHIN_MS;
    const acknowledging = stored.outcome === "new_case" && mailbox.acknowledge && recent &&
      mayAcknowledge(mail, this.options.mailboxes.ownAddresses());
    if (acknowledging) {
      // Sent beside the reading of the next e-mails: an SMTP round trip each would otherwise
      // set the pace of the whole mailbox.
      while (this.#sending.size >= ACKS_IN_FLIGHT) await Promise.race(this.#sending);
      const sending = this.#acknowledge(mailbox, mail, stored.caseId, stored.message)
        .catch((error) => {
          // The e-mail is stored and its case open; a lost acknowledgement is logged, not
          // retried, so a flaky SMTP server never holds up reading the mailbox.
          this.options.log.warn("the acknowledgement could not be sent", {
            mailbox: mailbox.name,
            case_id: stored.caseId,
            error,
          });
        })
        .finally(() => this.#sending.delete(sending));
      this.#sending.add(sending);
    }
    return { ...stored, acknowledging };
  }

  #store(
    mailbox: Mailbox,
    fetched: { uidValidity: number; uid: number },
    mail: ParsedMail,
  ): { outcome: "new_case" | "joined"; caseId: number; message: EmailMessage } {
    const { db, crm, messages } = this.options;
    return db.transaction(() => {
      const decision = decideThread(mail, {
        caseOfMessage: (id) => messages.caseOfMessage(id),
        liveCase: (id) => this.#liveCase(id),
      });
      let caseId: number;
      let customerId: number;
      if (decision.kind === "join") {
        caseId = decision.caseId;
        customerId = crm.cases.require(caseId).customer_id;
      } else {
        customerId = this.#customerFor(mail);
        caseId = crm.cases.create({
          customer_id: customerId,
          subject: (mail.subject || "(no subject)").slice(0, 300),
          description: mail.text.slice(0, 20_000),
          category: "email",
        }, null).id;
      }
      const attachmentIds = mail.attachments.flatMap((file) => {
        try {
          return [crm.attachments.add(caseId, file, null).id];
        } catch (error) {
          // An over-size or empty file is noted on the e-mail, the rest is kept.
          this.options.log.warn("an e-mail attachment was not kept", {
            case_id: caseId,
            name: file.name,
            error,
          });
          return [];
        }
      });
      const message = messages.add({
        mailbox_id: mailbox.id,
        case_id: caseId,
        customer_id: customerId,
        direction: "inbound",
        kind: "mail",
        message_id: mail.messageId,
        uid_validity: fetched.uidValidity,
        uid: fetched.uid,
        from_address: mail.from,
        to_addresses: mail.to.join(", "),
        subject: mail.subject,
        text_body: mail.text,
        html_body: mail.html,
        in_reply_to: mail.inReplyTo,
        refs: mail.references.join(" "),
        attachment_ids: attachmentIds,
      });
      crm.interactions.record({
        customer_id: customerId,
        channel: "email",
        direction: "inbound",
        case_id: caseId,
        queue_id: mailbox.queue_id,
        notes: `${mail.subject}\n\n${mail.text}`.slice(0, 20_000),
      });
      if (decision.kind === "join") this.#reopen(caseId);
      return { outcome: decision.kind === "join" ? "joined" : "new_case", caseId, message };
    });
  }

  async #acknowledge(
    mailbox: Mailbox,
    mail: ParsedMail,
    caseId: number,
    received: EmailMessage,
  ): Promise<EmailMessage> {
    const { crm, messages, sender } = this.options;
    const center = this.options.center();
    const customer = crm.customers.get(received.customer_id!);
    const language = replyLanguage(
      customer?.language,
      `${mail.subject} ${mail.text}`,
      center.language,
    );
    const acknowledgement = composeAcknowledgement({
      caseId,
      tag: caseTag(caseId, language),
      originalSubject: mail.subject,
      centerName: center.name,
      language,
      articles: this.#articles(`${mail.subject}`, language),
    });
    const references = [...mail.references, ...(mail.messageId ? [mail.messageId] : [])];
    const sent = await sender.send(mailbox, {
      from: mailbox.address,
      to: mail.from,
      subject: acknowledgement.subject,
      text: acknowledgement.text,
      inReplyTo: mail.messageId,
      references,
      auto: true,
    });
    return messages.add({
      mailbox_id: mailbox.id,
      case_id: caseId,
      customer_id: received.customer_id,
      direction: "outbound",
      kind: "acknowledgement",
      message_id: sent.messageId,
      from_address: mailbox.address,
      to_addresses: mail.from,
      subject: acknowledgement.subject,
      text_body: acknowledgement.text,
      html_body: null,
      in_reply_to: mail.messageId,
      refs: references.join(" "),
      attachment_ids: [],
    });
  }

  /** Up to three published articles for the words of the subject, in the reply's language first. */
  #articles(subject: string, language: "en" | "zh") {
    const { crm } = this.options;
    const words = subject.split(/[\s,.;:!?，。；：！？()\[\]"']+/).filter((w) => w.length >= 3)
      .sort((a, b) => b.length - a.length).slice(0, 5);
    const seen = new Map<number, { title: string; summary: string; language: string }>();
    for (const query of [subject, ...words]) {
      if (seen.size >= 3 || !query.trim()) break;
      for (const hit of crm.kb.search(query, { limit: 5 })) {
        if (!seen.has(hit.id)) {
          seen.set(hit.id, {
            title: hit.title,
            summary: plain(hit.snippet),
            language: hit.language,
          });
        }
      }
    }
    const hits = [...seen.values()];
    const mine = (l: string) => l.toLowerCase().startsWith(language) ? 0 : 1;
    return hits.sort((a, b) => mine(a.language) - mine(b.language)).slice(0, 3);
  }

  #customerFor(mail: ParsedMail): number {
    const { crm } = this.options;
    const found = crm.findCustomers(mail.from, 5).find((hit) => hit.matched === "email");
    if (found) return found.id;
    const name = mail.fromName.trim() || mail.from.split("@")[0] || mail.from;
    // A customer first met by e-mail is answered in the language they wrote in.
    const language = replyLanguage(
      null,
      `${mail.subject} ${mail.text}`,
      this.options.center().language,
    );
    return crm.customers.create({
      name: name.slice(0, 200),
      emails: [mail.from],
      language: language === "zh" ? "zh-CN" : "en",
    }).id;
  }

  /** The case a tag names, following merges; null when it never existed. */
  #liveCase(id: number): number | null {
    let current = this.options.crm.cases.get(id);
    for (let hops = 0; current?.merged_into && hops < 10; hops++) {
      current = this.options.crm.cases.get(current.merged_into);
    }
    return current?.id ?? null;
  }

  /** A customer's reply to a case waiting on them, or already resolved, reopens it. */
  #reopen(caseId: number) {
    const { crm } = this.options;
    const current = crm.cases.require(caseId);
    if (current.status === "pending_customer" || current.status === "resolved") {
      try {
        crm.cases.transition(caseId, "open", null);
      } catch {
        // A move the workflow refuses leaves the case where it is; the e-mail is stored.
      }
    }
  }
}

function plain(snippet: string): string {
  return snippet.replace(/<[^>]*>/g, "").replace(/\s+/g, " ").trim().slice(0, 200);
}
