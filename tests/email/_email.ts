import { createLogger } from "../../src/log/mod.ts";
import {
  EmailChannel,
  type FetchedMail,
  type MailboxSettings,
  type MailReader,
  type MailSender,
  type MailSession,
  type OutgoingMail,
} from "../../src/email/mod.ts";
import { type CrmFixture, crmFixture } from "../crm/_crm.ts";

/** A folder on a pretend IMAP server: messages by UID, a switch to make it refuse. */
export class FakeFolder implements MailReader {
  readonly messages: { uid: number; source: Uint8Array; seen: boolean }[] = [];
  uidValidity = 1000;
  refuse: string | null = null;
  opened = 0;
  #next = 1;

  deliver(raw: string): number {
    const uid = this.#next++;
    this.messages.push({ uid, source: new TextEncoder().encode(raw), seen: false });
    return uid;
  }

  open(_mailbox: MailboxSettings): Promise<MailSession> {
    this.opened++;
    if (this.refuse) return Promise.reject(new Error(this.refuse));
    const { messages, uidValidity } = this;
    return Promise.resolve({
      uidValidity,
      async *fetchAfter(afterUid: number, limit: number): AsyncIterable<FetchedMail> {
        const list = messages.filter((m) => m.uid > afterUid).slice(0, limit);
        for (const m of list) yield { uid: m.uid, source: m.source };
      },
      markSeen(uids: readonly number[]) {
        for (const m of messages) if (uids.includes(m.uid)) m.seen = true;
        return Promise.resolve();
      },
      close: () => Promise.resolve(),
    });
  }
}

/** An SMTP server that keeps what it was given. */
export class FakeOutbox implements MailSender {
  readonly sent: OutgoingMail[] = [];
  #n = 0;
  send(_mailbox: MailboxSettings, mail: OutgoingMail) {
    this.sent.push(mail);
    return Promise.resolve({ messageId: `out-${++this.#n}@center.example` });
  }
  verify() {
    return Promise.resolve();
  }
}

export interface EmailFixture extends CrmFixture {
  folder: FakeFolder;
  outbox: FakeOutbox;
  email: EmailChannel;
  mailboxId: number;
}

export async function emailFixture(language = "en"): Promise<EmailFixture> {
  const base = await crmFixture();
  const folder = new FakeFolder();
  const outbox = new FakeOutbox();
  const email = new EmailChannel({
    db: base.db,
    clock: base.clock,
    crm: base.crm,
    log: createLogger("email", { sink: () => {} }),
    center: () => ({ name: "Harbour Support", language }),
    reader: folder,
    sender: outbox,
    random: () => 0,
  });
  const mailbox = email.mailboxes.create({
    name: "Support",
    address: "support@center.example",
    imap: { host: "127.0.0.1", port: 143, tls: false, user: "support", password: "secret" },
    smtp: { host: "127.0.0.1", port: 25, tls: false },
  });
  const dispose = base[Symbol.asyncDispose];
  return {
    ...base,
    folder,
    outbox,
    email,
    mailboxId: mailbox.id,
    async [Symbol.asyncDispose]() {
      await email.close();
      await dispose();
    },
  };
}

/** A plain e-mail's source with the headers given. */
export function rawMail(headers: Record<string, string>, body = "Hello"): string {
  const all: Record<string, string> = {
    From: "Zhang San <zhang@customer.example>",
    To: "support@center.example",
    Subject: "Printer jams",
    Date: "Fri, 01 May 2026 02:00:00 +0000",
    "Message-ID": `<${crypto.randomUUID()}@customer.example>`,
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=utf-8",
    ...headers,
  };
  return Object.entries(all).filter(([, v]) => v !== "").map(([k, v]) => `${k}: ${v}`).join(
    "\r\n",
  ) +
    "\r\n\r\n" + body + "\r\n";
}
