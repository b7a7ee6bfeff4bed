import type { Clock } from "../clock/mod.ts";
import type { ChatQueueFigures } from "./chat_desk.ts";
import type { Chat, ChatStore } from "./chat_store.ts";

/** A chat's service-level threshold T when its queue names none (decision 038). */
export const DEFAULT_CHAT_TARGET_S = 60;
const DEFAULT_SHORT_ABANDON_S = 20;

/**
 * One chat queue as a wallboard tile. Its shape is supervision's `ChannelQueueStatus`;
 * it is written out here so the chat domain does not import supervision.
 */
export interface ChatQueueTile {
  key: string;
  queue_id: number | null;
  name: string;
  channel: "chat";
  waiting: number;
  oldest_wait_s: number | null;
  agents_with_capacity: number | null;
  service_level: number | null;
  service_level_s: number;
}

/** An ended chat as its interaction keeps it (the CRM's `queueContactsSince`). */
export interface EndedChat {
  started_at: string;
  answered_at: string | null;
  ended_at: string | null;
}

export interface ChatQueueTilesOptions {
  clock: Clock;
  store: ChatStore;
  /** Each chat queue now (the desk's {@link ChatDesk.queueFigures}). */
  figures: () => ChatQueueFigures[];
  /** Members ready with room for one more chat now. */
  withRoom: (queueId: number) => number;
  /** The queue's T and short-abandon threshold, in seconds, when it names them. */
  targets: (queueId: number) => { service_level_s?: number; short_abandon_s?: number } | undefined;
  /** Chats of the queue that ended since a moment, from their interactions. */
  endedSince: (queueId: number, sinceMs: number) => EndedChat[];
  /** Midnight today, in the appliance's zone. */
  startOfToday: (nowMs: number) => number;
}

/**
 * The chat queues as wallboard tiles: chats waiting for a person now (waiting or offered,
 * counted from when they reached the queue) and the oldest wait, members with room for another chat, and today's service level. The service
 * level follows the chat report (decision 038): accepted within T ÷ (offered − short
 * abandons), over today's ended chats (their interactions) and the open ones, which
 * have no interaction yet — one with an agent counts by when it was accepted, one still
 * waiting only once it has waited longer than T (it can no longer be answered in time).
 * A chat the bot resolved or still holds was never offered to a person.
 */
export class ChatQueueTiles {
  constructor(private readonly options: ChatQueueTilesOptions) {}

  statuses(): ChatQueueTile[] {
    const { clock, store } = this.options;
    const now = clock.now();
    const since = this.options.startOfToday(now);
    const open = store.open();
    return this.options.figures().map((q) => {
      const targets = this.options.targets(q.queue_id);
      const t = (targets?.service_level_s ?? DEFAULT_CHAT_TARGET_S) * 1000;
      const shortAbandon = (targets?.short_abandon_s ?? DEFAULT_SHORT_ABANDON_S) * 1000;
      let within = 0;
      let counted = 0;
      for (const c of this.options.endedSince(q.queue_id, since)) {
        const start = Date.parse(c.started_at);
        if (c.answered_at !== null) {
          counted++;
          if (Date.parse(c.answered_at) - start <= t) within++;
        } else if (c.ended_at === null || Date.parse(c.ended_at) - start >= shortAbandon) {
          counted++;
        }
      }
      let waiting = 0;
      let oldest: number | null = null;
      for (const chat of open) {
        if (chat.queue_id !== q.queue_id || chat.state === "bot") continue;
        const start = queuedAt(store, chat);
        if (chat.state === "waiting" || chat.state === "offered") {
          waiting++;
          oldest = Math.min(oldest ?? start, start);
        }
        if (start < since) continue;
        if (chat.answered_at !== null) {
          counted++;
          if (Date.parse(chat.answered_at) - start <= t) within++;
        } else if (now - start > t) counted++;
      }
      return {
        key: `chat:${q.queue_id}`,
        queue_id: q.queue_id,
        name: q.name,
        channel: "chat",
        waiting,
        oldest_wait_s: oldest === null ? null : Math.max(0, Math.round((now - oldest) / 1000)),
        agents_with_capacity: this.options.withRoom(q.queue_id),
        service_level: counted === 0 ? null : Math.round((within / counted) * 1000) / 10,
        service_level_s: t / 1000,
      };
    });
  }
}

/** When a chat reached its queue: the hand-over for one the bot had, else its start. */
function queuedAt(store: ChatStore, chat: Chat): number {
  const { queuedAt } = chat.bot_resolved === false ? store.milestones(chat.id) : { queuedAt: null };
  return Date.parse(queuedAt ?? chat.started_at);
}
