import assert from "node:assert/strict";
import {
  type ChatApi,
  ChatDeskController,
  type DeskChat,
} from "../../ui/agent/chat_desk_controller.ts";

function fakeHost() {
  return {
    updates: 0,
    addController() {},
    removeController() {},
    requestUpdate() {
      this.updates++;
    },
    updateComplete: Promise.resolve(true),
  };
}

function deskChat(id: number, state = "offered"): DeskChat {
  return {
    chat: {
      id,
      state,
      visitor_name: `Visitor ${id}`,
      visitor_phone: null,
      visitor_email: "v@example.com",
      topic: "",
      queue_id: 1,
      case_id: null,
      end_reason: null,
    },
    messages: [],
    customer: null,
    queue: "web",
  };
}

function fakeApi(answers: Record<string, unknown> = {}) {
  const calls: string[] = [];
  const api: ChatApi = {
    request<T>(method: string, path: string) {
      calls.push(`${method} ${path}`);
      return Promise.resolve((answers[`${method} ${path}`] ?? {}) as T);
    },
    upload<T>(path: string) {
      calls.push(`UPLOAD ${path}`);
      return Promise.resolve((answers[`UPLOAD ${path}`] ?? {}) as T);
    },
  };
  return { api, calls };
}

const event = (type: string, data: Record<string, unknown>) => ({ type, at: "", data });

Deno.test("an offered chat opens a tab, and a lapsed offer closes it", () => {
  const { api } = fakeApi();
  const desk = new ChatDeskController(fakeHost(), api);
  assert.ok(desk.onEvent(event("chat.offered", { chat_id: 5, chat: deskChat(5) })));
  assert.deepEqual(desk.chats.map((c) => c.chat.id), [5]);
  assert.equal(desk.active, 5);
  desk.onEvent(event("chat.withdrawn", { chat_id: 5, reason: "offer_timeout" }));
  assert.deepEqual(desk.chats, []);
  assert.equal(desk.active, null);
  assert.equal(desk.onEvent(event("agent.state", {})), false, "other events are not the desk's");
});

Deno.test("a message arriving twice is shown once, and the visitor's message clears typing", async () => {
  const { api } = fakeApi({
    "POST /chats/5/accept": {},
  });
  const desk = new ChatDeskController(fakeHost(), api);
  desk.onEvent(event("chat.offered", { chat_id: 5, chat: deskChat(5) }));
  await desk.accept(5);
  assert.equal(desk.current?.chat.state, "with_agent");
  desk.onEvent(event("chat.typing", { chat_id: 5, typing: true }));
  assert.ok(desk.typing(5));
  const message = {
    id: 9,
    chat_id: 5,
    sender: "visitor",
    body: "<img src=x onerror=alert(1)>",
    agent_id: null,
    attachment: null,
    sent_at: "",
  };
  desk.onEvent(event("chat.message", { chat_id: 5, message }));
  desk.onEvent(event("chat.message", { chat_id: 5, message }));
  assert.equal(desk.current?.messages.length, 1);
  assert.equal(desk.typing(5), false);
});

Deno.test("ending a chat with a disposition closes its tab; a refusal keeps it and says why", async () => {
  const { api, calls } = fakeApi();
  const desk = new ChatDeskController(fakeHost(), api);
  desk.onEvent(event("chat.offered", { chat_id: 7, chat: deskChat(7, "with_agent") }));
  assert.ok(await desk.end(7, { disposition: "resolved" }));
  assert.deepEqual(calls, ["POST /chats/7/end"]);
  assert.deepEqual(desk.chats, []);

  const refusing: ChatApi = {
    request: () => Promise.reject(new Error("Unknown disposition nope")),
    upload: () => Promise.reject(new Error("no")),
  };
  const other = new ChatDeskController(fakeHost(), refusing);
  other.onEvent(event("chat.offered", { chat_id: 8, chat: deskChat(8, "with_agent") }));
  assert.equal(await other.end(8, { disposition: "nope" }), false);
  assert.equal(other.chats.length, 1);
  assert.match(other.error ?? "", /Unknown disposition/);
});
