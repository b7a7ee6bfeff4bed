import { decodeBase64 } from "./base64.ts";
import type { ChatDesk, VisitorLink } from "./chat_desk.ts";
import { ChatError } from "./chat_error.ts";
import type { Chat } from "./chat_store.ts";
import type { FloodLimit } from "./flood_limit.ts";
import {
  type ServerMessage,
  type VisitorMessage,
  VisitorMessageSchema,
} from "./visitor_protocol.ts";

/** The limits every visitor's socket shares: per visitor (chat), per address, and new chats. */
export interface VisitorLimits {
  perVisitor: FloodLimit;
  perAddress: FloodLimit;
  startsPerAddress: FloodLimit;
}

/** The largest frame a widget may send: a file at the limit, in base64, with its envelope. */
export const MAX_VISITOR_FRAME = 1_400_000;

/**
 * One widget's WebSocket: reads the visitor's frames, checks them (zod, size, flood
 * limits), and hands them to the {@link ChatDesk}. Every refusal is an `error` frame
 * with a code the widget words in the visitor's language.
 */
export class VisitorSession {
  #chat: Chat | undefined;
  #detach: (() => void) | undefined;

  constructor(
    private readonly desk: ChatDesk,
    private readonly limits: VisitorLimits,
    private readonly remote: string,
    private readonly link: VisitorLink,
  ) {}

  handle(frame: string): void {
    let clientId: string | undefined;
    try {
      if (frame.length > MAX_VISITOR_FRAME) {
        throw new ChatError("invalid", "message_too_large", "The message is too large to send");
      }
      let raw: unknown;
      try {
        raw = JSON.parse(frame);
      } catch {
        throw new ChatError("invalid", "invalid_request", "The message is not JSON");
      }
      clientId = typeof (raw as { client_id?: unknown })?.client_id === "string"
        ? (raw as { client_id: string }).client_id
        : undefined;
      const parsed = VisitorMessageSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const tooLong = issue?.code === "too_big";
        throw new ChatError(
          "invalid",
          tooLong ? "message_too_long" : "invalid_request",
          issue ? `${issue.path.join(".") || "message"}: ${issue.message}` : "Invalid message",
          {
            issues: parsed.error.issues.map((i) => ({
              path: i.path.join("."),
              message: i.message,
            })),
          },
        );
      }
      this.#dispatch(parsed.data);
    } catch (error) {
      if (!(error instanceof ChatError)) throw error;
      this.#send({
        type: "error",
        code: error.code,
        message: error.message,
        details: error.details,
        ...(clientId ? { client_id: clientId } : {}),
      });
    }
  }

  /** The socket closed; the chat goes on and the visitor may come back to it. */
  closed(): void {
    this.#detach?.();
    this.#detach = undefined;
  }

  #dispatch(m: VisitorMessage): void {
    if (m.type === "start") {
      if (this.#chat) throw new ChatError("conflict", "already_started", "This chat has started");
      if (!this.limits.startsPerAddress.take(this.remote)) {
        throw flood(this.limits.startsPerAddress, this.remote);
      }
      const chat = this.desk.start(m, this.remote);
      this.#bind(chat);
      this.#send({
        type: "started",
        token: chat.token,
        state: chat.state,
        messages: this.desk.visitorView(chat),
      });
      this.#sendState(chat);
      return;
    }
    if (m.type === "resume") {
      const chat = this.desk.byToken(m.token);
      this.#bind(chat);
      this.#send({
        type: "started",
        token: chat.token,
        state: chat.state,
        messages: this.desk.visitorView(chat, m.last_seen),
      });
      this.#sendState(chat);
      return;
    }
    const chat = this.#current();
    if (m.type === "typing") return this.desk.visitorTyping(chat, m.typing);
    if (m.type === "message" || m.type === "file" || m.type === "leave_message") {
      const key = `chat:${chat.id}`;
      if (!this.limits.perVisitor.take(key)) throw flood(this.limits.perVisitor, key);
      if (!this.limits.perAddress.take(this.remote)) {
        throw flood(this.limits.perAddress, this.remote);
      }
    }
    switch (m.type) {
      case "message": {
        const message = this.desk.visitorMessage(chat, m.client_id, m.text);
        this.#send({ type: "ack", client_id: m.client_id, id: message.id });
        return;
      }
      case "file": {
        const data = decodeBase64(m.data);
        const message = this.desk.visitorFile(chat, m.client_id, {
          name: m.name,
          contentType: m.content_type,
          data,
        });
        this.#send({ type: "ack", client_id: m.client_id, id: message.id });
        return;
      }
      case "person":
        return this.desk.askPerson(chat);
      case "solved":
        return this.desk.solved(chat, m.solved);
      case "leave_message":
        this.desk.leaveMessage(chat, m.text);
        return;
      case "end":
        return this.desk.visitorEnded(chat);
    }
  }

  #bind(chat: Chat): void {
    this.#detach?.();
    this.#chat = chat;
    this.#detach = this.desk.attach(chat.id, this.link);
  }

  #current(): Chat {
    if (!this.#chat) throw new ChatError("conflict", "not_started", "Start the chat first");
    // The state changes under the session (an agent joins); read it fresh.
    return this.desk.store.get(this.#chat.id)!;
  }

  #sendState(chat: Chat): void {
    const now = this.desk.store.get(chat.id)!;
    this.#send({
      type: "state",
      state: now.state,
      can_leave_message: this.desk.canOnlyLeaveMessage(now),
    });
  }

  #send(message: ServerMessage): void {
    this.link.send(message);
  }
}

function flood(limit: FloodLimit, key: string): ChatError {
  const retry = limit.retryAfterMs(key);
  return new ChatError(
    "invalid",
    "too_many_messages",
    "Too many messages; wait a moment before sending more",
    { retry_after_ms: retry },
  );
}
