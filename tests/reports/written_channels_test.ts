import assert from "node:assert/strict";
import { ChannelReports, type ReportChannel, RollupFeed } from "../../src/reports/mod.ts";
import { deskFixture, settle, visitor } from "../chat/_chat_desk.ts";
import { emailFixture, rawMail } from "../email/_email.ts";

/** The day around the fixtures' clock (2026-05-01 02:00 UTC), as one bucket. */
function today(reports: ChannelReports, channel: ReportChannel) {
  const report = reports.report({
    from: Date.UTC(2026, 4, 1),
    to: Date.UTC(2026, 4, 2),
    granularity: "day",
    timeZone: "UTC",
    channel,
  });
  return report.channels[0].total;
}

Deno.test("a chat an agent answered and one the bot resolved are counted by the chat report", async () => {
  const { f, desk, routing, say, sent } = await deskFixture();
  await using _ = f;
  f.db.run(
    `UPDATE queues SET service_level_s = 30, options = '{"channel":"chat","chat_bot":true}'
     WHERE id = 1`,
  );

  // The first visitor asks the bot, reads its article and says it solved the question.
  say({ type: "start", name: "Bot Only", email: "bot@example.com", topic: "", language: "en" });
  say({ type: "message", client_id: "b1", text: "How do I reset my password?" });
  say({ type: "solved", solved: true });
  const byBot = f.store.byToken(
    (sent.find((m) => m.type === "started") as { token: string }).token,
  )!;
  assert.equal(byBot.state, "ended");

  // The second talks to the bot for two minutes, then asks for a person; the agent
  // accepts 20 s later, writes 5 s after that and ends the chat 5 minutes on.
  const second = visitor(desk, f.clock, "203.0.113.10");
  second.say({
    type: "start",
    name: "Needs Person",
    email: "p@example.com",
    topic: "",
    language: "en",
  });
  const chat = f.store.byToken(
    (second.sent.find((m) => m.type === "started") as { token: string }).token,
  )!;
  f.clock.advance(120_000);
  second.say({ type: "person" });
  await settle();
  assert.equal(f.store.get(chat.id)!.state, "offered");
  f.clock.advance(20_000);
  desk.accept(chat.id, f.users.agent1);
  f.clock.advance(5_000);
  desk.agentMessage(chat.id, f.users.agent1, "Hello, I can help");
  f.clock.advance(300_000);
  desk.end(chat.id, f.users.agent1, {});
  assert.deepEqual(routing.calls.filter((c) => c.startsWith("enter")), [`enter ${chat.id}`]);

  const rows = f.db.all<Record<string, unknown>>(
    `SELECT queue_id, agent_id, started_at, answered_at, first_response_at, ended_at,
       resolved_by_bot FROM interactions WHERE channel = 'chat' ORDER BY id`,
  );
  const t = (ms: number) => new Date(Date.UTC(2026, 4, 1, 2) + ms).toISOString();
  assert.deepEqual(rows.map((r) => ({ ...r })), [
    {
      queue_id: 1,
      agent_id: null,
      started_at: t(0),
      answered_at: null,
      first_response_at: null,
      ended_at: t(0),
      resolved_by_bot: 1,
    },
    {
      queue_id: 1,
      agent_id: f.users.agent1,
      started_at: t(120_000),
      answered_at: t(140_000),
      first_response_at: t(145_000),
      ended_at: t(445_000),
      resolved_by_bot: 0,
    },
  ]);

  const reports = new ChannelReports({ db: f.db, feed: new RollupFeed(f.db) });
  const figures = today(reports, "chat");
  assert.equal(figures.offered, 1);
  assert.equal(figures.handled, 1);
  assert.equal(figures.abandoned, 0);
  assert.equal(figures.service_level, 100);
  assert.equal(figures.asa_s, 20);
  assert.equal(figures.aht_s, 305);
  assert.equal(figures.first_response_s, 25);
  assert.equal(figures.bot_resolved, 1);
  assert.equal(figures.bot_resolved_share, 50);
  // The chat queue is not a voice queue, and chats are no calls.
  assert.equal(today(reports, "voice").offered, 0);
});

Deno.test("an e-mail is offered when it arrives and handled at the agent's first reply, not the acknowledgement", async () => {
  await using f = await emailFixture();
  const queue = f.db.run(
    `INSERT INTO queues (name, service_level_s, options, created_at, updated_at)
     VALUES ('E-mail', 3600, '{}', 'x', 'x')`,
  ).lastInsertRowid;
  f.email.mailboxes.update(f.mailboxId, { queue_id: queue });
  f.folder.deliver(rawMail({ "Message-ID": "<a@customer.example>" }));
  f.folder.deliver(rawMail({ "Message-ID": "<b@customer.example>", From: "b@customer.example" }));
  await f.email.poller.fetchNow(f.mailboxId);
  await f.email.intake.settled();
  assert.equal(f.outbox.sent.length, 2, "both were acknowledged");

  const reports = new ChannelReports({ db: f.db, feed: new RollupFeed(f.db) });
  const before = today(reports, "email");
  assert.equal(before.offered, 2);
  assert.equal(before.handled, 0);
  assert.equal(before.first_response_s, null);

  const first = f.email.desk.waiting()[0];
  f.clock.advance(1_800_000);
  await f.email.desk.reply(first.case_id, f.users.agent1, { body: "Try tray 2." });
  const after = today(reports, "email");
  assert.equal(after.offered, 2);
  assert.equal(after.handled, 1);
  assert.equal(after.first_response_s, 1800);
  assert.equal(after.service_level, 50);
  const row = f.db.get<Record<string, unknown>>(
    `SELECT queue_id, agent_id, answered_at, first_response_at FROM interactions
     WHERE channel = 'email' AND direction = 'inbound' AND case_id = ?`,
    first.case_id,
  );
  const answered = new Date(Date.UTC(2026, 4, 1, 2, 30)).toISOString();
  assert.deepEqual({ ...row }, {
    queue_id: queue,
    agent_id: f.users.agent1,
    answered_at: answered,
    first_response_at: answered,
  });

  // A second reply on the same case changes nothing the reports count.
  f.clock.advance(600_000);
  await f.email.desk.reply(first.case_id, f.users.agent1, { body: "Any luck?" });
  assert.deepEqual(today(reports, "email"), after);
});
