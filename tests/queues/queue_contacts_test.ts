import assert from "node:assert/strict";
import { CallJournal } from "../../src/call_history/mod.ts";
import { EventHub } from "../../src/events/mod.ts";
import type { QueuedCall } from "../../src/queues/queued_call.ts";
import { QueueContacts } from "../../src/queues/queue_contacts.ts";
import { VirtualClock } from "../../src/clock/mod.ts";
import { Crm } from "../../src/crm/mod.ts";
import { Database } from "../../src/db/mod.ts";
import { createLogger } from "../../src/log/mod.ts";

/** Only the fields a callback request reads from a queued call. */
function queued(
  callId: string,
  caller: string,
  customerId: number | null,
  queueDbId: number | null,
): QueuedCall {
  return { call: { id: callId, info: { caller } }, customerId, queueDbId } as unknown as QueuedCall;
}

Deno.test("an overflow callback is handed to the CRM in the caller's place, with the number as presented", () => {
  const db = new Database(":memory:");
  db.migrate();
  const clock = new VirtualClock(Date.parse("2026-05-04T02:00:00.000Z"));
  const crm = new Crm({ db, clock, dataDir: "/nonexistent" });
  const contacts = new QueueContacts({
    journal: new CallJournal(db, clock, new EventHub(() => clock.now())),
    crm,
    clock,
    log: createLogger("test", { sink: () => {} }),
  });
  const now = new Date(clock.now()).toISOString();
  const queueId = db.run(
    "INSERT INTO queues (name, created_at, updated_at) VALUES ('Support', ?, ?)",
    now,
    now,
  ).lastInsertRowid;
  const customer = crm.customers.create({ name: "Zhou Xiaoming" });
  db.run(
    "INSERT INTO calls (id, direction, state, caller, started_at) VALUES ('c1', 'inbound', 'queued', '13800138000', '2026-05-04T01:57:12.345Z')",
  );
  clock.advance(1_500);

  contacts.callbackRequested(queued("c1", "13800138000", customer.id, queueId), 3);
  contacts.callbackRequested(queued("c-unjournalled", "1001", null, null), 0);

  const rows = db.all<Record<string, unknown>>(
    `SELECT call_id, customer_id, number, queue_id, priority, place_at, status, created_at
     FROM callbacks ORDER BY id`,
  ).map((r) => ({ ...r }));
  assert.deepEqual(rows, [
    {
      call_id: "c1",
      customer_id: customer.id,
      number: "13800138000",
      queue_id: queueId,
      priority: 3,
      place_at: "2026-05-04T01:57:12.345Z",
      status: "pending",
      created_at: "2026-05-04T02:00:01.500Z",
    },
    {
      call_id: "c-unjournalled",
      customer_id: null,
      number: "1001",
      queue_id: null,
      priority: 0,
      place_at: "2026-05-04T02:00:01.500Z",
      status: "pending",
      created_at: "2026-05-04T02:00:01.500Z",
    },
  ]);
});
