/**
 * Web chat: conversations with visitors who write from the widget on the center's site.
 *
 * A conversation ({@link Chat}) keeps the visitor's name, phone or e-mail and topic, the
 * CRM customer they were matched to ({@link matchVisitor}: by phone, then e-mail, else a
 * new customer), its queue and agent, and its messages with sender and time, files
 * included. Its life is one guarded machine ({@link transitionChat}): bot → waiting →
 * offered → with agent → ended, or left a message (a case) when nobody can answer.
 *
 * The bot ({@link KbBot}) answers from the knowledge base agents search, offers the best
 * articles and hands over when asked or unsure; whether it resolved the chat is stored
 * for the reports. Messages carry the sender's own id, so a message sent again after a
 * reconnect is stored and delivered once. {@link FloodLimit} and {@link refuseFile}
 * are the limits a visitor meets. {@link ChatQueueTiles} puts the chat queues on the
 * wallboard.
 *
 * Time comes from the injected Clock; everything is stored in the appliance's SQLite.
 *
 * @module
 */
export {
  CHAT_STATES,
  type ChatState,
  IllegalChatMoveError,
  isFinished,
  transitionChat,
} from "./chat_state.ts";
export {
  type Chat,
  CHAT_SENDERS,
  type ChatChange,
  type ChatFile,
  type ChatMessage,
  type ChatSender,
  ChatStore,
  type NewChat,
} from "./chat_store.ts";
export { matchVisitor, type VisitorDetails, type VisitorMatch } from "./visitor_match.ts";
export { type ArticleSearch, asksForPerson, type BotReply, KbBot, searchTerms } from "./kb_bot.ts";
export { FloodLimit, type FloodRule } from "./flood_limit.ts";
export {
  CHAT_FILE_TYPES,
  type FileRefusal,
  MAX_CHAT_FILE_BYTES,
  MAX_CHAT_TEXT,
  refuseFile,
} from "./attachment_rules.ts";
export { ChatError } from "./chat_error.ts";
export type { ChatQueue, ChatRouting, RoutingEvent } from "./chat_routing.ts";
export {
  type AgentChat,
  type AgentNotices,
  ChatDesk,
  type ChatDeskOptions,
  type ChatQueueFigures,
  type ChatStart,
  type VisitorLink,
} from "./chat_desk.ts";
export {
  type ChatQueueTile,
  ChatQueueTiles,
  type ChatQueueTilesOptions,
  DEFAULT_CHAT_TARGET_S,
  type EndedChat,
} from "./chat_queue_tiles.ts";
export { chatOpenHours, type OpeningHours } from "./center_hours.ts";
export { QuickReplies, type QuickReply, QuickReplySchema } from "./quick_replies.ts";
export {
  type OfferedArticle,
  type ServerMessage,
  type VisitorMessage,
  VisitorMessageSchema,
  type VisitorView,
} from "./visitor_protocol.ts";
export { MAX_VISITOR_FRAME, type VisitorLimits, VisitorSession } from "./visitor_session.ts";
