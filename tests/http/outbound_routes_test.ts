import assert from "node:assert/strict";
import { ADMIN_PASSWORD, DEMO_PASSWORD, testAppliance } from "../support/test_appliance.ts";

Deno.test("an agent puts a number on the do-not-call list, a supervisor lists and removes it, all audited", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = app.client();
  await agent.login("agent1", DEMO_PASSWORD);
  const added = await agent.post("/api/v1/dnc", { number: "138 0013 8000", reason: "opt_out" });
  assert.equal(added.status, 201, await added.clone().text());
  assert.equal((await added.json()).entry.number, "+8613800138000");
  const check = await (await agent.get("/api/v1/dnc/13800138000")).json();
  assert.equal(check.listed, true);
  assert.equal((await agent.get("/api/v1/dnc")).status, 403, "agents do not read the list");
  assert.equal((await agent.request("DELETE", "/api/v1/dnc/13800138000")).status, 403);

  const supervisor = app.client();
  await supervisor.login("super1", DEMO_PASSWORD);
  const listed = await (await supervisor.get("/api/v1/dnc")).json();
  assert.equal(listed.total, 1);
  assert.equal(listed.entries[0].reason, "opt_out");
  assert.equal((await supervisor.request("DELETE", "/api/v1/dnc/+8613800138000")).status, 200);
  assert.equal((await supervisor.request("DELETE", "/api/v1/dnc/+8613800138000")).status, 404);
  const actions = app.db.all<{ action: string }>(
    "SELECT action FROM audit_log WHERE entity = 'dnc' ORDER BY id",
  ).map((r) => r.action);
  assert.deepEqual(actions, ["POST /dnc", "DELETE /dnc/:number"]);
});

Deno.test("click-to-call places an outbound call on the demo trunk, and refuses a listed or bad number with its reason", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = app.client();
  await agent.login("agent1", DEMO_PASSWORD);
  const placed = await agent.post("/api/v1/calls", { number: "13900139000" });
  assert.equal(placed.status, 202, await placed.clone().text());
  const { call } = await placed.json();
  assert.equal(call.number, "+8613900139000");
  const row = app.db.get<{ direction: string; caller: string }>(
    "SELECT direction, caller FROM calls WHERE id = ?",
    call.call_id,
  );
  assert.deepEqual({ ...row }, { direction: "outbound", caller: "+8613900139000" });
  const contact = app.db.get<{ direction: string; agent_id: number }>(
    "SELECT direction, agent_id FROM interactions WHERE call_id = ?",
    call.call_id,
  );
  assert.equal(contact?.direction, "outbound");

  await agent.post("/api/v1/dnc", { number: "13800138000" });
  const listed = await agent.post("/api/v1/calls", { number: "+86 138 0013 8000" });
  assert.equal(listed.status, 409);
  assert.equal((await listed.json()).error.code, "do_not_call");
  const bad = await agent.post("/api/v1/calls", { number: "not a number" });
  assert.equal(bad.status, 409);
  assert.equal((await bad.json()).error.code, "bad_number");
});

Deno.test("click-to-call for a customer, case or queue that is not there is refused at those fields before anything is dialled", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = app.client();
  await agent.login("agent1", DEMO_PASSWORD);
  const refused = await agent.post("/api/v1/calls", {
    number: "13900139000",
    customer_id: 999,
    case_id: 998,
    queue_id: 997,
  });
  assert.equal(refused.status, 400);
  const { error } = await refused.json();
  assert.equal(error.code, "invalid_request");
  assert.deepEqual(
    error.details.issues.map((i: { path: string; code: string }) => [i.path, i.code]),
    [["customer_id", "unknown_customer"], ["case_id", "unknown_case"], [
      "queue_id",
      "unknown_queue",
    ]],
  );
  const count = (table: string) =>
    app.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)!.n;
  assert.equal(count("calls"), 0, "no call was placed");
  assert.equal(count("interactions"), 0, "no contact was recorded");
});

Deno.test("the outbound policy has defaults, and only an admin replaces it", async () => {
  await using app = await testAppliance({ demo: true });
  const supervisor = app.client();
  await supervisor.login("super1", DEMO_PASSWORD);
  const { policy } = await (await supervisor.get("/api/v1/outbound/policy")).json();
  assert.deepEqual(policy.hours, { start: "09:00", end: "20:00", days: [1, 2, 3, 4, 5, 6] });
  assert.equal(policy.callbacks.max_attempts, 3);
  assert.equal((await supervisor.request("PUT", "/api/v1/outbound/policy", policy)).status, 403);
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const changed = await admin.request("PUT", "/api/v1/outbound/policy", {
    ...policy,
    caller_id: "+862150001000",
    hours: { start: "08:00", end: "21:00", days: [1, 2, 3, 4, 5] },
  });
  assert.equal(changed.status, 200, await changed.clone().text());
  const again = await (await supervisor.get("/api/v1/outbound/policy")).json();
  assert.equal(again.policy.caller_id, "+862150001000");
  const wrong = await admin.request("PUT", "/api/v1/outbound/policy", {
    ...policy,
    hours: { start: "21:00", end: "08:00" },
  });
  assert.equal(wrong.status, 400);
});
