/** What the ACD decided about a chat. */
export type RoutingEvent =
  | { kind: "offered"; chatId: number; userId: number }
  | { kind: "withdrawn"; chatId: number; userId: number; reason: string };

/** A queue that carries chats. */
export interface ChatQueue {
  id: number;
  name: string;
  /** Whether the knowledge-base bot answers before a person. */
  bot: boolean;
}

/**
 * The ACD as the chat domain uses it (the live desk's chat seats implement it): chats
 * enter chat queues, agents accept, decline and end them, and offers come back as
 * {@link RoutingEvent}s. Ids are database ids.
 */
export interface ChatRouting {
  listen(listener: (event: RoutingEvent) => void): () => void;
  queues(): ChatQueue[];
  /** Whether anyone who takes chats from the queue is at work now. */
  staffed(queueId: number): boolean;
  enter(chatId: number, queueId: number, userId?: number): boolean;
  accept(chatId: number, userId: number): boolean;
  decline(chatId: number, userId: number): boolean;
  end(chatId: number): boolean;
  transfer(chatId: number, queueId: number, userId?: number): boolean;
}
