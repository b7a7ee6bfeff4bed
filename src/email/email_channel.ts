import type { Clock } from "../clock/mod.ts";
import type { Crm } from "../crm/mod.ts";
import type { Database } from "../db/mod.ts";
import type { Logger } from "../log/mod.ts";
import { EmailDesk } from "./email_desk.ts";
import { EmailIntake } from "./email_intake.ts";
import { EmailMessages } from "./email_messages.ts";
import { EmailQueueTiles } from "./email_queue_tiles.ts";
import { ImapReader } from "./imap_reader.ts";
import type { MailboxSettings } from "./mailbox_schema.ts";
import { MailboxPoller } from "./mailbox_poller.ts";
import { MailboxStore } from "./mailbox_store.ts";
import type { MailReader, MailSender } from "./mail_transport.ts";
import { SmtpSender } from "./smtp_sender.ts";

export interface EmailChannelOptions {
  db: Database;
  clock: Clock;
  crm: Crm;
  log: Logger;
  /** The center's name and language (`center.name`, `center.language`). */
  center: () => { name: string; language: string };
  /** IMAP and SMTP; the real ones unless a test passes fakes. */
  reader?: MailReader;
  sender?: MailSender;
  random?: () => number;
}

/** A mailbox whose reading fails, for the supervisors' alarms. */
export interface MailboxFault {
  id: number;
  name: string;
  failures: number;
  error: string;
  since: string | null;
}

/** The result of the admin's test button: each side either answers or says why not. */
export interface MailboxTest {
  imap: { ok: true; uid_validity: number } | { ok: false; error: string };
  smtp: { ok: true } | { ok: false; error: string };
}

/** The e-mail channel put together: mailboxes, their readers, the intake and the desk. */
export class EmailChannel {
  readonly mailboxes: MailboxStore;
  readonly messages: EmailMessages;
  readonly intake: EmailIntake;
  readonly desk: EmailDesk;
  readonly poller: MailboxPoller;
  readonly #reader: MailReader;
  readonly #sender: MailSender;
  readonly #clock: Clock;

  constructor(options: EmailChannelOptions) {
    const { db, clock, crm, log, center } = options;
    this.#clock = clock;
    this.#reader = options.reader ?? new ImapReader();
    this.#sender = options.sender ?? new SmtpSender();
    this.mailboxes = new MailboxStore(db, clock);
    this.messages = new EmailMessages(db, clock);
    this.intake = new EmailIntake({
      db,
      clock,
      crm,
      messages: this.messages,
      mailboxes: this.mailboxes,
      sender: this.#sender,
      center,
      log,
    });
    this.desk = new EmailDesk({
      clock,
      crm,
      messages: this.messages,
      mailboxes: this.mailboxes,
      sender: this.#sender,
      center,
    });
    this.poller = new MailboxPoller({
      clock,
      mailboxes: this.mailboxes,
      reader: this.#reader,
      intake: this.intake,
      log,
      random: options.random,
    });
  }

  /** The mailboxes as wallboard tiles (decision 038's channel queues). */
  queueTiles(startOfToday: (nowMs: number) => number): EmailQueueTiles {
    return new EmailQueueTiles({
      clock: this.#clock,
      messages: this.messages,
      mailboxes: () => this.mailboxes.list(),
      waiting: () => this.desk.waiting(),
      startOfToday,
    });
  }

  start(): void {
    this.poller.start();
  }

  /** Stops reading; resolves once no fetch is under way. */
  async close(): Promise<void> {
    await this.poller.close();
    this.#sender.close?.();
  }

  /** Mailboxes that failed their last fetch, for the alarm rules. */
  faults(): MailboxFault[] {
    return this.mailboxes.list()
      .filter((m) => m.enabled && m.failures > 0)
      .map((m) => ({
        id: m.id,
        name: m.name,
        failures: m.failures,
        error: m.last_error ?? "",
        since: m.last_error_at,
      }));
  }

  /** Signs in to both servers without reading or sending anything. */
  async test(settings: MailboxSettings): Promise<MailboxTest> {
    const reason = (e: unknown) => e instanceof Error ? e.message : String(e);
    const imap = await this.#reader.open(settings)
      .then(async (session) => {
        const uidValidity = session.uidValidity;
        await session.close();
        return { ok: true as const, uid_validity: uidValidity };
      })
      .catch((e) => ({ ok: false as const, error: reason(e) }));
    const smtp = await this.#sender.verify(settings)
      .then(() => ({ ok: true as const }))
      .catch((e) => ({ ok: false as const, error: reason(e) }));
    return { imap, smtp };
  }
}
