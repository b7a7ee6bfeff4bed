import assert from "node:assert/strict";
import { deskFixture, settle } from "./_chat_desk.ts";

Deno.test("the bot offers an article, the visitor asks for a person, the agent answers and the transcript reaches the timeline", async () => {
  const { f, desk, routing, sent, say, published } = await deskFixture();
  await using _ = f;
  say({
    type: "start",
    name: "Zhang San",
    email: "zs@example.com",
    topic: "login",
    language: "en",
  });
  const started = sent.find((m) => m.type === "started");
  assert.ok(started && started.type === "started" && started.state === "bot");
  say({ type: "message", client_id: "m1", text: "How do I reset my password?" });
  const offer = sent.find((m) => m.type === "message" && m.message.articles);
  assert.ok(offer && offer.type === "message");
  assert.equal(offer.message.articles![0].title, "How to reset your password");
  assert.ok(sent.some((m) => m.type === "ask_solved"));
  say({ type: "solved", solved: false });
  await settle();
  const chat = f.store.byToken((started as { token: string }).token)!;
  assert.equal(chat.state, "offered");
  assert.equal(chat.bot_resolved, false);
  assert.deepEqual(routing.calls, [`enter ${chat.id}`]);
  assert.ok(published.some((p) => p.type === "chat.offered"));

  desk.accept(chat.id, f.users.agent1);
  assert.ok(
    sent.some((m) => m.type === "state" && m.state === "with_agent" && m.agent_name === "Li Na"),
  );
  say({ type: "message", client_id: "m2", text: "<b>still</b> locked out" });
  const toAgent = published.filter((p) => p.type === "chat.message").at(-1)!;
  assert.equal((toAgent.data.message as { body: string }).body, "<b>still</b> locked out");
  desk.agentMessage(chat.id, f.users.agent1, "I have sent a new link");
  assert.ok(sent.some((m) => m.type === "message" && m.message.body === "I have sent a new link"));

  assert.throws(
    () => desk.end(chat.id, f.users.agent1, { disposition: "no_such_code" }),
    /Unknown disposition no_such_code/,
  );
  f.crm.dispositions.create({ code: "resolved", label: "Resolved", resolves: true });
  const ended = desk.end(chat.id, f.users.agent1, { disposition: "resolved" });
  assert.equal(ended.state, "ended");
  assert.deepEqual(routing.calls.at(-1), `end ${chat.id}`);
  const entry = f.crm.interactions.timeline(chat.customer_id!)[0];
  assert.equal(entry.channel, "chat");
  assert.match(entry.notes, /Visitor: How do I reset my password\?/);
  assert.match(entry.notes, /Agent: I have sent a new link/);
});

Deno.test("a visitor's message sent again after a reconnect is acknowledged and not delivered twice", async () => {
  const { f, desk, routing, sent, say, published } = await deskFixture();
  await using _ = f;
  routing.bot = false;
  say({ type: "start", name: "V", phone: "13800138000", topic: "", language: "en" });
  await settle();
  const chat = f.store.open()[0];
  desk.accept(chat.id, f.users.agent1);
  say({ type: "message", client_id: "same", text: "hello" });
  say({ type: "message", client_id: "same", text: "hello" });
  const acks = sent.filter((m) => m.type === "ack" && m.client_id === "same");
  assert.equal(acks.length, 2);
  assert.equal(
    published.filter((p) =>
      p.type === "chat.message" &&
      (p.data.message as { body: string }).body === "hello"
    ).length,
    1,
  );
});

Deno.test("a flood, an oversized message and a disallowed file are refused with codes the widget words", async () => {
  const { f, routing, sent, say } = await deskFixture();
  await using _ = f;
  routing.bot = false;
  say({ type: "start", name: "V", email: "v@example.com", topic: "", language: "zh-CN" });
  say({ type: "message", client_id: "long", text: "x".repeat(5000) });
  assert.equal(sent.at(-1)?.type === "error" && sent.at(-1)!.type, "error");
  assert.equal((sent.at(-1) as { code: string }).code, "message_too_long");
  say({
    type: "file",
    client_id: "f1",
    name: "page.html",
    content_type: "text/html",
    data: btoa("<script>"),
  });
  assert.equal((sent.at(-1) as { code: string }).code, "file_type_not_allowed");
  for (let i = 0; i < 12; i++) say({ type: "message", client_id: `n${i}`, text: `n${i}` });
  const last = sent.at(-1) as { type: string; code: string; details: { retry_after_ms: number } };
  assert.equal(last.code, "too_many_messages");
  assert.ok(last.details.retry_after_ms > 0);
});

Deno.test("with nobody to answer the visitor leaves a message that becomes a case", async () => {
  const { f, routing, sent, say } = await deskFixture();
  await using _ = f;
  routing.bot = false;
  routing.staffedNow = false;
  say({
    type: "start",
    name: "Late Visitor",
    email: "late@example.com",
    topic: "refund",
    language: "en",
  });
  assert.ok(sent.some((m) => m.type === "state" && m.can_leave_message === true));
  say({ type: "leave_message", text: "Please call me back about my refund" });
  const left = sent.find((m) => m.type === "left_message");
  assert.ok(left && left.type === "left_message");
  const kase = f.crm.cases.get(left.case_id)!;
  assert.equal(kase.subject, "Chat message: refund");
  assert.match(kase.description, /call me back/);
  assert.equal(
    f.store.get(
      f.store.byToken(
        (sent.find((m) => m.type === "started") as { token: string }).token,
      )!.id,
    )!.state,
    "left_message",
  );
  assert.ok(!routing.calls.some((c) => c.startsWith("enter")), "nobody was there to offer it to");
});

Deno.test("the bot's resolved chats are counted as resolved by the bot", async () => {
  const { f, sent, say } = await deskFixture();
  await using _ = f;
  say({ type: "start", name: "V", email: "v2@example.com", topic: "", language: "en" });
  say({ type: "message", client_id: "q", text: "reset password" });
  say({ type: "solved", solved: true });
  assert.ok(sent.some((m) => m.type === "state" && m.state === "ended"));
  assert.deepEqual(f.store.botFigures("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"), {
    withBot: 1,
    resolved: 1,
  });
});

Deno.test("after a restart open chats go back to the ACD, a chat with an agent to that agent", async () => {
  const { f, desk, routing } = await deskFixture();
  await using _ = f;
  const make = (token: string, state: "bot" | "waiting") =>
    f.store.create({ token, customer_id: null, visitor_name: token, queue_id: 1, state });
  const waiting = make("w", "waiting");
  const talking = make("t", "waiting");
  f.store.move(talking.id, "offered", { agent_id: f.users.agent2 });
  f.store.move(talking.id, "with_agent");
  const withBot = make("b", "bot");
  const ended = make("e", "waiting");
  f.store.move(ended.id, "ended");
  routing.calls.length = 0;
  assert.equal(desk.resumeOpenChats(), 2);
  assert.deepEqual(routing.calls, [
    `enter ${waiting.id}`,
    `enter ${talking.id} for ${f.users.agent2}`,
  ]);
  assert.equal(f.store.get(withBot.id)!.state, "bot");
});
