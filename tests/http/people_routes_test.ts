import assert from "node:assert/strict";
import { type TestAppliance, testAppliance } from "../support/test_appliance.ts";
import { auditRows, signedIn, userId } from "./crm_helpers.ts";

async function body(response: Response) {
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

function put(
  client: ReturnType<TestAppliance["client"]>,
  path: string,
  data: unknown,
  version?: number,
) {
  return client.request(
    "PUT",
    path,
    data,
    version === undefined ? {} : { "if-match": `"${version}"` },
  );
}

Deno.test("teams are created, renamed and removed by admins, and every change is audited", async () => {
  await using app = await testAppliance();
  const admin = await signedIn(app, "admin");
  const created = await admin.post("/api/v1/teams", { name: "Night shift" });
  assert.equal(created.status, 201);
  assert.equal(created.headers.get("etag"), '"1"');
  const { team } = await body(created);
  assert.deepEqual([team.name, team.members, team.version, team.updated_by], [
    "Night shift",
    0,
    1,
    "admin",
  ]);

  const duplicate = await admin.post("/api/v1/teams", { name: "night SHIFT" });
  assert.equal(duplicate.status, 409);
  const blank = await admin.post("/api/v1/teams", { name: "  " });
  assert.equal(blank.status, 400);
  assert.equal((await body(blank)).error.details.issues[0].path, "name");

  const renamed = await put(admin, `/api/v1/teams/${team.id}`, { name: "Evenings" }, 1);
  assert.equal(renamed.status, 200);
  assert.equal((await body(renamed)).team.version, 2);
  assert.equal((await body(await admin.get("/api/v1/teams"))).teams[0].name, "Evenings");

  const removed = await admin.request("DELETE", `/api/v1/teams/${team.id}`);
  assert.equal(removed.status, 204);
  assert.deepEqual(
    [
      ...auditRows(app, "POST /teams"),
      ...auditRows(app, "PUT /teams/:id"),
      ...auditRows(app, "DELETE /teams/:id"),
    ].map((r) => `${r.actor} ${r.entity} ${r.entity_id}`),
    [`admin teams ${team.id}`, `admin teams ${team.id}`, `admin teams ${team.id}`],
  );
});

Deno.test("a second admin's stale save is refused with who changed the record and when", async () => {
  await using app = await testAppliance();
  const admin = await signedIn(app, "admin");
  await app.users.create({ username: "lin", role: "admin", password: "another-pass" });
  const lin = app.client("192.0.2.11");
  assert.equal((await lin.login("lin", "another-pass")).status, 200);
  const { team } = await body(await admin.post("/api/v1/teams", { name: "Sales" }));
  const read = await admin.get(`/api/v1/teams/${team.id}`);
  const version = Number(read.headers.get("etag")!.replaceAll('"', ""));

  app.clock.advance(60_000);
  assert.equal(
    (await put(lin, `/api/v1/teams/${team.id}`, { name: "Sales A" }, version)).status,
    200,
  );
  const stale = await put(admin, `/api/v1/teams/${team.id}`, { name: "Sales B" }, version);
  assert.equal(stale.status, 409);
  const error = (await body(stale)).error;
  assert.equal(error.code, "changed_meanwhile");
  assert.match(error.message, /^Team "Sales A" was changed by lin at 2026-05-01T02:01:00\.000Z/);
  assert.deepEqual(error.details, {
    version: 2,
    changed_by: "lin",
    changed_at: "2026-05-01T02:01:00.000Z",
  });
  assert.equal((await body(await admin.get(`/api/v1/teams/${team.id}`))).team.name, "Sales A");
  const bad = await put(admin, `/api/v1/teams/${team.id}`, { name: "X" }, undefined);
  assert.equal(bad.status, 200, "a client that sends no If-Match is not checked");
});

Deno.test("a team with users cannot be removed, and the refusal names them", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const teams = (await body(await admin.get("/api/v1/teams"))).teams;
  const busy = teams.find((t: { members: number }) => t.members > 0);
  const refused = await admin.request("DELETE", `/api/v1/teams/${busy.id}`);
  assert.equal(refused.status, 409);
  assert.match((await body(refused)).error.message, /still has \d+ users? \(agent\d/);
  const agent = await signedIn(app, "agent1");
  assert.equal((await agent.post("/api/v1/teams", { name: "Mine" })).status, 403);
});

Deno.test("skills are listed with the queues that need them, and a needed skill cannot be removed", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const { skills } = await body(await admin.get("/api/v1/skills"));
  const sales = skills.find((s: { name: string }) => s.name === "sales");
  assert.deepEqual(sales.queues, ["Sales"]);
  assert.ok(sales.agents > 0);
  const refused = await admin.request("DELETE", `/api/v1/skills/${sales.id}`);
  assert.equal(refused.status, 409);
  assert.match((await body(refused)).error.message, /required by queue "Sales"/);

  const spaced = await admin.post("/api/v1/skills", { name: "two words" });
  assert.equal(spaced.status, 400);
  assert.equal((await body(spaced)).error.details.issues[0].path, "name");
  const created = await admin.post("/api/v1/skills", { name: "cantonese", description: "粤语" });
  assert.equal(created.status, 201);
  const { skill } = await body(created);
  assert.deepEqual([skill.agents, skill.queues], [0, []]);
  assert.equal((await admin.request("DELETE", `/api/v1/skills/${skill.id}`)).status, 204);
});

