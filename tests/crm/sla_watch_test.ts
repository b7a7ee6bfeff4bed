import assert from "node:assert/strict";
import { type SlaChange, SlaWatch } from "../../src/crm/mod.ts";
import { crmFixture } from "./_crm.ts";

Deno.test("a case warns once at its rule's warning time and breaches once at its due time, telling owner and lead", async () => {
  await using f = await crmFixture();
  const now = new Date(f.clock.now()).toISOString();
  const team = f.db.run("INSERT INTO teams (name, created_at) VALUES ('T1', ?)", now)
    .lastInsertRowid;
  f.db.run(
    "UPDATE users SET team_id = ?, role = CASE id WHEN ? THEN 'team_lead' ELSE role END",
    team,
    f.users.supervisor,
  );
  f.crm.sla.replace([
    { category: "*", priority: "normal", resolve_within_min: 10, warn_before_min: 3 },
  ]);
  const seen: SlaChange[] = [];
  const watch = new SlaWatch({ db: f.db, clock: f.clock, onChange: (c) => seen.push(c) });
  const c = f.crm.customers.create({ name: "A" });
  const k = f.crm.cases.create(
    { customer_id: c.id, subject: "x", assignee_id: f.users.agent1 },
    null,
  );
  f.clock.advance(6 * 60_000);
  assert.deepEqual(watch.check(), []);
  f.clock.advance(60_000);
  assert.deepEqual(watch.check().map((s) => [s.case_id, s.state]), [[k.id, "warning"]]);
  assert.deepEqual(watch.check(), []);
  f.clock.advance(3 * 60_000);
  const [breach] = watch.check();
  assert.equal(breach.state, "breached");
  assert.equal(breach.owner_id, f.users.agent1);
  assert.deepEqual(breach.lead_ids, [f.users.supervisor]);
  assert.deepEqual(watch.check(), []);
  assert.equal(seen.length, 2);
  assert.deepEqual(watch.breached().map((b) => [b.case_id, b.overdue_s]), [[k.id, 0]]);
  f.crm.cases.transition(k.id, "resolved", null);
  assert.deepEqual(watch.breached(), []);
});

Deno.test("a case waiting on the customer under a pausing rule is not breached until work resumes past its moved due time", async () => {
  await using f = await crmFixture();
  f.crm.sla.replace([
    { category: "*", priority: "normal", resolve_within_min: 10, pause_when_waiting: true },
    { category: "*", priority: "high", resolve_within_min: 10 },
  ]);
  const watch = new SlaWatch({
    db: f.db,
    clock: f.clock,
    onChange: () => {},
    pausesWhileWaiting: (category, priority) =>
      f.crm.sla.ruleFor(category, priority)?.pause_when_waiting ?? false,
  });
  const c = f.crm.customers.create({ name: "A" });
  const paused = f.crm.cases.create({ customer_id: c.id, subject: "x" }, null);
  const running = f.crm.cases.create({ customer_id: c.id, subject: "y", priority: "high" }, null);
  f.clock.advance(5 * 60_000);
  for (const id of [paused.id, running.id]) f.crm.cases.transition(id, "pending_customer", null);
  f.clock.advance(60 * 60_000);
  assert.deepEqual(watch.check().map((s) => [s.case_id, s.state]), [[running.id, "breached"]]);
  assert.deepEqual(watch.breached().map((b) => b.case_id), [running.id]);
  f.crm.cases.transition(paused.id, "open", null);
  f.clock.advance(4 * 60_000);
  assert.deepEqual(watch.check(), []);
  f.clock.advance(60_000);
  assert.deepEqual(watch.check().map((s) => [s.case_id, s.state]), [[paused.id, "breached"]]);
});
