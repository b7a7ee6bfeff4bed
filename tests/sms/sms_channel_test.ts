import assert from "node:assert/strict";
import { createLogger } from "../../src/log/mod.ts";
import { SmsChannel, SmsGatewayStore, SmsRefused } from "../../src/sms/mod.ts";
import { Settings } from "../../src/db/mod.ts";
import { crmFixture } from "../crm/_crm.ts";
import { gatewayStandIn } from "./_gateway.ts";

const silent = createLogger("test", { sink: () => {} });

async function smsFixture() {
  const f = await crmFixture();
  const gateway = gatewayStandIn();
  const store = new SmsGatewayStore(new Settings(f.db, f.clock));
  store.update({
    enabled: true,
    send_url: gateway.url,
    auth_header: "X-Api-Key",
    auth_token: "key-123",
    from: "10690000",
    inbound_secret: "a-secret-of-sixteen+",
    inbound_per_minute: 3,
  });
  const events: { type: string; data: Record<string, unknown> }[] = [];
  const sms = new SmsChannel({
    db: f.db,
    clock: f.clock,
    crm: f.crm,
    gateway: store,
    log: silent,
    backoffMs: 0,
    publish: (type, data) => events.push({ type, data }),
  });
  return {
    ...f,
    sms,
    store,
    gateway,
    events,
    async [Symbol.asyncDispose]() {
      await gateway[Symbol.asyncDispose]();
      await f[Symbol.asyncDispose]();
    },
  };
}

Deno.test("an inbound SMS from an unknown number creates the customer and an sms contact on the timeline", async () => {
  await using f = await smsFixture();
  const got = f.sms.receive({ id: "gw-1", from: "+86 138 0013 8000", text: "Where is my parcel?" });
  assert.equal(got.outcome, "stored");
  const customer = f.crm.customers.get(got.customer_id!)!;
  assert.deepEqual(customer.phones.map((p) => p.e164), ["+8613800138000"]);
  const timeline = f.crm.interactions.timeline(customer.id);
  assert.equal(timeline.length, 1);
  assert.equal(timeline[0].channel, "sms");
  assert.equal(timeline[0].direction, "inbound");
  assert.match(timeline[0].notes, /Where is my parcel\?/);
  assert.equal(f.events[0].type, "sms.received");
});

Deno.test("an inbound SMS from a known number joins that customer", async () => {
  await using f = await smsFixture();
  const known = f.crm.customers.create({ name: "Zhang San", phones: ["+8613900139000"] });
  const got = f.sms.receive({ id: "gw-1", from: "13900139000", text: "hello" });
  assert.equal(got.customer_id, known.id);
});

Deno.test("the same gateway message id delivered twice is stored once", async () => {
  await using f = await smsFixture();
  const first = f.sms.receive({ id: "gw-7", from: "+8613800138000", text: "one" });
  const again = f.sms.receive({ id: "gw-7", from: "+8613800138000", text: "one" });
  assert.equal(again.outcome, "duplicate");
  assert.equal(again.message.id, first.message.id);
  assert.equal(f.sms.threads.messages(first.conversation_id).length, 1);
});

Deno.test("messages within the idle window join the open conversation; after it a new one starts", async () => {
  await using f = await smsFixture();
  const a = f.sms.receive({ id: "1", from: "+8613800138000", text: "first" });
  f.clock.advance(60 * 60_000);
  const b = f.sms.receive({ id: "2", from: "+8613800138000", text: "second" });
  assert.equal(b.conversation_id, a.conversation_id);
  f.clock.advance(25 * 60 * 60_000);
  const c = f.sms.receive({ id: "3", from: "+8613800138000", text: "a day later" });
  assert.notEqual(c.conversation_id, a.conversation_id);
  assert.equal(f.crm.interactions.timeline(a.customer_id!).length, 2);
});

Deno.test("a number sending more than its rate per minute is refused until the minute has passed", async () => {
  await using f = await smsFixture();
  for (let i = 0; i < 3; i++) f.sms.receive({ id: `m${i}`, from: "+8613800138000", text: "x" });
  assert.throws(
    () => f.sms.receive({ id: "m3", from: "+8613800138000", text: "x" }),
    (e: unknown) => e instanceof SmsRefused && e.reason === "rate_limited",
  );
  // Another number is not held back by the first one's flood.
  f.sms.receive({ id: "o1", from: "+8613900139000", text: "x" });
  f.clock.advance(60_000);
  assert.equal(f.sms.receive({ id: "m4", from: "+8613800138000", text: "x" }).outcome, "stored");
});

