/**
 * A conversation's life. The bot (when the entry point has one) answers first; the
 * visitor then waits for a person, is offered to an agent, talks with the agent, and the
 * conversation ends — or, out of hours or when nobody is free, the visitor leaves a
 * message that becomes a case. An offer not accepted goes back to waiting; a transfer to
 * a queue goes back to waiting and a transfer to an agent back to offered.
 */
export const CHAT_STATES = [
  "bot",
  "waiting",
  "offered",
  "with_agent",
  "ended",
  "left_message",
] as const;
export type ChatState = typeof CHAT_STATES[number];

const MOVES: { readonly [S in ChatState]: readonly ChatState[] } = {
  bot: ["waiting", "ended", "left_message"],
  waiting: ["offered", "ended", "left_message"],
  offered: ["with_agent", "waiting", "ended"],
  with_agent: ["waiting", "offered", "ended"],
  ended: [],
  left_message: [],
};

/** States a conversation never leaves. */
export function isFinished(state: ChatState): boolean {
  return MOVES[state].length === 0;
}

/** Thrown for a move the conversation's life does not allow. */
export class IllegalChatMoveError extends Error {
  override name = "IllegalChatMoveError";
  constructor(readonly chatId: number, readonly from: ChatState, readonly to: ChatState) {
    super(`The chat ${chatId} cannot move from ${from} to ${to}`);
  }
}

/** Returns `to` when a chat may move there from `from`, and throws otherwise. */
export function transitionChat(chatId: number, from: ChatState, to: ChatState): ChatState {
  if (!MOVES[from].includes(to)) throw new IllegalChatMoveError(chatId, from, to);
  return to;
}
