import assert from "node:assert/strict";
import { ADMIN_PASSWORD, DEMO_PASSWORD, testAppliance } from "../support/test_appliance.ts";

const trunk = {
  name: "Branch PBX",
  host: "192.0.2.10",
  port: 5060,
  transport: "udp",
  allow_cidrs: ["192.0.2.0/28"],
  max_calls: 4,
};

Deno.test("an admin adds, changes and removes a trunk, and every change is audited", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const created = await admin.post("/api/v1/trunks", trunk);
  assert.equal(created.status, 201, await created.clone().text());
  const { trunk: saved } = await created.json();
  assert.equal(app.trunks.matchSource("192.0.2.5")?.name, "Branch PBX");
  assert.equal(app.trunks.matchSource("192.0.2.20"), undefined);

  const changed = await admin.request("PUT", `/api/v1/trunks/${saved.id}`, {
    ...trunk,
    allow_cidrs: ["192.0.2.20/32"],
  });
  assert.equal(changed.status, 200);
  assert.equal(app.trunks.matchSource("192.0.2.20")?.id, saved.id);
  assert.equal((await admin.request("DELETE", `/api/v1/trunks/${saved.id}`)).status, 204);
  const actions = app.db.all<{ action: string }>(
    "SELECT action FROM audit_log WHERE entity = 'trunks' ORDER BY id",
  )
    .map((r) => r.action);
  assert.deepEqual(actions, ["POST /trunks", "PUT /trunks/:id", "DELETE /trunks/:id"]);
});

Deno.test("a trunk reads back with the field names it was written with, and can be sent back", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  await admin.post("/api/v1/trunks", { ...trunk, username: "pbx", password: "very-secret-pw" });
  const { trunks: [listed] } = await (await admin.get("/api/v1/trunks")).json();
  assert.deepEqual(listed.allow_cidrs, trunk.allow_cidrs);
  assert.equal(listed.max_calls, trunk.max_calls);
  assert.equal(listed.default_country, "86");
  assert.equal(listed.has_password, true);
  assert.equal(listed.active_calls, 0);
  assert.ok(!("password" in listed) && !("allowCidrs" in listed), JSON.stringify(listed));
  const { id: _id, has_password: _p, active_calls: _a, health: _h, ...back } = listed;
  const resent = await admin.request("PUT", `/api/v1/trunks/${listed.id}`, {
    ...back,
    max_calls: 9,
    password: "very-secret-pw",
  });
  assert.equal(resent.status, 200, await resent.clone().text());
  assert.equal((await resent.json()).trunk.max_calls, 9);
});

Deno.test("a trunk anyone could use, or with a bad CIDR, is refused with the reason", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const open = await admin.post("/api/v1/trunks", { ...trunk, allow_cidrs: [] });
  assert.equal(open.status, 400);
  assert.match((await open.json()).error.message, /source addresses|credentials/);
  const bad = await admin.post("/api/v1/trunks", { ...trunk, allow_cidrs: ["300.1.1.1/8"] });
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(await bad.json()), /CIDR/);
});

Deno.test("a trunk password is never echoed in the audit log", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  await admin.post("/api/v1/trunks", { ...trunk, username: "pbx", password: "very-secret-pw" });
  const details =
    app.db.get<{ details: string }>("SELECT details FROM audit_log WHERE entity = 'trunks'")!
      .details;
  assert.doesNotMatch(details, /very-secret-pw/);
});

Deno.test("numbers route to existing targets only, and a duplicate number answers 409", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const queue = app.db.get<{ id: number }>("SELECT id FROM queues WHERE name = 'Support'")!;
  const created = await admin.post("/api/v1/numbers", {
    number: "4000",
    target_type: "queue",
    target_id: queue.id,
  });
  assert.equal(created.status, 201);
  assert.equal(
    (await admin.post("/api/v1/numbers", {
      number: "4000",
      target_type: "queue",
      target_id: queue.id,
    })).status,
    409,
  );
  const missing = await admin.post("/api/v1/numbers", {
    number: "4001",
    target_type: "queue",
    target_id: 999,
  });
  assert.equal(missing.status, 400);
  assert.match((await missing.json()).error.message, /no queue with id 999/);
  assert.equal(
    app.numbers.resolve("+86104000")?.number,
    "4000",
    "a longer dialed form matches by its tail",
  );
});