Deno.test("an agent's reply is posted to the gateway with the template filled and the auth header", async () => {
  await using f = await smsFixture();
  const got = f.sms.receive({ id: "1", from: "+8613800138000", text: "hi" });
  f.clock.advance(90_000);
  const reply = await f.sms.reply(
    got.customer_id!,
    f.users.agent1,
    'It ships "today" & arrives soon',
  );
  assert.equal(reply.status, "sent");
  assert.equal(f.gateway.received.length, 1);
  const sent = f.gateway.received[0];
  assert.equal(sent.method, "POST");
  assert.equal(sent.headers.get("x-api-key"), "key-123");
  assert.deepEqual(JSON.parse(sent.body), {
    to: "+8613800138000",
    from: "10690000",
    text: 'It ships "today" & arrives soon',
  });
  const [contact] = f.crm.interactions.timeline(got.customer_id!);
  assert.match(contact.notes, /Li Na: It ships/);
  const row = f.db.get<{ first_response_at: string }>(
    "SELECT first_response_at FROM interactions WHERE id = ?",
    contact.id,
  )!;
  assert.equal(Date.parse(row.first_response_at) - Date.parse(contact.started_at), 90_000);
  assert.equal(f.sms.waiting().waiting, 0);
});

Deno.test("a reply the gateway fails is retried, and after the last try it is failed with the reason", async () => {
  await using f = await smsFixture();
  const got = f.sms.receive({ id: "1", from: "+8613800138000", text: "hi" });
  f.gateway.answers.push(503, 200);
  const retried = await f.sms.reply(got.customer_id!, f.users.agent1, "first try fails");
  assert.equal(retried.status, "sent");
  assert.equal(retried.attempts, 2);

  f.gateway.answers.push(503, 503, 503);
  const failed = await f.sms.reply(got.customer_id!, f.users.agent1, "never arrives");
  assert.equal(failed.status, "failed");
  assert.equal(failed.attempts, 3);
  assert.match(failed.error!, /HTTP 503/);
  assert.equal(f.events.at(-1)!.type, "sms.status");
  assert.equal(f.events.at(-1)!.data.status, "failed");

  const again = await f.sms.resend(failed.id);
  assert.equal(again.status, "sent");
  assert.equal(f.gateway.received.length, 6);
});

Deno.test("a gateway that refuses the message outright is not asked again", async () => {
  await using f = await smsFixture();
  const got = f.sms.receive({ id: "1", from: "+8613800138000", text: "hi" });
  f.gateway.answers.push(400);
  const failed = await f.sms.reply(got.customer_id!, f.users.agent1, "bad");
  assert.equal(failed.status, "failed");
  assert.equal(f.gateway.received.length, 1);
});

Deno.test("a reply with no gateway configured is refused before anything is stored", async () => {
  await using f = await smsFixture();
  const got = f.sms.receive({ id: "1", from: "+8613800138000", text: "hi" });
  f.store.update({ enabled: false });
  await assert.rejects(
    f.sms.reply(got.customer_id!, f.users.agent1, "x"),
    (e: unknown) => e instanceof SmsRefused && e.reason === "not_configured",
  );
  assert.equal(f.sms.threadsOf(got.customer_id!)[0].messages.length, 1);
});

Deno.test("the wallboard's SMS figures count threads waiting for an answer and the oldest wait", async () => {
  await using f = await smsFixture();
  f.sms.receive({ id: "1", from: "+8613800138000", text: "a" });
  f.clock.advance(30_000);
  f.sms.receive({ id: "2", from: "+8613900139000", text: "b" });
  f.clock.advance(15_000);
  assert.deepEqual(f.sms.waiting(), { waiting: 2, oldest_wait_s: 45 });
});

Deno.test("the SMS tile's service level counts threads answered within T against those answered or overdue", async () => {
  await using f = await smsFixture();
  f.store.update({ response_target_s: 60 });
  const since = f.clock.now();
  const a = f.sms.receive({ id: "1", from: "+8613800138000", text: "a" });
  f.clock.advance(30_000);
  await f.sms.reply(a.customer_id!, f.users.agent1, "in time");
  const b = f.sms.receive({ id: "2", from: "+8613900139000", text: "b" });
  f.clock.advance(120_000);
  await f.sms.reply(b.customer_id!, f.users.agent1, "late");
  f.sms.receive({ id: "3", from: "+8613700137000", text: "c, still within T" });
  f.clock.advance(10_000);
  const tile = f.sms.queueStatus(since);
  assert.equal(tile.service_level, 50.0);
  assert.equal(tile.waiting, 1);
  assert.equal(tile.oldest_wait_s, 10);
  f.clock.advance(60_000);
  assert.equal(f.sms.queueStatus(since).service_level, 33.3);
});

Deno.test("erasing a customer erases their texts; merging customers keeps the thread", async () => {
  await using f = await smsFixture();
  const a = f.sms.receive({ id: "1", from: "+8613800138000", text: "erase me" });
  const b = f.sms.receive({ id: "2", from: "+8613900139000", text: "keep me" });
  const keep = f.crm.customers.create({ name: "Keeper" });
  f.crm.mergeCustomers(keep.id, b.customer_id!);
  f.crm.privacy.erase(a.customer_id!);
  assert.equal(f.sms.threads.conversation(a.conversation_id), undefined);
  assert.equal(
    f.db.get<{ n: number }>("SELECT count(*) AS n FROM sms_messages WHERE body = 'erase me'")!.n,
    0,
  );
  assert.deepEqual(
    f.sms.threadsOf(keep.id).map((t) => t.messages.map((m) => m.body)),
    [["keep me"]],
  );
});
