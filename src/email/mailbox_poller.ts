import type { CancelTimer, Clock } from "../clock/mod.ts";
import type { Logger } from "../log/mod.ts";
import { retryDelayMs } from "./back_off.ts";
import type { EmailIntake } from "./email_intake.ts";
import type { MailboxStore } from "./mailbox_store.ts";
import type { MailReader } from "./mail_transport.ts";

/** How many messages one round reads before it marks them seen and looks again. */
export const FETCH_BATCH = 200;

export interface MailboxPollerOptions {
  clock: Clock;
  mailboxes: MailboxStore;
  reader: MailReader;
  intake: EmailIntake;
  log: Logger;
  /** 0..1 for spreading retries; tests pass a constant. */
  random?: () => number;
}

/** What one round did. */
export interface FetchRound {
  stored: number;
  duplicates: number;
}

/**
 * Reads every enabled mailbox on its own timer. A round opens the folder, stores each
 * message above the last stored UID (the intake makes it a case), records the UID, and
 * only then sets \Seen; nothing is deleted or moved. A failure (server away, password
 * refused, a message that cannot be stored) leaves the UID where it was, so the next try
 * starts from the same message, and waits longer after each failure in a row.
 */
export class MailboxPoller {
  readonly #timers = new Map<number, CancelTimer>();
  readonly #running = new Map<number, Promise<FetchRound>>();
  #started = false;

  constructor(private readonly options: MailboxPollerOptions) {}

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.reschedule();
  }

  /** Stops the timers and waits for rounds under way, so none writes after the database closes. */
  async close(): Promise<void> {
    this.#started = false;
    for (const cancel of this.#timers.values()) cancel();
    this.#timers.clear();
    await Promise.allSettled([...this.#running.values()]);
  }

  /** Picks up added, changed or removed mailboxes: each is read again shortly. */
  reschedule(): void {
    if (!this.#started) return;
    for (const cancel of this.#timers.values()) cancel();
    this.#timers.clear();
    for (const mailbox of this.options.mailboxes.list()) {
      if (mailbox.enabled) this.#schedule(mailbox.id, 0);
    }
  }

  /** Reads one mailbox now (a round already under way is joined, not doubled). */
  fetchNow(mailboxId: number): Promise<FetchRound> {
    const running = this.#running.get(mailboxId);
    if (running) return running;
    const round = this.#round(mailboxId)
      .catch((error) => {
        const message = error instanceof Error ? error.message : String(error);
        this.options.mailboxes.failed(mailboxId, message);
        throw error;
      })
      .finally(() => this.#running.delete(mailboxId));
    this.#running.set(mailboxId, round);
    return round;
  }

  async #round(mailboxId: number): Promise<FetchRound> {
    const { mailboxes, reader, intake } = this.options;
    const mailbox = mailboxes.require(mailboxId);
    const result: FetchRound = { stored: 0, duplicates: 0 };
    const session = await reader.open(mailbox);
    try {
      let lastUid = mailbox.last_uid;
      if (mailbox.uid_validity !== null && mailbox.uid_validity !== session.uidValidity) {
        // The folder was recreated: its UIDs start over. Message-IDs still catch e-mails
        // stored before, so reading it again makes no second case.
        mailboxes.restart(mailbox.id, session.uidValidity);
        lastUid = 0;
      }
      for (;;) {
        const seen: number[] = [];
        for await (const fetched of session.fetchAfter(lastUid, FETCH_BATCH)) {
          const outcome = await intake.receive(mailbox, {
            uidValidity: session.uidValidity,
            uid: fetched.uid,
            source: fetched.source,
          });
          if (outcome.outcome === "duplicate") result.duplicates++;
          else result.stored++;
          mailboxes.markRead(mailbox.id, session.uidValidity, fetched.uid);
          lastUid = fetched.uid;
          seen.push(fetched.uid);
        }
        await session.markSeen(seen);
        if (seen.length < FETCH_BATCH) break;
      }
      await intake.settled();
      mailboxes.fetched(mailbox.id);
      return result;
    } finally {
      await session.close();
    }
  }

  #schedule(mailboxId: number, delayMs: number) {
    this.#timers.get(mailboxId)?.();
    this.#timers.set(
      mailboxId,
      this.options.clock.setTimer(delayMs, () => void this.#tick(mailboxId)),
    );
  }

  async #tick(mailboxId: number) {
    const { mailboxes, log } = this.options;
    if (!this.#started) return;
    const mailbox = mailboxes.get(mailboxId);
    if (!mailbox?.enabled) return;
    try {
      const round = await this.fetchNow(mailboxId);
      if (round.stored > 0) {
        log.info("e-mails stored", { mailbox: mailbox.name, stored: round.stored });
      }
      if (this.#started) this.#schedule(mailboxId, mailbox.poll_s * 1000);
    } catch (error) {
      if (!this.#started) return;
      const message = error instanceof Error ? error.message : String(error);
      const failures = mailboxes.get(mailboxId)?.failures ?? 1;
      const delay = retryDelayMs(Math.max(1, failures), (this.options.random ?? Math.random)());
      log.warn("the mailbox could not be read; trying again later", {
        mailbox: mailbox.name,
        failures,
        retry_ms: delay,
        error: message,
      });
      if (this.#started) this.#schedule(mailboxId, delay);
    }
  }
}
