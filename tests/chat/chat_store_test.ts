import assert from "node:assert/strict";
import { IllegalChatMoveError } from "../../src/chat/mod.ts";
import { chatFixture } from "./_chat.ts";

Deno.test("a chat keeps the visitor, its messages in order and when it was answered and ended", async () => {
  await using f = await chatFixture();
  const chat = f.store.create({
    token: "t1",
    customer_id: null,
    visitor_name: "Zhang San",
    visitor_email: "zs@example.com",
    topic: "billing",
    state: "bot",
  });
  assert.equal(chat.state, "bot");
  assert.equal(chat.bot_resolved, null);
  f.store.addMessage({ chatId: chat.id, sender: "visitor", body: "hello", clientId: "c1" });
  f.clock.advance(1000);
  f.store.addMessage({ chatId: chat.id, sender: "bot", body: "Does this help?" });
  f.store.move(chat.id, "waiting", { bot_resolved: false });
  f.store.move(chat.id, "offered", { agent_id: f.users.agent1 });
  f.clock.advance(5000);
  const answered = f.store.move(chat.id, "with_agent");
  assert.equal(answered.answered_at, "2026-05-01T02:00:06.000Z");
  const ended = f.store.move(chat.id, "ended", { disposition: "resolved" });
  assert.equal(ended.ended_at, "2026-05-01T02:00:06.000Z");
  assert.equal(ended.bot_resolved, false);
  assert.deepEqual(f.store.messages(chat.id).map((m) => m.sender), ["visitor", "bot"]);
  assert.match(f.store.transcript(chat.id), /Visitor: hello\n.*Bot: Does this help\?/);
});

Deno.test("a visitor's message sent again with the same id is stored once", async () => {
  await using f = await chatFixture();
  const chat = f.store.create({
    token: "t",
    customer_id: null,
    visitor_name: "V",
    state: "waiting",
  });
  const first = f.store.addMessage({
    chatId: chat.id,
    sender: "visitor",
    body: "hi",
    clientId: "m-1",
  });
  const again = f.store.addMessage({
    chatId: chat.id,
    sender: "visitor",
    body: "hi",
    clientId: "m-1",
  });
  assert.equal(first.duplicate, false);
  assert.equal(again.duplicate, true);
  assert.equal(again.message.id, first.message.id);
  assert.equal(f.store.messages(chat.id).length, 1);
});

Deno.test("a chat's file is read back with its bytes, and only through its own chat", async () => {
  await using f = await chatFixture();
  const a = f.store.create({ token: "a", customer_id: null, visitor_name: "A", state: "waiting" });
  const b = f.store.create({ token: "b", customer_id: null, visitor_name: "B", state: "waiting" });
  const file = f.store.addFile(a.id, {
    name: "r.txt",
    contentType: "text/plain",
    data: new TextEncoder().encode("receipt"),
  });
  f.store.addMessage({ chatId: a.id, sender: "visitor", body: "", attachmentId: file.id });
  assert.equal(new TextDecoder().decode(f.store.file(a.id, file.id)!.data), "receipt");
  assert.equal(f.store.file(b.id, file.id), undefined);
  assert.equal(f.store.messages(a.id)[0].attachment?.name, "r.txt");
});

Deno.test("a stored chat refuses a move its life does not allow", async () => {
  await using f = await chatFixture();
  const chat = f.store.create({
    token: "t",
    customer_id: null,
    visitor_name: "V",
    state: "waiting",
  });
  assert.throws(() => f.store.move(chat.id, "with_agent"), IllegalChatMoveError);
});

Deno.test("the share of chats the bot resolved is counted over a period", async () => {
  await using f = await chatFixture();
  const make = (token: string) =>
    f.store.create({ token, customer_id: null, visitor_name: "V", state: "bot" }).id;
  f.store.move(make("1"), "ended", { bot_resolved: true });
  f.store.move(make("2"), "waiting", { bot_resolved: false });
  f.store.create({ token: "3", customer_id: null, visitor_name: "V", state: "waiting" });
  assert.deepEqual(
    f.store.botFigures("2026-05-01T00:00:00.000Z", "2026-05-02T00:00:00.000Z"),
    { withBot: 2, resolved: 1 },
  );
});
