import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import { type ChatState, transitionChat } from "./chat_state.ts";

/** One conversation as stored. */
export interface Chat {
  id: number;
  /** The visitor's secret for coming back to the conversation after a reconnect. */
  token: string;
  customer_id: number | null;
  visitor_name: string;
  visitor_phone: string | null;
  visitor_email: string | null;
  topic: string;
  language: string;
  entry: string;
  queue_id: number | null;
  agent_id: number | null;
  state: ChatState;
  /** null: no bot took part; true: the bot resolved it; false: handed to a person. */
  bot_resolved: boolean | null;
  case_id: number | null;
  interaction_id: number | null;
  disposition: string | null;
  end_reason: string | null;
  remote_address: string | null;
  started_at: string;
  answered_at: string | null;
  ended_at: string | null;
}

export const CHAT_SENDERS = ["visitor", "agent", "bot", "system"] as const;
export type ChatSender = typeof CHAT_SENDERS[number];

export interface ChatFile {
  id: number;
  name: string;
  content_type: string;
  size: number;
}

export interface ChatMessage {
  id: number;
  chat_id: number;
  sender: ChatSender;
  client_id: string | null;
  agent_id: number | null;
  body: string;
  attachment: ChatFile | null;
  sent_at: string;
}

export interface NewChat {
  token: string;
  customer_id: number | null;
  visitor_name: string;
  visitor_phone?: string | null;
  visitor_email?: string | null;
  topic?: string;
  language?: string;
  entry?: string;
  queue_id?: number | null;
  state: "bot" | "waiting" | "left_message";
  remote_address?: string | null;
}

/** What changes with a move; the fields left out stay as they are. */
export interface ChatChange {
  queue_id?: number | null;
  agent_id?: number | null;
  bot_resolved?: boolean | null;
  case_id?: number | null;
  interaction_id?: number | null;
  disposition?: string | null;
  end_reason?: string | null;
}

type ChatRow = Omit<Chat, "bot_resolved"> & { bot_resolved: number | null };

/** Conversations, messages and files in SQLite; every state change goes through {@link move}. */
export class ChatStore {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  create(input: NewChat): Chat {
    const id = this.db.run(
      `INSERT INTO chats (token, customer_id, visitor_name, visitor_phone, visitor_email, topic,
         language, entry, queue_id, state, remote_address, started_at, ended_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      input.token,
      input.customer_id,
      input.visitor_name,
      input.visitor_phone ?? null,
      input.visitor_email ?? null,
      input.topic ?? "",
      input.language ?? "en",
      input.entry ?? "web",
      input.queue_id ?? null,
      input.state,
      input.remote_address ?? null,
      isoTime(this.clock.now()),
      input.state === "left_message" ? isoTime(this.clock.now()) : null,
    ).lastInsertRowid;
    return this.get(id)!;
  }

  get(id: number): Chat | undefined {
    const row = this.db.get<ChatRow>("SELECT * FROM chats WHERE id = ?", id);
    return row && decode(row);
  }

  byToken(token: string): Chat | undefined {
    const row = this.db.get<ChatRow>("SELECT * FROM chats WHERE token = ?", token);
    return row && decode(row);
  }

  /** Chats not yet ended, oldest first (for the appliance's restart and the supervisor). */
  open(): Chat[] {
    return this.db.all<ChatRow>(
      "SELECT * FROM chats WHERE state NOT IN ('ended','left_message') ORDER BY id",
    ).map(decode);
  }

  /** Moves a chat to `to` (throwing on a move its life does not allow) with the changes. */
  move(id: number, to: ChatState, change: ChatChange = {}): Chat {
    const chat = this.get(id);
    if (!chat) throw new RangeError(`Unknown chat ${id}`);
    transitionChat(id, chat.state, to);
    const sets = ["state = ?"];
    const values: (string | number | null)[] = [to];
    for (const [key, value] of Object.entries(change)) {
      sets.push(`${key} = ?`);
      values.push(typeof value === "boolean" ? (value ? 1 : 0) : value ?? null);
    }
    const now = isoTime(this.clock.now());
    if (to === "with_agent" && chat.answered_at === null) {
      sets.push("answered_at = ?");
      values.push(now);
    }
    if (to === "ended" || to === "left_message") {
      sets.push("ended_at = ?");
      values.push(now);
    }
    this.db.run(`UPDATE chats SET ${sets.join(", ")} WHERE id = ?`, ...values, id);
    return this.get(id)!;
  }

  /** Changes fields that are not the state (the case, the interaction, the customer). */
  update(id: number, change: ChatChange & { customer_id?: number | null }): Chat {
    const entries = Object.entries(change);
    if (entries.length > 0) {
      this.db.run(
        `UPDATE chats SET ${entries.map(([k]) => `${k} = ?`).join(", ")} WHERE id = ?`,
        ...entries.map(([, v]) => typeof v === "boolean" ? (v ? 1 : 0) : v ?? null),
        id,
      );
    }
    return this.get(id)!;
  }

  /**
   * Stores a message. A message with a `clientId` already stored for this chat and sender
   * is not stored again: the answer is the first copy, with `duplicate` set.
   */
  addMessage(input: {
    chatId: number;
    sender: ChatSender;
    body: string;
    clientId?: string;
    agentId?: number | null;
    attachmentId?: number | null;
  }): { message: ChatMessage; duplicate: boolean } {
    if (input.clientId !== undefined) {
      const seen = this.db.get<{ id: number }>(
        "SELECT id FROM chat_messages WHERE chat_id = ? AND sender = ? AND client_id = ?",
        input.chatId,
        input.sender,
        input.clientId,
      );
      if (seen) return { message: this.message(seen.id)!, duplicate: true };
    }
    const id = this.db.run(
      `INSERT INTO chat_messages (chat_id, sender, client_id, agent_id, body, attachment_id, sent_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      input.chatId,
      input.sender,
      input.clientId ?? null,
      input.agentId ?? null,
      input.body,
      input.attachmentId ?? null,
      isoTime(this.clock.now()),
    ).lastInsertRowid;
    return { message: this.message(id)!, duplicate: false };
  }

