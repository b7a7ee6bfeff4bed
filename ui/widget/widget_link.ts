/**
 * The widget's connection to the appliance: one WebSocket, opened again after a drop
 * with a growing pause. Every message the visitor sends carries its own id and stays
 * pending until the appliance acknowledges it; after a reconnect the chat is resumed
 * (with the id of the last message shown, so only later ones come back) and every
 * pending message is sent again. The appliance stores a message id once, so nothing is
 * lost and nothing doubled. The chat's token and the pending messages are kept in
 * sessionStorage, so a reload of the page resumes the chat too.
 */

/** A message from the appliance (see src/chat/visitor_protocol.ts). */
export type ServerFrame = { type: string; [key: string]: unknown };

/** The browser's WebSocket as the link uses it (a fake in tests). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}

export interface StoreLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface WidgetLinkOptions {
  url: string;
  open: (url: string) => SocketLike;
  store: StoreLike;
  onFrame: (frame: ServerFrame) => void;
  onStatus: (status: "connecting" | "online" | "offline") => void;
  /** Timers, so tests can run the reconnect without waiting. */
  setTimer?: (fn: () => void, ms: number) => unknown;
}

const OPEN = 1;
const STORE_KEY = "cc-chat";

interface Saved {
  token: string | null;
  lastSeen: number;
  pending: { clientId: string; frame: Record<string, unknown> }[];
}

export class WidgetLink {
  #socket: SocketLike | undefined;
  #saved: Saved;
  #retryMs = 500;
  #closed = false;
  #seq = 0;

  constructor(private readonly o: WidgetLinkOptions) {
    this.#saved = this.#load();
  }

  /** Whether a chat was started here before (a reload resumes it). */
  get hasChat(): boolean {
    return this.#saved.token !== null;
  }

  /** Messages sent but not yet acknowledged, oldest first. */
  get pending(): readonly { clientId: string; frame: Record<string, unknown> }[] {
    return this.#saved.pending;
  }

  connect(): void {
    this.#closed = false;
    this.o.onStatus("connecting");
    const socket = this.o.open(this.o.url);
    this.#socket = socket;
    socket.onopen = () => {
      this.#retryMs = 500;
      this.o.onStatus("online");
      if (this.#saved.token) {
        this.#raw({ type: "resume", token: this.#saved.token, last_seen: this.#saved.lastSeen });
        for (const p of this.#saved.pending) this.#raw(p.frame);
      }
    };
    socket.onmessage = (event) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(event.data));
      } catch {
        return;
      }
      this.#received(frame);
      this.o.onFrame(frame);
    };
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      this.o.onStatus("offline");
      if (this.#closed) return;
      const wait = this.#retryMs;
      this.#retryMs = Math.min(this.#retryMs * 2, 8000);
      (this.o.setTimer ?? setTimeout)(() => {
        if (!this.#closed) this.connect();
      }, wait);
    };
    socket.onerror = () => {};
  }

  /** Stops for good (the chat ended); forgets the chat. */
  stop(): void {
    this.#closed = true;
    this.#saved = { token: null, lastSeen: 0, pending: [] };
    this.o.store.removeItem(STORE_KEY);
    this.#socket?.close();
  }

  /** Sends a frame that needs no acknowledgement (typing, the pre-chat form, answers). */
  send(frame: Record<string, unknown>): boolean {
    return this.#raw(frame);
  }

  /** Sends a message that must arrive: kept until acknowledged, sent again after a reconnect. */
  sendReliably(frame: Record<string, unknown>): string {
    const clientId = `${Date.now().toString(36)}-${(this.#seq++).toString(36)}-${
      Math.random().toString(36).slice(2, 8)
    }`;
    const full = { ...frame, client_id: clientId };
    this.#saved.pending.push({ clientId, frame: full });
    this.#save();
    // Before the chat has a token the message waits for "started".
    if (this.#saved.token) this.#raw(full);
    return clientId;
  }

  /** Drops a pending message the appliance refused (too large, wrong type). */
  drop(clientId: string): void {
    this.#saved.pending = this.#saved.pending.filter((p) => p.clientId !== clientId);
    this.#save();
  }

  #received(frame: ServerFrame): void {
    if (frame.type === "started") {
      const first = this.#saved.token === null;
      this.#saved.token = String(frame.token);
      this.#seen(frame.messages as { id: number }[]);
      this.#save();
      if (first) { for (const p of this.#saved.pending) this.#raw(p.frame); }
    } else if (frame.type === "ack") {
      this.drop(String(frame.client_id));
    } else if (frame.type === "message") {
      this.#seen([frame.message as { id: number }]);
      this.#save();
    }
  }

  #seen(messages: { id: number }[] | undefined): void {
    for (const m of messages ?? []) this.#saved.lastSeen = Math.max(this.#saved.lastSeen, m.id);
  }

  #raw(frame: Record<string, unknown>): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  #load(): Saved {
    try {
      const text = this.o.store.getItem(STORE_KEY);
      if (text) return JSON.parse(text) as Saved;
    } catch {
      // A damaged entry starts a new chat.
    }
    return { token: null, lastSeen: 0, pending: [] };
  }

  #save(): void {
    this.o.store.setItem(STORE_KEY, JSON.stringify(this.#saved));
  }
}
