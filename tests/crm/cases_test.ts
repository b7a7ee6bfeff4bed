import assert from "node:assert/strict";
import { CrmValidationError, IllegalTransitionError } from "../../src/crm/mod.ts";
import { crmFixture } from "./_crm.ts";

Deno.test("a new case is due by the SLA rule for its category and priority, the catch-all otherwise", async () => {
  await using f = await crmFixture();
  f.crm.sla.replace([
    { category: "*", priority: "normal", resolve_within_min: 2880 },
    { category: "*", priority: "urgent", resolve_within_min: 120 },
    { category: "complaint", priority: "urgent", resolve_within_min: 30 },
  ]);
  const c = f.crm.customers.create({ name: "A" });
  const now = f.clock.now();
  const normal = f.crm.cases.create({ customer_id: c.id, subject: "x" }, null);
  assert.equal(normal.due_at, new Date(now + 2880 * 60_000).toISOString());
  const urgent = f.crm.cases.create({
    customer_id: c.id,
    subject: "x",
    category: "billing",
    priority: "urgent",
  }, null);
  assert.equal(urgent.due_at, new Date(now + 120 * 60_000).toISOString());
  const complaint = f.crm.cases.create({
    customer_id: c.id,
    subject: "x",
    category: "complaint",
    priority: "urgent",
  }, null);
  assert.equal(complaint.due_at, new Date(now + 30 * 60_000).toISOString());
  const low = f.crm.cases.create({ customer_id: c.id, subject: "x", priority: "low" }, null);
  assert.equal(low.due_at, null);
  f.clock.advance(10 * 60_000);
  // Raising the priority later recomputes the due time from when the case was opened.
  const raised = f.crm.cases.update(normal.id, { priority: "urgent" }, null);
  assert.equal(raised.due_at, new Date(now + 120 * 60_000).toISOString());
});

Deno.test("every change to a case leaves a history row with who, when, old and new value", async () => {
  await using f = await crmFixture();
  const c = f.crm.customers.create({ name: "A" });
  const k = f.crm.cases.create({ customer_id: c.id, subject: "Printer jams" }, f.users.agent1);
  f.clock.advance(1000);
  f.crm.cases.update(
    k.id,
    { subject: "Printer jams on tray 2", assignee_id: f.users.agent2 },
    f.users.agent1,
  );
  f.crm.cases.transition(k.id, "open", f.users.agent2);
  f.crm.cases.update(k.id, { subject: "Printer jams on tray 2" }, f.users.agent2);
  const history = f.crm.cases.history(k.id).map((
    h,
  ) => [h.field, h.old_value, h.new_value, h.actor_id]);
  assert.deepEqual(history, [
    ["status", null, "new", f.users.agent1],
    ["subject", "Printer jams", "Printer jams on tray 2", f.users.agent1],
    ["assignee_id", null, String(f.users.agent2), f.users.agent1],
    ["status", "new", "open", f.users.agent2],
  ]);
});

Deno.test("an illegal status move throws and changes nothing", async () => {
  await using f = await crmFixture();
  const c = f.crm.customers.create({ name: "A" });
  const k = f.crm.cases.create({ customer_id: c.id, subject: "x" }, null);
  f.crm.cases.transition(k.id, "open", null);
  const before = f.crm.cases.history(k.id).length;
  assert.throws(() => f.crm.cases.transition(k.id, "closed", null, "note"), IllegalTransitionError);
  assert.equal(f.crm.cases.get(k.id)!.status, "open");
  assert.equal(f.crm.cases.history(k.id).length, before);
  assert.equal(f.crm.cases.notes(k.id).length, 0);
});

Deno.test("escalation moves the case to tier 2 with the handover note, and needs that note", async () => {
  await using f = await crmFixture();
  const c = f.crm.customers.create({ name: "A" });
  const k = f.crm.cases.create({ customer_id: c.id, subject: "Refund" }, f.users.agent1);
  f.crm.cases.transition(k.id, "open", f.users.agent1);
  assert.throws(
    () => f.crm.cases.escalate(k.id, { note: "  " }, f.users.agent1),
    CrmValidationError,
  );
  const escalated = f.crm.cases.escalate(k.id, {
    note: "Photos checked; approve refund",
    assigneeId: f.users.agent2,
  }, f.users.agent1);
  assert.equal(escalated.status, "escalated");
  assert.equal(escalated.tier, 2);
  assert.equal(escalated.assignee_id, f.users.agent2);
  assert.ok(escalated.escalated_at);
  assert.deepEqual(f.crm.cases.notes(k.id).map((n) => n.body), [
    "Handover to tier 2: Photos checked; approve refund",
  ]);
  const resolved = f.crm.cases.transition(k.id, "resolved", f.users.agent2);
  assert.ok(resolved.resolved_at);
});

Deno.test("merging duplicate cases moves notes and contacts and closes the duplicate", async () => {
  await using f = await crmFixture();
  const c = f.crm.customers.create({ name: "A" });
  const a = f.crm.cases.create({ customer_id: c.id, subject: "Late delivery" }, null);
  const b = f.crm.cases.create({ customer_id: c.id, subject: "Where is my parcel" }, null);
  f.crm.cases.addNote(b.id, "called twice", null);
  const i = f.crm.interactions.record({
    customer_id: c.id,
    channel: "call",
    direction: "inbound",
    case_id: b.id,
  });
  f.crm.cases.merge(a.id, b.id, null);
  const dup = f.crm.cases.get(b.id)!;
  assert.equal(dup.status, "closed");
  assert.equal(dup.merged_into, a.id);
  assert.deepEqual(f.crm.cases.notes(a.id).map((n) => n.body), [
    "called twice",
    `Case ${b.id} ("Where is my parcel") merged into this one`,
  ]);
  assert.equal(f.crm.interactions.get(i.id)!.case_id, a.id);
  const other = f.crm.customers.create({ name: "B" });
  const foreign = f.crm.cases.create({ customer_id: other.id, subject: "x" }, null);
  assert.throws(() => f.crm.cases.merge(a.id, foreign.id, null), /same customer/);
});

Deno.test("a wrap-up disposition must be one the queue offers", async () => {
  await using f = await crmFixture();
  const now = new Date(f.clock.now()).toISOString();
  const sales =
    f.db.run("INSERT INTO queues (name, created_at, updated_at) VALUES ('Sales', ?, ?)", now, now)
      .lastInsertRowid;
  const support =
    f.db.run("INSERT INTO queues (name, created_at, updated_at) VALUES ('Support', ?, ?)", now, now)
      .lastInsertRowid;
  f.crm.dispositions.create({
    code: "sale",
    label: "Sale made",
    resolves: true,
    queue_ids: [sales],
  });
  f.crm.dispositions.create({ code: "callback", label: "Callback", queue_ids: [sales, support] });
  assert.deepEqual(f.crm.dispositions.list({ queueId: support }).map((d) => d.code), ["callback"]);
  const c = f.crm.customers.create({ name: "A" });
  const i = f.crm.interactions.record({
    customer_id: c.id,
    channel: "call",
    direction: "inbound",
    queue_id: support,
  });
  assert.throws(
    () => f.crm.interactions.update(i.id, { disposition: "sale" }),
    /not used by queue/,
  );
  assert.equal(
    f.crm.interactions.update(i.id, { disposition: "callback" }).disposition,
    "callback",
  );
});
