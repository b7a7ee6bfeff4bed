import type { Clock } from "../clock/mod.ts";
import type { Crm, ScriptContext } from "../crm/mod.ts";
import type { Logger } from "../log/mod.ts";
import { refuseFile } from "./attachment_rules.ts";
import { ChatError } from "./chat_error.ts";
import type { ChatQueue, ChatRouting, RoutingEvent } from "./chat_routing.ts";
import { isFinished } from "./chat_state.ts";
import type { Chat, ChatMessage, ChatStore } from "./chat_store.ts";
import { KbBot } from "./kb_bot.ts";
import { QuickReplies } from "./quick_replies.ts";
import { matchVisitor } from "./visitor_match.ts";
import type { OfferedArticle, ServerMessage, VisitorView } from "./visitor_protocol.ts";

/** Where the desk reaches a visitor's open widget (one per browser tab). */
export interface VisitorLink {
  send(message: ServerMessage): void;
}

/** How the desk tells agents' browsers (the event hub). */
export interface AgentNotices {
  publish(type: string, data: Record<string, unknown>): unknown;
}

export interface ChatDeskOptions {
  store: ChatStore;
  crm: Crm;
  routing: ChatRouting;
  notices: AgentNotices;
  clock: Clock;
  log: Logger;
  quickReplies: QuickReplies;
  /** Whether the center is open now; outside hours visitors may only leave a message. */
  isOpen?: () => boolean;
  /** An agent's name as the visitor sees it. */
  agentName: (userId: number) => string | undefined;
  /** An agent's chat capacity changed: the ACD reads its configuration again. */
  capacityChanged?: () => void;
}

/** One chat queue's figures now (see {@link ChatDesk.queueFigures}). */
export interface ChatQueueFigures {
  queue_id: number;
  name: string;
  bot: boolean;
  with_bot: number;
  waiting: number;
  offered: number;
  with_agent: number;
  /** Seconds since the longest-waiting chat started (0 when none waits). */
  oldest_wait_s: number;
  staffed: boolean;
}

/** What a visitor typed in the pre-chat form. */
export interface ChatStart {
  name: string;
  phone?: string;
  email?: string;
  topic: string;
  language: "en" | "zh-CN";
  queue?: string;
}

/** A chat as the agent's desktop shows it. */
export interface AgentChat {
  chat: Chat;
  messages: ChatMessage[];
  customer: {
    id: number;
    name: string;
    vip_level: number;
    phones: string[];
    emails: string[];
    open_cases: { id: number; subject: string; status: string }[];
  } | null;
  queue: string | null;
}

const BOT_TEXT = {
  en: {
    greeting: "Hello! Ask your question and I will look for an answer.",
    found: "These articles may answer your question:",
    unsure: "Let me find a person for you.",
    waiting: "You are in the queue; an agent will be with you shortly.",
    joined: (name: string) => `${name} joined the chat.`,
    closed: "Nobody can answer right now; please leave a message and we will reply.",
    resolved: "Glad that helped. The chat is closed.",
  },
  "zh-CN": {
    greeting: "您好！请输入您的问题，我来为您查找答案。",
    found: "以下文章可能解答您的问题：",
    unsure: "我为您转接人工客服。",
    waiting: "您正在排队，客服马上为您服务。",
    joined: (name: string) => `${name} 已加入对话。`,
    closed: "目前无人可以接待，请留言，我们会尽快回复。",
    resolved: "很高兴帮到您，对话已结束。",
  },
} as const;

/**
 * Web chat on the live appliance: it starts conversations from the widget, lets the bot
 * answer first where the queue has one, hands chats to the ACD, carries messages, files
 * and typing between the visitor's widget and the agent's desktop, and on the end saves
 * the transcript as the customer's interaction (channel chat) and on the case.
 */
export class ChatDesk {
  readonly #o: ChatDeskOptions;
  readonly #bot: KbBot;
  readonly #links = new Map<number, Set<VisitorLink>>();
  readonly #stopListening: () => void;

  constructor(options: ChatDeskOptions) {
    this.#o = options;
    this.#bot = new KbBot(options.crm.kb);
    this.#stopListening = options.routing.listen((e) => this.#routed(e));
  }