Deno.test("an agent's skills are replaced with levels and reach the running ACD", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const id = userId(app, "agent1");
  await admin.post("/api/v1/skills", { name: "cantonese" });
  const saved = await put(admin, `/api/v1/users/${id}/skills`, {
    skills: [{ skill: "sales", level: 9 }, { skill: "cantonese", level: 4 }],
  });
  assert.equal(saved.status, 200);
  const answer = await body(saved);
  assert.deepEqual(answer.skills, [{ skill: "cantonese", level: 4 }, { skill: "sales", level: 9 }]);
  assert.equal(answer.applied, true);
  assert.deepEqual(
    app.queues.engine.config.agents.find((a) => a.id === String(id))!.skills,
    { sales: 9, cantonese: 4 },
  );
  assert.deepEqual(
    (await body(await admin.get(`/api/v1/users/${id}/skills`))).skills,
    answer.skills,
  );

  const level = await put(admin, `/api/v1/users/${id}/skills`, {
    skills: [{ skill: "sales", level: 11 }],
  });
  assert.equal(level.status, 400);
  assert.equal((await body(level)).error.details.issues[0].path, "skills.0.level");
  const unknown = await put(admin, `/api/v1/users/${id}/skills`, {
    skills: [{ skill: "swahili", level: 3 }],
  });
  assert.equal(unknown.status, 400);
  assert.match((await body(unknown)).error.message, /Unknown skill "swahili"/);
});

Deno.test("taking away the last skill a queue needs is refused and nothing changes", async () => {
  await using app = await testAppliance();
  const admin = await signedIn(app, "admin");
  await admin.post("/api/v1/skills", { name: "sales" });
  const agent = await app.users.create({
    username: "ann",
    role: "agent",
    password: "agent-pass-1",
    extension: "2001",
  });
  await put(admin, `/api/v1/users/${agent.id}/skills`, { skills: [{ skill: "sales", level: 5 }] });
  const queue = await admin.post("/api/v1/queues", { name: "Sales", skills: [{ skill: "sales" }] });
  assert.equal(queue.status, 201);
  const refused = await put(admin, `/api/v1/users/${agent.id}/skills`, { skills: [] });
  assert.equal(refused.status, 422);
  assert.match((await body(refused)).error.message, /Sales/);
  assert.deepEqual(app.skills.agentSkills(agent.id), [{ skill: "sales", level: 5 }]);
});

