import assert from "node:assert/strict";
import { type SocketLike, WidgetLink } from "../../ui/widget/widget_link.ts";

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  drop() {
    this.readyState = 3;
    this.onclose?.(new CloseEvent("close"));
  }
  receive(frame: unknown) {
    this.onmessage?.(new MessageEvent("message", { data: JSON.stringify(frame) }));
  }
}

function harness() {
  const sockets: FakeSocket[] = [];
  const timers: (() => void)[] = [];
  const data = new Map<string, string>();
  const frames: string[] = [];
  const link = new WidgetLink({
    url: "ws://x/widget/socket",
    open: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    store: {
      getItem: (k) => data.get(k) ?? null,
      setItem: (k, v) => void data.set(k, v),
      removeItem: (k) => void data.delete(k),
    },
    onFrame: (f) => frames.push(f.type),
    onStatus: () => {},
    setTimer: (fn) => timers.push(fn),
  });
  return { link, sockets, timers, data, frames };
}

Deno.test("a message sent while the connection is down goes out after the reconnect, with the resume first", () => {
  const { link, sockets, timers } = harness();
  link.connect();
  sockets[0].open();
  link.send({ type: "start", name: "V", email: "v@example.com" });
  sockets[0].receive({
    type: "started",
    token: "tok-1234567890abcdef",
    state: "waiting",
    messages: [{ id: 3 }],
  });
  const first = link.sendReliably({ type: "message", text: "one" });
  sockets[0].receive({ type: "ack", client_id: first, id: 4 });
  sockets[0].drop();
  const second = link.sendReliably({ type: "message", text: "two" });
  assert.equal(link.pending.length, 1, "the second message waits");
  timers.shift()!();
  sockets[1].open();
  assert.deepEqual(sockets[1].sent.map((f) => f.type), ["resume", "message"]);
  assert.equal(sockets[1].sent[0].last_seen, 3);
  assert.equal(sockets[1].sent[1].client_id, second);
  assert.equal(sockets[1].sent[1].text, "two");
});

Deno.test("a message not acknowledged before a drop is sent again with the same id, and forgotten once acknowledged", () => {
  const { link, sockets, timers } = harness();
  link.connect();
  sockets[0].open();
  sockets[0].receive({
    type: "started",
    token: "tok-1234567890abcdef",
    state: "bot",
    messages: [],
  });
  const id = link.sendReliably({ type: "message", text: "hello" });
  assert.equal(sockets[0].sent.at(-1)?.client_id, id);
  sockets[0].drop();
  timers.shift()!();
  sockets[1].open();
  assert.equal(sockets[1].sent.filter((f) => f.client_id === id).length, 1);
  sockets[1].receive({ type: "ack", client_id: id, id: 9 });
  assert.equal(link.pending.length, 0);
  sockets[1].drop();
  timers.shift()!();
  sockets[2].open();
  assert.deepEqual(sockets[2].sent.map((f) => f.type), ["resume"], "nothing is sent twice");
});

Deno.test("a message typed before the chat started is sent once the appliance names the chat", () => {
  const { link, sockets } = harness();
  link.connect();
  sockets[0].open();
  link.send({ type: "start", name: "V", email: "v@example.com" });
  link.sendReliably({ type: "message", text: "early" });
  assert.deepEqual(sockets[0].sent.map((f) => f.type), ["start"]);
  sockets[0].receive({
    type: "started",
    token: "tok-1234567890abcdef",
    state: "bot",
    messages: [],
  });
  assert.deepEqual(sockets[0].sent.map((f) => f.type), ["start", "message"]);
});

Deno.test("a reloaded page resumes the chat it finds in session storage", () => {
  const first = harness();
  first.link.connect();
  first.sockets[0].open();
  first.sockets[0].receive({
    type: "started",
    token: "tok-1234567890abcdef",
    state: "bot",
    messages: [{ id: 2 }],
  });
  const again = new WidgetLink({
    url: "ws://x",
    open: () => {
      const s = new FakeSocket();
      first.sockets.push(s);
      return s;
    },
    store: {
      getItem: (k) => first.data.get(k) ?? null,
      setItem: () => {},
      removeItem: () => {},
    },
    onFrame: () => {},
    onStatus: () => {},
  });
  assert.ok(again.hasChat);
  again.connect();
  first.sockets[1].open();
  assert.deepEqual(first.sockets[1].sent[0], {
    type: "resume",
    token: "tok-1234567890abcdef",
    last_seen: 2,
  });
});
