import assert from "node:assert/strict";
import { type CrmFixture, crmFixture } from "./_crm.ts";

function queue(f: CrmFixture): number {
  const now = new Date(f.clock.now()).toISOString();
  return f.db.run(
    "INSERT INTO queues (name, created_at, updated_at) VALUES ('Support', ?, ?)",
    now,
    now,
  ).lastInsertRowid;
}

Deno.test("a callback request is stored pending, in the caller's place, with when it was taken", async () => {
  await using f = await crmFixture();
  const customer = f.crm.customers.create({ name: "Zhou Xiaoming" });
  const queueId = queue(f);
  const id = f.crm.callbacks.request({
    callId: "call-1",
    customerId: customer.id,
    number: "+8613911112222",
    queueId,
    priority: 2,
    placeAt: Date.parse("2026-05-01T01:55:00.000Z"),
    at: Date.parse("2026-05-01T01:58:30.000Z"),
  });
  f.clock.advance(60_000);
  const unstamped = f.crm.callbacks.request({
    callId: "call-2",
    customerId: null,
    number: "1001",
    queueId: null,
    priority: 0,
    placeAt: Date.parse("2026-05-01T01:59:00.000Z"),
  });
  const rows = f.db.all<Record<string, unknown>>(
    `SELECT id, call_id, customer_id, number, queue_id, priority, place_at, status, attempts,
       created_at FROM callbacks ORDER BY id`,
  ).map((r) => ({ ...r }));
  assert.deepEqual(rows, [
    {
      id,
      call_id: "call-1",
      customer_id: customer.id,
      number: "+8613911112222",
      queue_id: queueId,
      priority: 2,
      place_at: "2026-05-01T01:55:00.000Z",
      status: "pending",
      attempts: 0,
      created_at: "2026-05-01T01:58:30.000Z",
    },
    {
      id: unstamped,
      call_id: "call-2",
      customer_id: null,
      number: "1001",
      queue_id: null,
      priority: 0,
      place_at: "2026-05-01T01:59:00.000Z",
      status: "pending",
      attempts: 0,
      created_at: "2026-05-01T02:01:00.000Z",
    },
  ]);
});

Deno.test("erasing a customer removes their callback requests and counts them, and no one else's", async () => {
  await using f = await crmFixture();
  const gone = f.crm.customers.create({ name: "Alice Morgan" });
  const kept = f.crm.customers.create({ name: "Sun Qiang" });
  const request = (customerId: number, callId: string) =>
    f.crm.callbacks.request({
      callId,
      customerId,
      number: "+442079460000",
      queueId: null,
      priority: 0,
      placeAt: f.clock.now(),
    });
  request(gone.id, "call-a");
  request(gone.id, "call-b");
  request(kept.id, "call-c");
  assert.equal(f.crm.privacy.erase(gone.id).callbacks, 2);
  assert.deepEqual(
    f.db.all<{ call_id: string }>("SELECT call_id FROM callbacks").map((r) => r.call_id),
    ["call-c"],
  );
});
