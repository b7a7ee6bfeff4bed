import assert from "node:assert/strict";
import { crmFixture } from "./_crm.ts";

Deno.test("a call placed for a task counts as an attempt on it and leaves it open on the agent's list", async () => {
  await using f = await crmFixture();
  const customer = f.crm.customers.create({ name: "Zhao Lei", phones: ["+8613800138000"] });
  const task = f.crm.followUps.create(
    { customer_id: customer.id, due_at: new Date(f.clock.now()).toISOString() },
    f.users.agent1,
  );
  assert.equal(task.attempts, 0);
  assert.equal(task.last_call_id, null);
  f.clock.advance(60_000);
  const tried = f.crm.followUps.recordAttempt(task.id, "call-7")!;
  assert.equal(tried.attempts, 1);
  assert.equal(tried.last_call_id, "call-7");
  assert.equal(tried.last_attempt_at, new Date(f.clock.now()).toISOString());
  f.crm.followUps.recordAttempt(task.id, "call-8");
  const [listed] = f.crm.followUps.tasksFor(f.users.agent1);
  assert.equal(listed.status, "open");
  assert.equal(listed.attempts, 2);
  assert.equal(listed.last_call_id, "call-8");
  assert.equal(listed.phone, "+8613800138000");
  assert.equal(f.crm.followUps.recordAttempt(9999, "call-9"), undefined);
});
