import type { AcdEngine, ChatLoad } from "../acd/mod.ts";
import { type AcdSetup, agentKey, queueKey } from "./queue_config.ts";

/** What the ACD decided about a chat, for the chat domain to carry out. */
export type ChatSeatEvent =
  | { kind: "offered"; chatId: number; userId: number }
  | { kind: "withdrawn"; chatId: number; userId: number; reason: string };

/** A queue that carries chats, as the chat domain needs it. */
export interface ChatQueueInfo {
  id: number;
  name: string;
  /** Whether the knowledge-base bot answers before a person. */
  bot: boolean;
}

/**
 * Chats on the live ACD: the same engine, queues and agents as calls, so an agent's
 * capacity per channel holds across both. Ids here are the database's (chat, queue and
 * user ids); the engine's are derived from them. Decisions come back as
 * {@link ChatSeatEvent}s, delivered after the engine's step so a listener may answer
 * with an input at once.
 */
export class ChatSeats {
  readonly #listeners = new Set<(event: ChatSeatEvent) => void>();

  constructor(
    private readonly acd: {
      input<T>(fn: (engine: AcdEngine) => T): T | undefined;
      readonly engine: AcdEngine;
      readonly setup: AcdSetup;
    },
  ) {}

  /** Adds a listener for offers and withdrawals; returns the function that removes it. */
  listen(listener: (event: ChatSeatEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Queues whose channel is chat, in id order. */
  queues(): ChatQueueInfo[] {
    return [...this.acd.setup.queues.values()]
      .filter((q) => q.options.channel === "chat")
      .map((q) => ({ id: q.id, name: q.name, bot: q.options.chat_bot === true }));
  }

  /** Whether any member who takes chats is logged in and not away on a reason. */
  staffed(queueId: number): boolean {
    const key = queueKey(queueId);
    const config = this.acd.engine.config;
    return this.acd.engine.agents().some((a) =>
      a.queueIds.includes(key) &&
      (a.state !== "logged_out" && a.state !== "not_ready") &&
      (config.agents.find((c) => c.id === a.id)?.capacity.chat ?? 0) > 0
    );
  }

  /** Members of the queue who are ready with room for one more chat now. */
  withRoom(queueId: number): number {
    const key = queueKey(queueId);
    const engine = this.acd.engine;
    return engine.agents().filter((a) => {
      if (!a.queueIds.includes(key) || a.state !== "ready") return false;
      const load = engine.chatLoad(a.id);
      return load.chats < load.capacity;
    }).length;
  }

  /** The chat waits in the queue (or for one of its agents). False when the ACD refused it. */
  enter(chatId: number, queueId: number, userId?: number): boolean {
    return this.acd.input((e) => {
      e.chatEntered({
        chatId: String(chatId),
        queueId: queueKey(queueId),
        agentId: userId === undefined ? undefined : agentKey(userId),
      });
      return true;
    }) ?? false;
  }

  accept(chatId: number, userId: number): boolean {
    return this.acd.input((e) => e.chatAccepted(String(chatId), agentKey(userId))) ?? false;
  }

  decline(chatId: number, userId: number): boolean {
    return this.acd.input((e) => e.chatDeclined(String(chatId), agentKey(userId))) ?? false;
  }

  end(chatId: number): boolean {
    return this.acd.input((e) => e.chatEnded(String(chatId))) ?? false;
  }

  transfer(chatId: number, queueId: number, userId?: number): boolean {
    return this.acd.input((e) =>
      e.chatTransferred(String(chatId), {
        queueId: queueKey(queueId),
        agentId: userId === undefined ? undefined : agentKey(userId),
      })
    ) ?? false;
  }

  /** The agent's chats and capacity; undefined for a user the ACD does not know. */
  load(userId: number): ChatLoad | undefined {
    try {
      return this.acd.engine.chatLoad(agentKey(userId));
    } catch {
      return undefined;
    }
  }

  /** Where the engine's chat offers arrive (from the desk's ACD output). */
  offered(chatKey: string, agent: string): void {
    this.#emit({ kind: "offered", chatId: Number(chatKey), userId: Number(agent) });
  }

  withdrawn(chatKey: string, agent: string, reason: string): void {
    this.#emit({ kind: "withdrawn", chatId: Number(chatKey), userId: Number(agent), reason });
  }

  #emit(event: ChatSeatEvent): void {
    queueMicrotask(() => {
      for (const listener of this.#listeners) listener(event);
    });
  }
}
