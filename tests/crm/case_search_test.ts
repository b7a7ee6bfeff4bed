import assert from "node:assert/strict";
import { crmFixture } from "./_crm.ts";

Deno.test("case search filters by words of the subject, a case number, priority and breach", async () => {
  await using f = await crmFixture();
  const c = f.crm.customers.create({ name: "A" });
  const a = f.crm.cases.create(
    { customer_id: c.id, subject: "Router down", priority: "urgent" },
    null,
  );
  const b = f.crm.cases.create({ customer_id: c.id, subject: "Bill too high" }, null);
  assert.deepEqual(f.crm.caseSearch.search({ q: "router" }).map((r) => r.id), [a.id]);
  assert.deepEqual(f.crm.caseSearch.search({ q: `#${b.id}` }).map((r) => r.id), [b.id]);
  assert.deepEqual(f.crm.caseSearch.search({ priority: "urgent" }).map((r) => r.id), [a.id]);
  assert.deepEqual(f.crm.caseSearch.search({ breached: true }), []);
  f.clock.advance(121 * 60_000);
  assert.deepEqual(f.crm.caseSearch.search({ breached: true }).map((r) => r.id), [a.id]);
  assert.equal(f.crm.caseSearch.search({ q: "router" })[0].customer, "A");
});

Deno.test("my work counts what is assigned, due today, breached and waiting on the customer", async () => {
  await using f = await crmFixture();
  const c = f.crm.customers.create({ name: "A" });
  const me = f.users.agent1;
  const urgent = f.crm.cases.create(
    { customer_id: c.id, subject: "u", priority: "urgent", assignee_id: me },
    null,
  );
  const waiting = f.crm.cases.create({ customer_id: c.id, subject: "w", assignee_id: me }, null);
  f.crm.cases.transition(waiting.id, "pending_customer", me);
  f.crm.cases.create({ customer_id: c.id, subject: "other", assignee_id: f.users.agent2 }, null);
  assert.deepEqual(f.crm.caseSearch.counts(me), {
    assigned: 2,
    due_today: 1,
    breached: 0,
    waiting: 1,
    follow_ups: 0,
  });
  f.clock.advance(3 * 3_600_000);
  assert.equal(f.crm.caseSearch.counts(me).breached, 1);
  assert.deepEqual(f.crm.caseSearch.workList("breached", me).map((r) => r.id), [urgent.id]);
  assert.deepEqual(f.crm.caseSearch.workList("waiting", me).map((r) => r.id), [waiting.id]);
});

Deno.test("the tier-2 queue takes the most urgent first, then the soonest due", async () => {
  await using f = await crmFixture();
  const c = f.crm.customers.create({ name: "A" });
  const open = (subject: string, priority: "normal" | "high" | "urgent") => {
    const k = f.crm.cases.create({ customer_id: c.id, subject, priority }, null);
    f.clock.advance(60_000);
    return f.crm.cases.escalate(k.id, { note: "over to you" }, null);
  };
  const normal = open("normal", "normal");
  const high1 = open("high 1", "high");
  const urgent = open("urgent", "urgent");
  const high2 = open("high 2", "high");
  f.crm.cases.create({ customer_id: c.id, subject: "tier 1" }, null);
  assert.deepEqual(
    f.crm.caseSearch.tier2Queue(null).map((r) => r.id),
    [urgent.id, high1.id, high2.id, normal.id],
  );
});

Deno.test("customers are found by phone written any way, e-mail, account, name and custom field", async () => {
  await using f = await crmFixture();
  f.crm.customFields.define({ key: "plan", label: "Plan", type: "text" });
  const li = f.crm.customers.create({
    name: "Li Lei",
    phones: ["+86 138 0013 8000"],
    emails: ["li@example.com"],
    external_id: "AC-1",
    custom_fields: { plan: "gold" },
  });
  const hits = (q: string) => f.crm.findCustomers(q).map((h) => [h.id, h.matched]);
  assert.deepEqual(hits("138-0013-8000"), [[li.id, "phone"]]);
  assert.deepEqual(hits("LI@example.com"), [[li.id, "email"]]);
  assert.deepEqual(hits("AC-1"), [[li.id, "account"]]);
  assert.deepEqual(hits("li l"), [[li.id, "name"]]);
  assert.deepEqual(hits("plan:gold"), [[li.id, "field"]]);
  assert.deepEqual(hits("nobody"), []);
});