Deno.test("agents may read calls but not trunks; supervisors see registrations", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = app.client();
  await agent.login("agent1", DEMO_PASSWORD);
  assert.equal((await agent.get("/api/v1/calls")).status, 200);
  assert.equal((await agent.get("/api/v1/trunks")).status, 403);
  const supervisor = app.client();
  await supervisor.login("super1", DEMO_PASSWORD);
  assert.equal((await supervisor.get("/api/v1/registrations")).status, 200);
});

Deno.test("call records filter by number and state, and an unknown call id is a 404", async () => {
  await using app = await testAppliance();
  app.calls.journal.open({
    id: crypto.randomUUID(),
    direction: "inbound",
    state: "ended",
    did: "1000",
    caller: "+8613800138000",
  });
  app.calls.journal.open({
    id: crypto.randomUUID(),
    direction: "inbound",
    state: "answered",
    did: "2000",
    caller: "+14155550100",
  });
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const byNumber = await (await admin.get("/api/v1/calls?number=1380013")).json();
  assert.deepEqual(byNumber.calls.map((c: { did: string }) => c.did), ["1000"]);
  const live = await (await admin.get("/api/v1/calls?state=live")).json();
  assert.deepEqual(live.calls.map((c: { did: string }) => c.did), ["2000"]);
  assert.equal((await admin.get(`/api/v1/calls/${crypto.randomUUID()}`)).status, 404);
  assert.equal((await admin.get("/api/v1/calls/not-a-uuid")).status, 404);
  assert.equal((await admin.get("/api/v1/calls?from=yesterday")).status, 400);
});

Deno.test("a trunk with a call up on it cannot be removed", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const created = await admin.post("/api/v1/trunks", {
    name: "PBX",
    host: "192.0.2.9",
    allow_cidrs: ["192.0.2.9"],
  });
  const { trunk } = await created.json();
  const live = app.trunks.byId(trunk.id)!;
  assert.ok(app.trunks.acquire(live));
  const refused = await admin.request("DELETE", `/api/v1/trunks/${trunk.id}`);
  assert.equal(refused.status, 409);
  assert.match((await refused.json()).error.message, /1 call is up on this trunk/);
  app.trunks.release(live);
  assert.equal((await admin.request("DELETE", `/api/v1/trunks/${trunk.id}`)).status, 204);
});

Deno.test("a trunk's dial plan and outbound limit read back as written, and a bad one is refused at its field", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const dialPlan = {
    format: "national",
    strip_prefix: "",
    add_prefix: "9",
    allowed_prefixes: ["+44", "+86"],
    max_outbound: 2,
  };
  const created = await admin.post("/api/v1/trunks", { ...trunk, dial_plan: dialPlan });
  assert.equal(created.status, 201, await created.clone().text());
  const { trunks: [listed] } = await (await admin.get("/api/v1/trunks")).json();
  assert.deepEqual(listed.dial_plan, dialPlan);
  const refused = await admin.request("PUT", `/api/v1/trunks/${listed.id}`, {
    ...trunk,
    dial_plan: { ...dialPlan, allowed_prefixes: ["+44", "0086"], max_outbound: 0 },
  });
  assert.equal(refused.status, 400);
  const { error } = await refused.json();
  const paths = error.details.issues.map((i: { path: string }) => i.path).sort();
  assert.deepEqual(paths, ["dial_plan.allowed_prefixes.1", "dial_plan.max_outbound"]);
});

Deno.test("the dial plan preview says what a sample number becomes on a trunk, or that the plan refuses it", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const preview = async (number: string, dialPlan: Record<string, unknown>) => {
    const answer = await admin.post("/api/v1/trunks/dial-preview", {
      number,
      default_country: "86",
      dial_plan: dialPlan,
    });
    return { status: answer.status, body: await answer.json() };
  };
  assert.deepEqual(
    (await preview("+442079460000", { format: "national" })).body,
    { number: "+442079460000", dialled: "00442079460000" },
  );
  assert.deepEqual(
    (await preview("+8613800138000", { format: "national", add_prefix: "9" })).body,
    { number: "+8613800138000", dialled: "913800138000" },
  );
  const refused = await preview("+15550100", { allowed_prefixes: ["+86"] });
  assert.equal(refused.body.refused, "not_allowed_on_trunk");
  const bad = await preview("12345", { format: "e164" });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details.issues[0].path, "number");
});