  message(id: number): ChatMessage | undefined {
    return this.#messages("m.id = ?", id)[0];
  }

  /** The chat's messages in order, those after `afterId` when given. */
  messages(chatId: number, afterId = 0): ChatMessage[] {
    return this.#messages("m.chat_id = ? AND m.id > ?", chatId, afterId);
  }

  addFile(chatId: number, file: { name: string; contentType: string; data: Uint8Array }): ChatFile {
    const id = this.db.run(
      `INSERT INTO chat_attachments (chat_id, name, content_type, size, data, uploaded_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      chatId,
      file.name,
      file.contentType,
      file.data.byteLength,
      file.data,
      isoTime(this.clock.now()),
    ).lastInsertRowid;
    return { id, name: file.name, content_type: file.contentType, size: file.data.byteLength };
  }

  /** A file of this chat with its bytes; undefined when it is not this chat's. */
  file(chatId: number, fileId: number): (ChatFile & { data: Uint8Array }) | undefined {
    const row = this.db.get<ChatFile & { data: Uint8Array }>(
      "SELECT id, name, content_type, size, data FROM chat_attachments WHERE id = ? AND chat_id = ?",
      fileId,
      chatId,
    );
    return row && { ...row, data: new Uint8Array(row.data) };
  }

  /** The conversation as plain text, one line per message, for the timeline and the case. */
  transcript(chatId: number): string {
    const who: Record<ChatSender, string> = {
      visitor: "Visitor",
      agent: "Agent",
      bot: "Bot",
      system: "—",
    };
    return this.messages(chatId).map((m) => {
      const file = m.attachment ? ` [file: ${m.attachment.name}]` : "";
      return `[${m.sent_at.slice(11, 19)}] ${who[m.sender]}: ${m.body}${file}`;
    }).join("\n");
  }

  /**
   * When a person first wrote in the chat (an agent's first message), and when it was handed
   * to a queue: the first system message, which the desk says as the chat enters its queue
   * (after the bot when a bot took part). Null when neither happened.
   */
  milestones(chatId: number): { firstAgentAt: string | null; queuedAt: string | null } {
    const row = this.db.get<{ first_agent: string | null; queued: string | null }>(
      `SELECT min(CASE WHEN sender = 'agent' THEN sent_at END) AS first_agent,
         min(CASE WHEN sender = 'system' THEN sent_at END) AS queued
       FROM chat_messages WHERE chat_id = ?`,
      chatId,
    );
    return { firstAgentAt: row?.first_agent ?? null, queuedAt: row?.queued ?? null };
  }

  /** How many chats an agent holds at once (0: none); false for an unknown user. */
  setCapacity(userId: number, capacity: number): boolean {
    if (!Number.isInteger(capacity) || capacity < 0 || capacity > 20) {
      throw new RangeError(`Chat capacity must be a whole number from 0 to 20, got ${capacity}`);
    }
    return this.db.run("UPDATE users SET chat_capacity = ? WHERE id = ?", capacity, userId)
      .changes > 0;
  }

  capacity(userId: number): number | undefined {
    return this.db.get<{ chat_capacity: number }>(
      "SELECT chat_capacity FROM users WHERE id = ?",
      userId,
    )?.chat_capacity;
  }

  /** Share of ended chats the bot took part in that it resolved, in a period (for reports). */
  botFigures(fromIso: string, toIso: string): { withBot: number; resolved: number } {
    const row = this.db.get<{ with_bot: number; resolved: number | null }>(
      `SELECT count(*) AS with_bot, sum(bot_resolved) AS resolved FROM chats
       WHERE bot_resolved IS NOT NULL AND started_at >= ? AND started_at < ?`,
      fromIso,
      toIso,
    );
    return { withBot: row?.with_bot ?? 0, resolved: row?.resolved ?? 0 };
  }

  #messages(where: string, ...params: (string | number)[]): ChatMessage[] {
    return this.db.all<
      Omit<ChatMessage, "attachment"> & {
        attachment_id: number | null;
        a_name: string | null;
        a_type: string | null;
        a_size: number | null;
      }
    >(
      `SELECT m.id, m.chat_id, m.sender, m.client_id, m.agent_id, m.body, m.sent_at,
         m.attachment_id, a.name AS a_name, a.content_type AS a_type, a.size AS a_size
       FROM chat_messages m LEFT JOIN chat_attachments a ON a.id = m.attachment_id
       WHERE ${where} ORDER BY m.id`,
      ...params,
    ).map((r) => ({
      id: r.id,
      chat_id: r.chat_id,
      sender: r.sender,
      client_id: r.client_id,
      agent_id: r.agent_id,
      body: r.body,
      sent_at: r.sent_at,
      attachment: r.attachment_id === null ? null : {
        id: r.attachment_id,
        name: r.a_name!,
        content_type: r.a_type!,
        size: r.a_size!,
      },
    }));
  }
}

function decode(row: ChatRow): Chat {
  return { ...row, bot_resolved: row.bot_resolved === null ? null : row.bot_resolved === 1 };
}
