import assert from "node:assert/strict";
import { CrmValidationError } from "../../src/crm/mod.ts";
import { StaleEditError } from "../../src/db/mod.ts";
import { crmFixture } from "./_crm.ts";

async function withTeams() {
  const f = await crmFixture();
  const now = new Date(f.clock.now()).toISOString();
  const team = (name: string) =>
    f.db.run("INSERT INTO teams (name, created_at) VALUES (?, ?)", name, now).lastInsertRowid;
  const tier2 = team("Tier 2");
  const empty = team("Nobody here");
  f.db.run("UPDATE users SET team_id = ? WHERE id = ?", tier2, f.users.agent2);
  return { f, tier2, empty };
}

Deno.test("escalating to a team puts the case on tier 2 with the handover note and the team", async () => {
  const { f, tier2 } = await withTeams();
  await using _ = f;
  const c = f.crm.customers.create({ name: "A" });
  const k = f.crm.cases.create({ customer_id: c.id, subject: "No signal" }, f.users.agent1);
  const up = f.crm.cases.escalate(k.id, { note: "Reset done", teamId: tier2 }, f.users.agent1);
  assert.equal(up.status, "escalated");
  assert.equal(up.tier, 2);
  assert.equal(up.team_id, tier2);
  assert.equal(f.crm.cases.notes(k.id).at(-1)?.body, "Handover to tier 2: Reset done");
  assert.ok(f.crm.cases.history(k.id).some((h) => h.field === "team_id"));
});

Deno.test("an escalation to a team with nobody in it is refused and changes nothing", async () => {
  const { f, empty } = await withTeams();
  await using _ = f;
  const c = f.crm.customers.create({ name: "A" });
  const k = f.crm.cases.create({ customer_id: c.id, subject: "x" }, f.users.agent1);
  assert.throws(
    () => f.crm.cases.escalate(k.id, { note: "n", teamId: empty }, f.users.agent1),
    (e) => e instanceof CrmValidationError && /nobody in it/.test(e.message),
  );
  assert.equal(f.crm.cases.require(k.id).status, "new");
});

Deno.test("sending back resolves the case and returns it to the agent who escalated it", async () => {
  const { f, tier2 } = await withTeams();
  await using _ = f;
  const c = f.crm.customers.create({ name: "A" });
  const k = f.crm.cases.create({ customer_id: c.id, subject: "x" }, f.users.agent1);
  f.crm.cases.escalate(
    k.id,
    { note: "n", teamId: tier2, assigneeId: f.users.agent2 },
    f.users.agent1,
  );
  assert.throws(
    () => f.crm.cases.sendBack(k.id, { note: " " }, f.users.agent2),
    CrmValidationError,
  );
  const back = f.crm.cases.sendBack(k.id, { note: "Replaced the SIM" }, f.users.agent2);
  assert.equal(back.status, "resolved");
  assert.equal(back.tier, 1);
  assert.equal(back.assignee_id, f.users.agent1);
  const timeline = f.crm.cases.customerNotes(c.id);
  assert.equal(timeline[0].body, "Resolution from tier 2: Replaced the SIM");
  assert.equal(timeline[0].case_id, k.id);
});

Deno.test("a save from a stale copy of a case is refused naming who changed it", async () => {
  await using f = await crmFixture();
  const c = f.crm.customers.create({ name: "A" });
  const k = f.crm.cases.create({ customer_id: c.id, subject: "x" }, f.users.agent1);
  const read = k.version;
  f.crm.cases.update(k.id, { priority: "high" }, f.users.agent2, read);
  assert.throws(
    () => f.crm.cases.update(k.id, { subject: "y" }, f.users.agent1, read),
    (e) => e instanceof StaleEditError && e.changedBy === "Wang Wei",
  );
  assert.throws(
    () => f.crm.cases.transition(k.id, "open", f.users.agent1, undefined, read),
    StaleEditError,
  );
  assert.equal(f.crm.cases.require(k.id).subject, "x");
  assert.equal(f.crm.cases.require(k.id).status, "new");
});
