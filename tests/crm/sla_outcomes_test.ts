import assert from "node:assert/strict";
import { crmFixture } from "./_crm.ts";

const MIN = 60_000;

Deno.test("cases resolved in a period count as within SLA or breached by their due time", async () => {
  await using f = await crmFixture();
  f.crm.sla.replace([{ category: "*", priority: "normal", resolve_within_min: 60 }]);
  const c = f.crm.customers.create({ name: "A" });
  const start = f.clock.now();
  const open = (subject: string, priority?: "low") =>
    f.crm.cases.create({ customer_id: c.id, subject, priority, assignee_id: f.users.agent1 }, null)
      .id;
  const early = open("early");
  const late = open("late");
  const closed = open("closed after resolving");
  const reopened = open("reopened");
  const noRule = open("no rule", "low");
  open("still open");
  f.clock.advance(30 * MIN);
  for (const id of [early, closed, reopened, noRule]) f.crm.cases.transition(id, "resolved", null);
  f.crm.cases.transition(closed, "closed", null);
  f.crm.cases.transition(reopened, "reopened", null);
  f.clock.advance(60 * MIN);
  f.crm.cases.transition(late, "resolved", null);
  const outcomes = f.crm.slaOutcomes(start, f.clock.now() + 1)
    .map((o) => [o.case_id, o.withinSla, o.agentId])
    .sort((a, b) => Number(a[0]) - Number(b[0]));
  assert.deepEqual(outcomes, [
    [early, true, f.users.agent1],
    [late, false, f.users.agent1],
    [closed, true, f.users.agent1],
  ]);
  // The period is half open: a case resolved at its end belongs to the next one.
  assert.deepEqual(
    f.crm.slaOutcomes(start, f.clock.now()).map((o) => o.case_id).sort(),
    [early, closed].sort(),
  );
});