  get store(): ChatStore {
    return this.#o.store;
  }

  get quickReplies(): QuickReplies {
    return this.#o.quickReplies;
  }

  close(): void {
    this.#stopListening();
  }

  /**
   * After a restart the ACD holds no chat: chats that were waiting or offered wait in their
   * queue again, and a chat that was with an agent waits for that agent (offered again;
   * nobody else unless that agent declines). Chats with the bot stay with the bot. Returns
   * how many went back to the ACD.
   */
  resumeOpenChats(): number {
    let resumed = 0;
    for (const chat of this.#o.store.open()) {
      if (chat.state === "bot" || chat.queue_id === null) continue;
      const agentId = chat.state === "with_agent" ? chat.agent_id ?? undefined : undefined;
      if (chat.state !== "waiting") {
        this.#o.store.move(chat.id, "waiting", { agent_id: agentId ?? null });
      }
      if (this.#o.routing.enter(chat.id, chat.queue_id, agentId)) resumed++;
    }
    if (resumed > 0) this.#o.log.info("open chats back in their queues", { chats: resumed });
    return resumed;
  }

  // ── the visitor ──────────────────────────────────────────────────────────────────

  /** Starts a conversation: the visitor is matched to a customer and meets the bot or the queue. */
  start(input: ChatStart, remote: string | null): Chat {
    const queue = this.#queueFor(input.queue);
    const match = matchVisitor(
      this.#o.crm,
      { name: input.name, phone: input.phone, email: input.email, language: input.language },
      this.#o.crm.settings.get().default_country,
    );
    const open = this.#open(queue);
    const chat = this.#o.store.create({
      token: token(),
      customer_id: match.customerId,
      visitor_name: input.name,
      visitor_phone: input.phone ?? null,
      visitor_email: input.email ?? null,
      topic: input.topic,
      language: input.language,
      queue_id: queue?.id ?? null,
      state: queue?.bot ? "bot" : "waiting",
      remote_address: remote,
    });
    this.#o.log.info("chat started", { chat_id: chat.id, matched: match.matched, open });
    if (chat.state === "bot") {
      this.#say(chat, "bot", BOT_TEXT[lang(chat)].greeting);
    } else this.#toQueue(chat);
    return this.#o.store.get(chat.id)!;
  }

  /** The chat a visitor's token names, or a ChatError. */
  byToken(tokenText: string): Chat {
    const chat = this.#o.store.byToken(tokenText);
    if (!chat) throw new ChatError("not_found", "chat_not_found", "This chat is no longer known");
    return chat;
  }

  /** Adds a widget to the chat's listeners; returns the function that removes it. */
  attach(chatId: number, link: VisitorLink): () => void {
    const links = this.#links.get(chatId) ?? new Set();
    links.add(link);
    this.#links.set(chatId, links);
    return () => {
      links.delete(link);
      if (links.size === 0) this.#links.delete(chatId);
    };
  }

  /** The conversation as the widget shows it, after the message it showed last. */
  visitorView(chat: Chat, afterId = 0): VisitorView[] {
    return this.#o.store.messages(chat.id, afterId).map((m) => this.#forVisitor(chat, m));
  }

  /** Whether the visitor may only leave a message (closed, or nobody to answer). */
  canOnlyLeaveMessage(chat: Chat): boolean {
    return chat.state === "waiting" && !this.#open(this.#queueOf(chat));
  }

  /** A visitor's message; sent again after a reconnect it is stored and delivered once. */
  visitorMessage(chat: Chat, clientId: string, text: string): ChatMessage {
    this.#mustBeOpen(chat);
    const { message, duplicate } = this.#o.store.addMessage({
      chatId: chat.id,
      sender: "visitor",
      body: text,
      clientId,
    });
    if (duplicate) return message;
    this.#deliver(chat, message);
    if (chat.state === "bot") this.#botAnswers(chat, text);
    return message;
  }

  visitorFile(
    chat: Chat,
    clientId: string,
    file: { name: string; contentType: string; data: Uint8Array },
  ): ChatMessage {
    this.#mustBeOpen(chat);
    const refusal = refuseFile({ ...file, size: file.data.byteLength });
    if (refusal) throw fileError(refusal);
    const seen = this.#o.store.messages(chat.id).find((m) =>
      m.sender === "visitor" && m.client_id === clientId
    );
    if (seen) return seen;
    const stored = this.#o.store.addFile(chat.id, file);
    const { message } = this.#o.store.addMessage({
      chatId: chat.id,
      sender: "visitor",
      body: "",
      clientId,
      attachmentId: stored.id,
    });
    this.#deliver(chat, message);
    return message;
  }

  visitorTyping(chat: Chat, typing: boolean): void {
    if (chat.agent_id === null || chat.state !== "with_agent") return;
    this.#notify("chat.typing", chat, { typing });
  }

  /** The visitor asks for a person, or says the bot's articles did not solve it. */
  askPerson(chat: Chat): void {
    if (chat.state !== "bot") return;
    this.#say(chat, "bot", BOT_TEXT[lang(chat)].unsure);
    this.#o.store.move(chat.id, "waiting", { bot_resolved: false });
    this.#toQueue(this.#o.store.get(chat.id)!);
  }

  /** The visitor's answer to "did this solve it?". */
  solved(chat: Chat, solved: boolean): void {
    if (chat.state !== "bot") return;
    if (!solved) return this.askPerson(chat);
    this.#say(chat, "bot", BOT_TEXT[lang(chat)].resolved);
    const ended = this.#o.store.move(chat.id, "ended", {
      bot_resolved: true,
      end_reason: "bot_resolved",
    });
    this.#saveTranscript(ended, null);
    this.#tellVisitor(ended.id, { type: "state", state: "ended" });
  }

  /** Out of hours or with nobody free, the visitor's message becomes a case. */
  leaveMessage(chat: Chat, text: string): number {
    if (isFinished(chat.state)) {
      throw new ChatError("conflict", "chat_ended", "This chat has ended");
    }
    if (chat.state !== "bot" && chat.state !== "waiting") {
      throw new ChatError("conflict", "agent_present", "An agent is answering this chat");
    }
    this.#o.store.addMessage({ chatId: chat.id, sender: "visitor", body: text });
    const created = this.#o.crm.cases.create({
      customer_id: chat.customer_id!,
      subject: `Chat message${chat.topic ? `: ${chat.topic}` : ""}`.slice(0, 300),
      description: `${text}\n\n${this.#contactLine(chat)}`,
    }, null);
    if (chat.state === "waiting") this.#o.routing.end(chat.id);
    const left = this.#o.store.move(chat.id, "left_message", {
      case_id: created.id,
      end_reason: "left_message",
      ...(chat.state === "bot" ? { bot_resolved: false } : {}),
    });
    this.#saveTranscript(left, null);
    this.#tellVisitor(chat.id, { type: "left_message", case_id: created.id });
    return created.id;
  }

  /** The visitor closed the chat. */
  visitorEnded(chat: Chat): void {
    if (isFinished(chat.state)) return;
    this.#o.routing.end(chat.id);
    const ended = this.#o.store.move(chat.id, "ended", {
      end_reason: "visitor_left",
      ...(chat.state === "bot" ? { bot_resolved: false } : {}),
    });
    this.#saveTranscript(ended, ended.agent_id);
    if (ended.agent_id !== null) this.#notify("chat.state", ended, { state: "ended" });
  }

  // ── the agent ────────────────────────────────────────────────────────────────────

  /** Chats offered to or held by the agent, and those the agent ended but has not closed. */
  mine(userId: number): AgentChat[] {
    return this.#o.store.open().filter((c) => c.agent_id === userId && c.state !== "waiting")
      .map((c) => this.#agentChat(c));
  }

  /** One chat for an agent who holds it, or a supervisor. */
  detail(chatId: number, userId: number, supervisor = false): AgentChat {
    return this.#agentChat(this.#forAgent(chatId, userId, supervisor, true));
  }

  accept(chatId: number, userId: number): Chat {
    const chat = this.#forAgent(chatId, userId);
    if (chat.state !== "offered" || !this.#o.routing.accept(chatId, userId)) {
      throw new ChatError("conflict", "offer_gone", "This chat is no longer offered to you");
    }
    const taken = this.#o.store.move(chatId, "with_agent", { agent_id: userId });
    const name = this.#o.agentName(userId) ?? "Agent";
    this.#say(taken, "system", BOT_TEXT[lang(taken)].joined(name));
    this.#tellVisitor(chatId, { type: "state", state: "with_agent", agent_name: name });
    this.#notify("chat.state", taken, { state: "with_agent" });
    return taken;
  }

  decline(chatId: number, userId: number): void {
    const chat = this.#forAgent(chatId, userId);
    if (chat.state !== "offered" || !this.#o.routing.decline(chatId, userId)) {
      throw new ChatError("conflict", "offer_gone", "This chat is no longer offered to you");
    }
    // The ACD's withdrawal moves the chat back to waiting.
  }

  agentMessage(chatId: number, userId: number, text: string): ChatMessage {
    const chat = this.#withAgent(chatId, userId);
    const { message } = this.#o.store.addMessage({
      chatId,
      sender: "agent",
      body: text,
      agentId: userId,
    });
    this.#deliver(chat, message);
    return message;
  }

  agentFile(
    chatId: number,
    userId: number,
    file: { name: string; contentType: string; data: Uint8Array },
  ): ChatMessage {
    const chat = this.#withAgent(chatId, userId);
    const refusal = refuseFile({ ...file, size: file.data.byteLength });
    if (refusal) throw fileError(refusal);
    const stored = this.#o.store.addFile(chatId, file);
    const { message } = this.#o.store.addMessage({
      chatId,
      sender: "agent",
      body: "",
      agentId: userId,
      attachmentId: stored.id,
    });
    this.#deliver(chat, message);
    return message;
  }

  agentTyping(chatId: number, userId: number, typing: boolean): void {
    this.#withAgent(chatId, userId);
    this.#tellVisitor(chatId, { type: "typing", typing });
  }

  /** Hands the chat to a chat queue or to one agent (through the chat's queue), with a note. */
  transfer(
    chatId: number,
    userId: number,
    target: { queueId?: number; userId?: number; note?: string },
  ): Chat {
    const chat = this.#withAgent(chatId, userId);
    const queueId = target.queueId ?? chat.queue_id;
    if (queueId === null || !this.#o.routing.queues().some((q) => q.id === queueId)) {
      throw new ChatError("invalid", "not_a_chat_queue", "Choose a queue that takes chats");
    }
    if (target.note) {
      this.#o.store.addMessage({ chatId, sender: "system", body: `Transfer note: ${target.note}` });
    }
    if (!this.#o.routing.transfer(chatId, queueId, target.userId)) {
      throw new ChatError("conflict", "transfer_refused", "The chat could not be transferred");
    }
    const moved = this.#o.store.move(chatId, "waiting", { queue_id: queueId, agent_id: null });
    this.#notify("chat.state", { ...moved, agent_id: userId }, { state: "transferred" });
    this.#tellVisitor(chatId, { type: "state", state: "waiting" });
    return moved;
  }

  /**
   * Ends the chat with a disposition (or closes one the visitor already left): the
   * transcript is the customer's interaction and, with a case, a note on it.
   */
  end(
    chatId: number,
    userId: number,
    wrap: { disposition?: string; notes?: string; caseId?: number },
  ): Chat {
    let chat = this.#forAgent(chatId, userId);
    if (
      wrap.disposition !== undefined &&
      !this.#o.crm.dispositions.list().some((d) => d.code === wrap.disposition)
    ) {
      throw new ChatError(
        "invalid",
        "unknown_disposition",
        `Unknown disposition ${wrap.disposition}`,
      );
    }
    if (wrap.caseId !== undefined) {
      this.#o.crm.cases.require(wrap.caseId);
      chat = this.#o.store.update(chatId, { case_id: wrap.caseId });
    }
    if (!isFinished(chat.state)) {
      if (chat.state !== "with_agent") {
        throw new ChatError("conflict", "not_with_agent", "Accept the chat before ending it");
      }
      this.#o.routing.end(chatId);
      chat = this.#o.store.move(chatId, "ended", {
        end_reason: "agent_ended",
        disposition: wrap.disposition ?? null,
      });
      this.#tellVisitor(chatId, { type: "state", state: "ended" });
      this.#saveTranscript(chat, userId, wrap);
    } else {
      chat = this.#o.store.update(chatId, { disposition: wrap.disposition ?? chat.disposition });
      if (chat.interaction_id !== null) {
        this.#o.crm.interactions.update(chat.interaction_id, {
          ...(wrap.disposition ? { disposition: wrap.disposition } : {}),
          ...(chat.case_id !== null ? { case_id: chat.case_id } : {}),
        });
      }
      if (wrap.caseId !== undefined) this.#noteOnCase(chat, userId);
    }
    return chat;
  }

  /** Sets how many chats an agent holds at once; the ACD applies it when it is quiet. */
  setCapacity(userId: number, capacity: number): void {
    if (!this.#o.store.setCapacity(userId, capacity)) {
      throw new ChatError("not_found", "not_found", `User ${userId} was not found`);
    }
    this.#o.capacityChanged?.();
  }

  /**
   * Each chat queue now, for supervisors: chats with the bot, waiting, offered and with an
   * agent, the longest wait of those waiting, and whether anyone who takes chats is at work.
   */
  queueFigures(): ChatQueueFigures[] {
    const now = this.#o.clock.now();
    const open = this.#o.store.open();
    return this.#o.routing.queues().map((q) => {
      const mine = open.filter((c) => c.queue_id === q.id);
      const count = (state: string) => mine.filter((c) => c.state === state).length;
      const waitingSince = mine.filter((c) => c.state === "waiting")
        .map((c) => Date.parse(c.started_at));
      return {
        queue_id: q.id,
        name: q.name,
        bot: q.bot,
        with_bot: count("bot"),
        waiting: count("waiting"),
        offered: count("offered"),
        with_agent: count("with_agent"),
        oldest_wait_s: waitingSince.length === 0
          ? 0
          : Math.round((now - Math.min(...waitingSince)) / 1000),
        staffed: this.#o.routing.staffed(q.id),
      };
    });
  }

  /** Quick replies with the customer's details filled in. */
  replies(chatId: number, userId: number): ReturnType<QuickReplies["rendered"]> {
    const chat = this.#forAgent(chatId, userId, false, true);
    return this.#o.quickReplies.rendered(userId, this.#context(chat, userId));
  }

  // ── internals ────────────────────────────────────────────────────────────────────

  #routed(event: RoutingEvent): void {
    const chat = this.#o.store.get(event.chatId);
    if (!chat) return;
    try {
      if (event.kind === "offered") {
        if (chat.state !== "waiting") return;
        const offered = this.#o.store.move(chat.id, "offered", { agent_id: event.userId });
        this.#notify("chat.offered", offered, { chat: this.#agentChat(offered) });
      } else if (chat.state === "offered" && chat.agent_id === event.userId) {
        const back = this.#o.store.move(chat.id, "waiting", { agent_id: null });
        this.#notify("chat.withdrawn", { ...back, agent_id: event.userId }, {
          reason: event.reason,
        });
      }
    } catch (error) {
      this.#o.log.warn("a chat routing decision could not be applied", {
        chat_id: chat.id,
        error,
      });
    }
  }

  #botAnswers(chat: Chat, text: string): void {
    const reply = this.#bot.reply(text);
    const t = BOT_TEXT[lang(chat)];
    if (reply.kind === "handover") return this.askPerson(chat);
    const articles: OfferedArticle[] = reply.articles.map((a) => ({
      id: a.id,
      title: a.title,
      text: (this.#o.crm.kb.get(a.id)?.body ?? a.snippet).slice(0, 1200),
    }));
    const { message } = this.#o.store.addMessage({
      chatId: chat.id,
      sender: "bot",
      body: `${t.found}\n${articles.map((a) => `• ${a.title}`).join("\n")}`,
    });
    this.#tellVisitor(chat.id, {
      type: "message",
      message: { ...this.#forVisitor(chat, message), articles },
    });
    this.#tellVisitor(chat.id, { type: "ask_solved" });
  }

  #toQueue(chat: Chat): void {
    const queue = this.#queueOf(chat);
    const t = BOT_TEXT[lang(chat)];
    if (!queue || !this.#open(queue)) {
      this.#say(chat, "system", t.closed);
      this.#tellVisitor(chat.id, { type: "state", state: "waiting", can_leave_message: true });
      return;
    }
    if (!this.#o.routing.enter(chat.id, queue.id)) {
      this.#say(chat, "system", t.closed);
      this.#tellVisitor(chat.id, { type: "state", state: "waiting", can_leave_message: true });
      return;
    }
    this.#say(chat, "system", t.waiting);
    this.#tellVisitor(chat.id, { type: "state", state: "waiting", can_leave_message: false });
  }

  #open(queue: ChatQueue | undefined): boolean {
    if (!queue) return false;
    if (this.#o.isOpen && !this.#o.isOpen()) return false;
    return this.#o.routing.staffed(queue.id);
  }

  #queueFor(wanted: string | undefined): ChatQueue | undefined {
    const queues = this.#o.routing.queues();
    if (wanted) {
      const found = queues.find((q) => q.name === wanted || String(q.id) === wanted);
      if (found) return found;
    }
    return queues[0];
  }

  #queueOf(chat: Chat): ChatQueue | undefined {
    return this.#o.routing.queues().find((q) => q.id === chat.queue_id);
  }

  #say(chat: Chat, sender: "bot" | "system", text: string): void {
    const { message } = this.#o.store.addMessage({ chatId: chat.id, sender, body: text });
    this.#deliver(chat, message);
  }

  /** A new message to both sides: the visitor's widget and the chat's agent. */
  #deliver(chat: Chat, message: ChatMessage): void {
    this.#tellVisitor(chat.id, { type: "message", message: this.#forVisitor(chat, message) });
    const now = this.#o.store.get(chat.id)!;
    if (now.agent_id !== null) this.#notify("chat.message", now, { message });
  }

  #tellVisitor(chatId: number, message: ServerMessage): void {
    for (const link of this.#links.get(chatId) ?? []) {
      try {
        link.send(message);
      } catch (error) {
        this.#o.log.warn("a chat widget could not be reached", { chat_id: chatId, error });
      }
    }
  }

  #notify(type: string, chat: Chat, data: Record<string, unknown>): void {
    this.#o.notices.publish(type, {
      chat_id: chat.id,
      agent_ids: chat.agent_id === null ? [] : [chat.agent_id],
      ...data,
    });
  }

  #forVisitor(chat: Chat, m: ChatMessage): VisitorView {
    return {
      id: m.id,
      sender: m.sender,
      body: m.body,
      client_id: m.sender === "visitor" ? m.client_id : null,
      file: m.attachment && {
        id: m.attachment.id,
        name: m.attachment.name,
        size: m.attachment.size,
        url: `/widget/files/${chat.token}/${m.attachment.id}`,
      },
      sent_at: m.sent_at,
    };
  }

  #agentChat(chat: Chat): AgentChat {
    const match = chat.customer_id === null ? null : this.#o.crm.screenPop(chat.customer_id);
    const customer = match?.customer;
    return {
      chat: { ...chat, token: "" },
      messages: this.#o.store.messages(chat.id),
      customer: customer
        ? {
          id: customer.id,
          name: customer.name,
          vip_level: customer.vip_level,
          phones: customer.phones.map((p) => p.e164),
          emails: customer.emails.map((e) => e.email),
          open_cases: match!.open_cases.map((c) => ({
            id: c.id,
            subject: c.subject,
            status: c.status,
          })),
        }
        : null,
      queue: this.#queueOf(chat)?.name ?? null,
    };
  }

  #forAgent(chatId: number, userId: number, supervisor = false, finishedToo = true): Chat {
    const chat = this.#o.store.get(chatId);
    if (!chat || (!supervisor && chat.agent_id !== userId)) {
      throw new ChatError("not_found", "not_found", `Chat ${chatId} was not found`);
    }
    if (!finishedToo && isFinished(chat.state)) {
      throw new ChatError("conflict", "chat_ended", "This chat has ended");
    }
    return chat;
  }

  #withAgent(chatId: number, userId: number): Chat {
    const chat = this.#forAgent(chatId, userId);
    if (chat.state !== "with_agent") {
      throw new ChatError("conflict", "not_with_agent", "This chat is not yours to answer now");
    }
    return chat;
  }

  #mustBeOpen(chat: Chat): void {
    if (isFinished(chat.state)) {
      throw new ChatError("conflict", "chat_ended", "This chat has ended");
    }
  }

  #context(chat: Chat, userId: number): ScriptContext {
    const customer = chat.customer_id === null
      ? undefined
      : this.#o.crm.customers.get(chat.customer_id);
    return {
      customer: customer && {
        name: customer.name,
        company: customer.company,
        vip_level: customer.vip_level,
        language: customer.language,
        phone: customer.phones[0]?.e164 ?? chat.visitor_phone,
        email: customer.emails[0]?.email ?? chat.visitor_email,
        external_id: customer.external_id,
        tags: customer.tags,
        custom: customer.custom_fields,
      },
      agent: { name: this.#o.agentName(userId) },
      case: chat.case_id === null ? undefined : (() => {
        const c = this.#o.crm.cases.get(chat.case_id!);
        return c && { id: c.id, subject: c.subject, status: c.status };
      })(),
    };
  }

  #contactLine(chat: Chat): string {
    return [chat.visitor_name, chat.visitor_phone, chat.visitor_email].filter(Boolean).join(" · ");
  }

  #saveTranscript(
    chat: Chat,
    agentId: number | null,
    wrap: { disposition?: string; notes?: string } = {},
  ): void {
    const transcript = this.#o.store.transcript(chat.id);
    const notes = [wrap.notes, transcript].filter(Boolean).join("\n\n");
    // Decision 038's columns: a chat the bot handed over starts, for the reports, when it
    // reached the queue; the first response is the agent's first message, not the bot's.
    const { firstAgentAt, queuedAt } = this.#o.store.milestones(chat.id);
    const startedAt = chat.bot_resolved === false && queuedAt !== null ? queuedAt : chat.started_at;
    const interaction = this.#o.crm.interactions.record({
      customer_id: chat.customer_id,
      channel: "chat",
      direction: "inbound",
      queue_id: chat.queue_id,
      agent_id: agentId,
      case_id: chat.case_id,
      ...(wrap.disposition ? { disposition: wrap.disposition } : {}),
      category: chat.topic ? chat.topic.slice(0, 60) : null,
      notes: notes.slice(0, 20_000),
      started_at: startedAt,
      answered_at: chat.answered_at,
      first_response_at: firstAgentAt,
      ended_at: chat.ended_at,
      resolved_by_bot: chat.bot_resolved === true,
    });
    this.#o.store.update(chat.id, { interaction_id: interaction.id });
    if (chat.case_id !== null) this.#noteOnCase(chat, agentId);
  }

  #noteOnCase(chat: Chat, agentId: number | null): void {
    this.#o.crm.cases.addNote(
      chat.case_id!,
      `Chat transcript\n${this.#o.store.transcript(chat.id)}`.slice(0, 20_000),
      agentId,
    );
  }
}

function lang(chat: Chat): "en" | "zh-CN" {
  return chat.language === "zh-CN" ? "zh-CN" : "en";
}

function token(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

function fileError(refusal: NonNullable<ReturnType<typeof refuseFile>>): ChatError {
  switch (refusal.code) {
    case "file_too_large":
      return new ChatError(
        "invalid",
        refusal.code,
        `Files can be at most ${Math.round(refusal.maxBytes / 1000)} kB`,
        { max_bytes: refusal.maxBytes },
      );
    case "file_type_not_allowed":
      return new ChatError(
        "invalid",
        refusal.code,
        `Only these files can be sent: ${refusal.allowed.join(", ")}`,
        { allowed: refusal.allowed },
      );
    case "file_empty":
      return new ChatError("invalid", refusal.code, "The file is empty");
  }
}
