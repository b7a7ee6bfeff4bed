import type { Clock } from "../clock/mod.ts";
import type { EmailWorkItem } from "./email_desk.ts";
import type { EmailMessages } from "./email_messages.ts";
import type { Mailbox } from "./mailbox_schema.ts";

/**
 * One mailbox as a wallboard tile. Its shape is supervision's `ChannelQueueStatus`; it is
 * written out here so the e-mail domain does not import supervision.
 */
export interface EmailQueueTile {
  key: string;
  queue_id: number | null;
  name: string;
  channel: "email";
  waiting: number;
  oldest_wait_s: number | null;
  agents_with_capacity: number | null;
  service_level: number | null;
  service_level_s: number;
}

export interface EmailQueueTilesOptions {
  clock: Clock;
  messages: EmailMessages;
  mailboxes: () => Mailbox[];
  /** The e-mail work list (the desk's `waiting()`). */
  waiting: () => EmailWorkItem[];
  /** Midnight today, in the appliance's zone. */
  startOfToday: (nowMs: number) => number;
}

/**
 * The e-mail work list as wallboard tiles, one per enabled mailbox (each has its own
 * service level and names its queue): e-mails waiting for a first reply, the oldest
 * one's age, and today's first-reply service level — today's e-mails first answered
 * within T ÷ those answered or unanswered longer than T (one still within T may yet
 * make it, and is not counted). Agents pick e-mail from a list rather than being
 * offered it, so there is no capacity to show.
 */
export class EmailQueueTiles {
  constructor(private readonly options: EmailQueueTilesOptions) {}

  statuses(): EmailQueueTile[] {
    const { clock, messages } = this.options;
    const now = clock.now();
    const waiting = this.options.waiting();
    const received = messages.receivedSince(this.options.startOfToday(now));
    return this.options.mailboxes().filter((m) => m.enabled).map((mailbox) => {
      const t = mailbox.service_level_s * 1000;
      const mine = waiting.filter((w) => w.mailbox_id === mailbox.id);
      let within = 0;
      let counted = 0;
      for (const r of received) {
        if (r.mailbox_id !== mailbox.id) continue;
        const start = Date.parse(r.created_at);
        const waitMs = (r.answered_at === null ? now : Date.parse(r.answered_at)) - start;
        if (r.answered_at === null && waitMs <= t) continue;
        counted++;
        if (r.answered_at !== null && waitMs <= t) within++;
      }
      return {
        key: `email:${mailbox.id}`,
        queue_id: mailbox.queue_id,
        name: mailbox.name,
        channel: "email",
        waiting: mine.length,
        oldest_wait_s: mine.length === 0 ? null : Math.max(...mine.map((w) => w.age_s)),
        agents_with_capacity: null,
        service_level: counted === 0 ? null : Math.round((within / counted) * 1000) / 10,
        service_level_s: mailbox.service_level_s,
      };
    });
  }
}