Deno.test("not-ready reason codes are edited with paid flag and limit, and agents are offered them", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const listed = (await body(await admin.get("/api/v1/reason-codes"))).reason_codes;
  assert.deepEqual(listed.map((r: { code: string }) => r.code), [
    "break",
    "lunch",
    "training",
    "meeting",
  ]);
  assert.deepEqual([listed[1].paid, listed[1].limit_s], [false, 3600]);

  const created = await admin.post("/api/v1/reason-codes", {
    code: "coaching",
    label: "Coaching",
    paid: true,
    limit_s: 1800,
  });
  assert.equal(created.status, 201);
  assert.ok(app.queues.notReadyReasons.includes("coaching"));
  const agent = await signedIn(app, "agent1");
  assert.ok(
    (await body(await agent.get("/api/v1/agents/me"))).not_ready_reasons.includes("coaching"),
  );

  const reserved = await admin.post("/api/v1/reason-codes", { code: "rona", label: "No" });
  assert.equal(reserved.status, 400);
  assert.equal((await body(reserved)).error.details.issues[0].path, "code");
  const short = await admin.post("/api/v1/reason-codes", { code: "x", label: "X", limit_s: 5 });
  assert.equal(short.status, 400);
  assert.equal((await body(short)).error.details.issues[0].path, "limit_s");
  const taken = await admin.post("/api/v1/reason-codes", { code: "lunch", label: "Food" });
  assert.equal(taken.status, 409);
});

Deno.test("a reason code an agent is in now cannot be removed", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const id = userId(app, "agent1");
  app.sip.location.update({
    aor: "1001",
    contact: "sip:1001@192.0.2.50:5060",
    flow: { transport: "udp", host: "192.0.2.50", port: 5060 },
    callId: "phone",
    cseq: 1,
  }, 300);
  app.queues.phoneRegistered("1001");
  const agent = await signedIn(app, "agent1");
  const lunch = await agent.post(`/api/v1/agents/${id}/state`, {
    state: "not_ready",
    reason: "lunch",
  });
  assert.equal(lunch.status, 200);
  const code = (await body(await admin.get("/api/v1/reason-codes"))).reason_codes
    .find((r: { code: string }) => r.code === "lunch");
  const refused = await admin.request("DELETE", `/api/v1/reason-codes/${code.id}`);
  assert.equal(refused.status, 409);
  assert.match((await body(refused)).error.message, /agent1 is not ready for "Lunch" now/);
  const relabel = await put(admin, `/api/v1/reason-codes/${code.id}`, {
    code: "lunch",
    label: "Lunch break",
    paid: false,
    limit_s: 2700,
  }, code.version);
  assert.equal(relabel.status, 200, "a change that keeps the code is fine");
});

Deno.test("the new routes are in the OpenAPI document", async () => {
  await using app = await testAppliance();
  const admin = await signedIn(app, "admin");
  const doc = await body(await admin.get("/api/v1/openapi.json"));
  for (
    const path of [
      "/api/v1/teams/{id}",
      "/api/v1/skills",
      "/api/v1/users/{id}/skills",
      "/api/v1/reason-codes/{id}",
    ]
  ) {
    assert.ok(doc.paths[path], path);
  }
});

