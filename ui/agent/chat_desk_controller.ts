import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { HubEvent } from "../common/events_controller.ts";

/** A message as the chat API sends it. */
export interface DeskMessage {
  id: number;
  chat_id: number;
  sender: "visitor" | "agent" | "bot" | "system";
  body: string;
  agent_id: number | null;
  attachment: { id: number; name: string; content_type: string; size: number } | null;
  sent_at: string;
}

/** One chat as `GET /chats/mine` describes it. */
export interface DeskChat {
  chat: {
    id: number;
    state: string;
    visitor_name: string;
    visitor_phone: string | null;
    visitor_email: string | null;
    topic: string;
    queue_id: number | null;
    case_id: number | null;
    end_reason: string | null;
  };
  messages: DeskMessage[];
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

export interface QuickReplyView {
  id: number;
  title: string;
  text: string;
  owner_id: number | null;
}

/** The chat API as the controller calls it (the ApiClient, or a fake in tests). */
export interface ChatApi {
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
  upload<T>(path: string, file: Blob, contentType: string): Promise<T>;
}

/**
 * The agent's chats: loads those offered and held, follows the `chat.*` events (which the
 * server sends to the chat's agent only), and carries out the agent's actions. Each chat
 * stays in its tab after it ends until the agent has given a disposition and closed it.
 */
export class ChatDeskController implements ReactiveController {
  #chats = new Map<number, DeskChat>();
  #typing = new Set<number>();
  #replies = new Map<number, QuickReplyView[]>();
  #closedByAgent = new Set<number>();
  active: number | null = null;
  error: string | null = null;

  constructor(private readonly host: ReactiveControllerHost, private readonly api: ChatApi) {
    host.addController(this);
  }

  hostConnected(): void {}

  get chats(): DeskChat[] {
    return [...this.#chats.values()].sort((a, b) => a.chat.id - b.chat.id);
  }

  get current(): DeskChat | undefined {
    return this.active === null ? undefined : this.#chats.get(this.active);
  }

  typing(chatId: number): boolean {
    return this.#typing.has(chatId);
  }

  replies(chatId: number): QuickReplyView[] {
    return this.#replies.get(chatId) ?? [];
  }

  async load(): Promise<void> {
    try {
      const { chats } = await this.api.request<{ chats: DeskChat[] }>("GET", "/chats/mine");
      for (const c of chats) this.#chats.set(c.chat.id, c);
      if (this.active === null && chats.length > 0) this.active = chats[0].chat.id;
      this.host.requestUpdate();
    } catch (error) {
      this.#failed(error);
    }
  }

  /** Follows a hub event; returns whether it was a chat event. */
  onEvent(event: HubEvent): boolean {
    if (!event.type.startsWith("chat.")) return false;
    const id = Number(event.data.chat_id);
    const chat = this.#chats.get(id);
    switch (event.type) {
      case "chat.offered": {
        const offered = event.data.chat as DeskChat;
        this.#closedByAgent.delete(id);
        this.#chats.set(id, offered);
        if (this.active === null) this.active = id;
        break;
      }
      case "chat.withdrawn":
        if (chat?.chat.state === "offered") this.#drop(id);
        break;
      case "chat.message": {
        const message = event.data.message as DeskMessage;
        if (chat && !chat.messages.some((m) => m.id === message.id)) {
          chat.messages = [...chat.messages, message];
          if (message.sender === "visitor") this.#typing.delete(id);
        }
        break;
      }
      case "chat.typing":
        if (event.data.typing) this.#typing.add(id);
        else this.#typing.delete(id);
        break;
      case "chat.state":
        if (chat) {
          const state = String(event.data.state);
          if (state === "transferred") this.#drop(id);
          else chat.chat = { ...chat.chat, state };
        }
        break;
    }
    this.host.requestUpdate();
    return true;
  }

  select(chatId: number): void {
    this.active = chatId;
    this.host.requestUpdate();
    void this.loadReplies(chatId);
  }

  async accept(chatId: number): Promise<void> {
    await this.#act(async () => {
      await this.api.request("POST", `/chats/${chatId}/accept`);
      const chat = this.#chats.get(chatId);
      if (chat) chat.chat = { ...chat.chat, state: "with_agent" };
      this.active = chatId;
      void this.loadReplies(chatId);
    });
  }

  async decline(chatId: number): Promise<void> {
    await this.#act(async () => {
      await this.api.request("POST", `/chats/${chatId}/decline`);
      this.#drop(chatId);
    });
  }

  async send(chatId: number, text: string): Promise<boolean> {
    return await this.#act(async () => {
      const { message } = await this.api.request<{ message: DeskMessage }>(
        "POST",
        `/chats/${chatId}/messages`,
        { text },
      );
      this.#add(chatId, message);
    });
  }

  async sendFile(chatId: number, file: File): Promise<boolean> {
    return await this.#act(async () => {
      const { message } = await this.api.upload<{ message: DeskMessage }>(
        `/chats/${chatId}/files?name=${encodeURIComponent(file.name)}`,
        file,
        file.type || "application/octet-stream",
      );
      this.#add(chatId, message);
    });
  }

  async setTyping(chatId: number, typing: boolean): Promise<void> {
    try {
      await this.api.request("POST", `/chats/${chatId}/typing`, { typing });
    } catch {
      // Typing is a courtesy; a lost one is no error for the agent.
    }
  }

  async transfer(
    chatId: number,
    target: { queue_id?: number; user_id?: number; note?: string },
  ): Promise<boolean> {
    return await this.#act(async () => {
      await this.api.request("POST", `/chats/${chatId}/transfer`, target);
      this.#drop(chatId);
    });
  }

  async end(
    chatId: number,
    wrap: { disposition?: string; notes?: string; case_id?: number },
  ): Promise<boolean> {
    return await this.#act(async () => {
      await this.api.request("POST", `/chats/${chatId}/end`, wrap);
      this.#closedByAgent.add(chatId);
      this.#drop(chatId);
    });
  }

  async loadReplies(chatId: number): Promise<void> {
    try {
      const { replies } = await this.api.request<{ replies: QuickReplyView[] }>(
        "GET",
        `/chats/${chatId}/quick-replies`,
      );
      this.#replies.set(chatId, replies);
      this.host.requestUpdate();
    } catch {
      // Quick replies are optional; the chat works without them.
    }
  }

  #add(chatId: number, message: DeskMessage): void {
    const chat = this.#chats.get(chatId);
    if (chat && !chat.messages.some((m) => m.id === message.id)) {
      chat.messages = [...chat.messages, message];
    }
  }

  #drop(chatId: number): void {
    this.#chats.delete(chatId);
    this.#typing.delete(chatId);
    if (this.active === chatId) this.active = this.chats[0]?.chat.id ?? null;
  }

  async #act(fn: () => Promise<void>): Promise<boolean> {
    this.error = null;
    try {
      await fn();
      return true;
    } catch (error) {
      this.#failed(error);
      return false;
    } finally {
      this.host.requestUpdate();
    }
  }

  #failed(error: unknown): void {
    this.error = error instanceof Error ? error.message : String(error);
    this.host.requestUpdate();
  }
}
