import assert from "node:assert/strict";
import { ChatQueueTiles } from "../../src/chat/mod.ts";
import { deskFixture, settle, visitor } from "./_chat_desk.ts";

Deno.test("a chat queue's tile shows who waits, who has room and today's service level", async () => {
  const { f, desk, routing } = await deskFixture();
  await using _ = f;
  routing.bot = false;
  const tiles = new ChatQueueTiles({
    clock: f.clock,
    store: f.store,
    figures: () => desk.queueFigures(),
    withRoom: (queueId) => queueId === 1 ? 2 : 0,
    targets: () => ({ service_level_s: 30 }),
    endedSince: (queueId, since) =>
      f.crm.interactions.queueContactsSince({ channel: "chat", queueId, since }),
    startOfToday: () => Date.UTC(2026, 4, 1),
  });
  let n = 0;
  const start = async () => {
    const v = visitor(desk, f.clock, `203.0.113.${++n}`);
    v.say({ type: "start", name: `V${n}`, email: `v${n}@example.com`, topic: "", language: "en" });
    await settle();
    const token = (v.sent.find((m) => m.type === "started") as { token: string }).token;
    return { ...v, chat: f.store.byToken(token)! };
  };
  assert.deepEqual(tiles.statuses(), [{
    key: "chat:1",
    queue_id: 1,
    name: "web",
    channel: "chat",
    waiting: 0,
    oldest_wait_s: null,
    agents_with_capacity: 2,
    service_level: null,
    service_level_s: 30,
  }]);

  // Accepted within 30 s and ended: answered in time.
  const a = await start();
  f.clock.advance(10_000);
  desk.accept(a.chat.id, f.users.agent1);
  f.clock.advance(50_000);
  desk.end(a.chat.id, f.users.agent1, {});
  // Accepted after 45 s and still open: answered late.
  f.clock.advance(40_000);
  const b = await start();
  f.clock.advance(45_000);
  desk.accept(b.chat.id, f.users.agent1);
  // Left after 10 s without an answer: a short abandon, not counted.
  f.clock.advance(55_000);
  const e = await start();
  f.clock.advance(10_000);
  e.say({ type: "end" });
  // Waiting 40 s (past T: a miss already) and 5 s (may still be answered in time).
  f.clock.advance(90_000);
  await start();
  f.clock.advance(35_000);
  await start();
  f.clock.advance(5_000);

  const [tile] = tiles.statuses();
  assert.equal(tile.waiting, 2);
  assert.equal(tile.oldest_wait_s, 40);
  assert.equal(tile.service_level, 33.3);
  assert.equal(tile.agents_with_capacity, 2);
});

Deno.test("a chat the bot still holds is not waiting for a person, and a handed-over one waits from the hand-over", async () => {
  const { f, desk, routing } = await deskFixture();
  await using _ = f;
  routing.offerAtOnce = false;
  const tiles = new ChatQueueTiles({
    clock: f.clock,
    store: f.store,
    figures: () => desk.queueFigures(),
    withRoom: () => 0,
    targets: () => undefined,
    endedSince: () => [],
    startOfToday: () => Date.UTC(2026, 4, 1),
  });
  const first = visitor(desk, f.clock, "203.0.113.1");
  first.say({ type: "start", name: "A", email: "a@example.com", topic: "", language: "en" });
  const second = visitor(desk, f.clock, "203.0.113.2");
  second.say({ type: "start", name: "B", email: "b@example.com", topic: "", language: "en" });
  f.clock.advance(300_000);
  second.say({ type: "person" });
  await settle();
  f.clock.advance(20_000);
  const [tile] = tiles.statuses();
  assert.equal(tile.waiting, 1);
  assert.equal(tile.oldest_wait_s, 20);
  assert.equal(tile.service_level, null, "nobody has waited past the default 60 s");
  assert.equal(tile.service_level_s, 60);
  f.clock.advance(41_000);
  assert.equal(tiles.statuses()[0].service_level, 0);
});