Deno.test("users and queues refuse a save over another admin's change too", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const id = userId(app, "agent1");
  const read = await admin.get(`/api/v1/users/${id}`);
  const version = Number(read.headers.get("etag")!.replaceAll('"', ""));
  const first = await admin.request("PATCH", `/api/v1/users/${id}`, { display_name: "A" }, {
    "if-match": `"${version}"`,
  });
  assert.equal(first.status, 200);
  assert.equal((await body(first)).user.updated_by, "admin");
  const stale = await admin.request("PATCH", `/api/v1/users/${id}`, { display_name: "B" }, {
    "if-match": `"${version}"`,
  });
  assert.equal(stale.status, 409);
  assert.match((await body(stale)).error.message, /^User "agent1" was changed by admin at /);

  const queue = (await body(await admin.get("/api/v1/queues"))).queues[0];
  const { id: queueId, version: queueVersion, updated_at: _u, updated_by: _b, ...input } = queue;
  const saved = await put(admin, `/api/v1/queues/${queueId}`, input, queueVersion);
  assert.equal(saved.status, 200, JSON.stringify(await body(saved.clone())));
  assert.equal(saved.headers.get("etag"), `"${queueVersion + 1}"`);
  const again = await put(admin, `/api/v1/queues/${queueId}`, input, queueVersion);
  assert.equal(again.status, 409);
  assert.equal((await body(again)).error.code, "changed_meanwhile");
});

Deno.test("a user put in a team that is not there is refused at that field, created or changed", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const refused = await admin.post("/api/v1/users", {
    username: "nowhere1",
    role: "agent",
    password: "long-enough-1",
    team_id: 999,
  });
  assert.equal(refused.status, 400);
  const { error } = await body(refused);
  assert.equal(error.code, "invalid_request");
  assert.deepEqual(error.details.issues, [
    { path: "team_id", message: "there is no team 999", code: "unknown_team" },
  ]);
  assert.equal(app.users.byUsername("nowhere1"), undefined, "no user was created");

  const id = userId(app, "agent1");
  const before = app.users.byId(id)!;
  const changed = await admin.request("PATCH", `/api/v1/users/${id}`, { team_id: 999 });
  assert.equal(changed.status, 400);
  assert.equal((await body(changed)).error.details.issues[0].code, "unknown_team");
  const after = app.users.byId(id)!;
  assert.deepEqual([after.team_id, after.version], [before.team_id, before.version]);
});

Deno.test("changing a user who is not there answers 404 whatever the body says", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const users = app.users.list().length;
  for (
    const change of [
      { team_id: 999 },
      { display_name: "Ghost", team_id: null },
      { role: "wizard" },
      { no_such_field: true },
    ]
  ) {
    const missing = await admin.request("PATCH", "/api/v1/users/99999", change);
    assert.equal(missing.status, 404, JSON.stringify(change));
    assert.equal((await body(missing)).error.code, "not_found");
  }
  assert.equal(app.users.list().length, users, "nobody was added");
  const id = userId(app, "agent1");
  const there = await admin.request("PATCH", `/api/v1/users/${id}`, { team_id: 999 });
  assert.equal(there.status, 400, "a user who is there still has the team checked");
  assert.equal((await body(there)).error.details.issues[0].code, "unknown_team");
});

Deno.test("an extension someone else has is refused at the extension, created or changed", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const taken = app.users.byId(userId(app, "agent1"))!.extension!;
  const refused = await admin.post("/api/v1/users", {
    username: "newcomer1",
    role: "agent",
    password: "long-enough-1",
    extension: taken,
  });
  assert.equal(refused.status, 409);
  const { error } = await body(refused);
  assert.deepEqual(
    error.details.issues.map((i: { path: string; code: string }) => [i.path, i.code]),
    [["extension", "already_exists"]],
  );
  assert.equal(app.users.byUsername("newcomer1"), undefined, "no user was created");

  const id = userId(app, "agent2");
  const before = app.users.byId(id)!;
  const changed = await admin.request("PATCH", `/api/v1/users/${id}`, { extension: taken });
  assert.equal(changed.status, 409);
  assert.equal((await body(changed)).error.details.issues[0].path, "extension");
  assert.equal(app.users.byId(id)!.extension, before.extension, "agent2 keeps theirs");

  const name = await admin.post("/api/v1/users", {
    username: "agent1",
    role: "agent",
    password: "long-enough-1",
  });
  assert.equal(name.status, 409);
  assert.equal((await body(name)).error.details.issues[0].path, "username");
});
