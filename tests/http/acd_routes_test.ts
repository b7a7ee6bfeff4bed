import assert from "node:assert/strict";
import { isoTime } from "../../src/db/mod.ts";
import { type TestAppliance, testAppliance } from "../support/test_appliance.ts";
import { signedIn, userId } from "./crm_helpers.ts";

function queueId(app: TestAppliance, name: string): number {
  return app.db.get<{ id: number }>("SELECT id FROM queues WHERE name = ?", name)!.id;
}

/** A phone registers the agent's extension (as the registrar would). */
function registerPhone(app: TestAppliance, username: string): void {
  const extension = app.users.byUsername(username)!.extension!;
  app.sip.location.update({
    aor: extension,
    contact: `sip:${extension}@192.0.2.50:5060`,
    flow: { transport: "udp", host: "192.0.2.50", port: 5060 },
    callId: "phone",
    cseq: 1,
  }, 300);
  app.queues.phoneRegistered(extension);
}

async function json(response: Response) {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

Deno.test("agents change their own state; going ready needs a registered phone and reasons are checked", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  const id = userId(app, "agent1");
  const refused = await agent.post(`/api/v1/agents/${id}/state`, { state: "ready" });
  assert.equal(refused.status, 409);
  assert.match((await json(refused)).error.message, /Extension 1001 has no registered phone/);

  registerPhone(app, "agent1");
  const me = await json(await agent.get("/api/v1/agents/me"));
  assert.equal(me.agent.state, "not_ready");
  assert.equal(me.agent.reason, "login");
  assert.equal(me.agent.registered, true);
  assert.deepEqual(me.not_ready_reasons, ["break", "lunch", "training", "meeting"]);

  const ready = await agent.post(`/api/v1/agents/${id}/state`, { state: "ready" });
  assert.equal(ready.status, 200);
  assert.equal((await json(ready)).agent.state, "ready");

  const noReason = await agent.post("/api/v1/agents/me/state", { state: "not_ready" });
  assert.equal(noReason.status, 400);
  assert.match((await json(noReason)).error.message, /Say why: reason is one of break, lunch/);
  const badReason = await agent.post("/api/v1/agents/me/state", {
    state: "not_ready",
    reason: "nap",
  });
  assert.equal(badReason.status, 400);
  assert.match((await json(badReason)).error.message, /Unknown not-ready reason "nap"/);
  const lunch = await agent.post("/api/v1/agents/me/state", {
    state: "not_ready",
    reason: "lunch",
  });
  assert.deepEqual(
    [(await json(lunch)).agent.state, app.queues.engine.agent(String(id)).reason],
    ["not_ready", "lunch"],
  );
  const rows = app.db.all<{ state: string; reason: string | null }>(
    "SELECT state, reason FROM agent_state_log WHERE user_id = ? ORDER BY id",
    id,
  );
  assert.deepEqual(rows.map((r) => `${r.state}:${r.reason ?? ""}`), [
    "not_ready:login",
    "ready:",
    "not_ready:lunch",
  ]);
  const bad = await agent.post("/api/v1/agents/me/state", { state: "asleep" });
  assert.equal(bad.status, 400);
});

Deno.test("an agent may not change another agent's state; a team lead may force their own team's", async () => {
  await using app = await testAppliance({ demo: true });
  registerPhone(app, "agent2");
  const other = userId(app, "agent2");
  const agent = await signedIn(app, "agent1");
  const forbidden = await agent.post(`/api/v1/agents/${other}/state`, { state: "ready" });
  assert.equal(forbidden.status, 403);
  assert.equal((await agent.get(`/api/v1/agents/${other}`)).status, 403);
  assert.equal((await agent.get("/api/v1/agents")).status, 403);

  // lead1 leads the front line, which agent2 is on.
  const lead = await signedIn(app, "lead1");
  const forced = await lead.post(`/api/v1/agents/${other}/state`, { state: "ready" });
  assert.equal(forced.status, 200);
  assert.equal((await json(forced)).agent.state, "ready");
  const away = await lead.post(`/api/v1/agents/${other}/state`, { state: "not_ready" });
  assert.equal((await json(away)).agent.reason, "supervisor");
  const out = await lead.post(`/api/v1/agents/${other}/state`, { state: "logged_out" });
  assert.equal((await json(out)).agent.state, "logged_out");

  const list = await json(await lead.get("/api/v1/agents"));
  const names = list.agents.map((a: { username: string }) => a.username);
  assert.ok(names.includes("agent1"));
  assert.ok(!names.includes("agent8"), "a specialist is not on the front line's board");
  assert.equal((await lead.post("/api/v1/agents/99999/state", { state: "ready" })).status, 404);
});

Deno.test("a team lead is refused every agent action and list outside their own team", async () => {
  await using app = await testAppliance({ demo: true });
  const specialist = userId(app, "agent6");
  const specialists = app.users.byUsername("agent6")!.team_id!;
  const frontLine = app.users.byUsername("agent1")!.team_id!;
  const lead = await signedIn(app, "lead1");
  const refused = await lead.post(`/api/v1/agents/${specialist}/state`, { state: "logged_out" });
  assert.equal(refused.status, 403);
  assert.match((await json(refused)).error.message, /own team's agents/);
  assert.equal((await lead.get(`/api/v1/agents/${specialist}`)).status, 403);
  assert.equal(
    (await lead.post(`/api/v1/agents/${specialist}/wrap-up/extend`, { seconds: 30 })).status,
    403,
  );
  assert.equal((await lead.get(`/api/v1/agents?team_id=${specialists}`)).status, 403);
  const own = await json(await lead.get(`/api/v1/agents?team_id=${frontLine}`));
  assert.ok(own.agents.every((a: { team_id: number }) => a.team_id === frontLine));
  assert.ok(own.agents.length > 0);

  // A supervisor's reach is the whole floor, and the filter narrows it.
  const supervisor = await signedIn(app, "super1");
  assert.equal((await supervisor.get(`/api/v1/agents/${specialist}`)).status, 200);
  const filtered = await json(await supervisor.get(`/api/v1/agents?team_id=${specialists}`));
  assert.deepEqual(
    [...new Set(filtered.agents.map((a: { team_id: number }) => a.team_id))],
    [specialists],
  );

  // A lead left without a team leads nobody.
  app.db.run("UPDATE users SET team_id = NULL WHERE username = 'lead1'");
  const teamless = await signedIn(app, "lead1");
  assert.deepEqual((await json(await teamless.get("/api/v1/agents"))).agents, []);
  assert.equal(
    (await teamless.post(`/api/v1/agents/${userId(app, "agent2")}/state`, {
      state: "logged_out",
    })).status,
    403,
  );
});

Deno.test("queues are created, changed and removed; configurations that cannot work are refused", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const agent = await signedIn(app, "agent1");
  const body = {
    name: "VIP line",
    strategy: "round_robin",
    skills: [{ skill: "support", min_level: 5 }],
    members: [{ user_id: userId(app, "agent6"), penalty: 0 }],
    options: { ring_timeout_s: 15, wrap_up_s: 20 },
  };
  assert.equal((await agent.post("/api/v1/queues", body)).status, 403);

  const unknownSkill = await admin.post("/api/v1/queues", {
    ...body,
    skills: [{ skill: "klingon" }],
  });
  assert.equal(unknownSkill.status, 400);
  assert.match(
    (await json(unknownSkill)).error.message,
    /Unknown skill "klingon"; known skills are/,
  );

  const tooHigh = await admin.post("/api/v1/queues", {
    ...body,
    skills: [{ skill: "complaints", min_level: 10 }],
  });
  assert.equal(tooHigh.status, 422);
  const problem = await json(tooHigh);
  assert.equal(problem.error.code, "unworkable_configuration");
  assert.deepEqual(problem.error.details.problems, [
    'queue "VIP line" requires skills no agent has (complaints ≥ 10)',
  ]);

  const absurd = await admin.post("/api/v1/queues", {
    ...body,
    options: { wrap_up_s: -5, ring_timeout_s: 100000 },
  });
  assert.equal(absurd.status, 422);
  assert.deepEqual((await json(absurd)).error.details.problems, [
    'queue "VIP line" options.ring_timeout_s: ring timeout of more than 600 s cannot be meant',
    'queue "VIP line" options.wrap_up_s: wrap-up time cannot be negative',
  ]);

  const created = await admin.post("/api/v1/queues", body);
  assert.equal(created.status, 201);
  const { queue, applied } = await json(created);
  assert.equal(applied, true);
  assert.deepEqual(queue.skills, [{ skill: "support", min_level: 5 }]);
  assert.equal(queue.options.ring_timeout_s, 15);
  assert.ok(app.queues.engine.config.queues.some((q) => q.name === "VIP line"));

  assert.equal((await admin.post("/api/v1/queues", body)).status, 409);

  // The demo's published menu sends callers to Sales, which holds it too: the overflow
  // target here is a queue of its own, so that the overflow is what keeps it.
  const backOffice = (await json(
    await admin.post("/api/v1/queues", { ...body, name: "Back office" }),
  )).queue.id;
  const loop = await admin.request("PUT", `/api/v1/queues/${queue.id}`, {
    ...body,
    options: { max_wait: { seconds: 60, target: { kind: "queue", queue_id: queue.id } } },
  });
  assert.equal(loop.status, 422);
  assert.match(
    (await json(loop)).error.message,
    /overflow loop between queues: VIP line → VIP line/,
  );

  const moved = await admin.request("PUT", `/api/v1/queues/${queue.id}`, {
    ...body,
    options: { max_wait: { seconds: 60, target: { kind: "queue", queue_id: backOffice } } },
  });
  assert.equal(moved.status, 200);

  await admin.post("/api/v1/numbers", {
    number: "4000",
    target_type: "queue",
    target_id: queue.id,
  });
  const inUse = await admin.request("DELETE", `/api/v1/queues/${queue.id}`);
  assert.equal(inUse.status, 409);
  assert.match((await json(inUse)).error.message, /Number 4000 routes to this queue/);
  const overflowTarget = await admin.request("DELETE", `/api/v1/queues/${backOffice}`);
  assert.equal(overflowTarget.status, 422, "VIP line overflows to Back office");

  const number = app.db.get<{ id: number }>("SELECT id FROM dids WHERE number = '4000'")!;
  await admin.request("DELETE", `/api/v1/numbers/${number.id}`);
  assert.equal((await admin.request("DELETE", `/api/v1/queues/${queue.id}`)).status, 204);
  assert.equal((await admin.get(`/api/v1/queues/${queue.id}`)).status, 404);
});

Deno.test("queue status shows today's SL, ASA and abandon rate by the KPI formulas", async () => {
  await using app = await testAppliance({ demo: true });
  const sales = queueId(app, "Sales");
  const journal = app.calls.journal;
  // Four calls offered: answered after 10 s and 30 s (SL T = 20 s), one short abandon (5 s),
  // one abandon after 40 s.
  const calls = ["a", "b", "c", "d"].map((x) => `00000000-0000-4000-8000-00000000000${x}`);
  for (const id of calls) {
    journal.open({ id, direction: "inbound", state: "ended" });
    journal.event(id, "queue.entered", {}, { queueId: sales });
  }
  journal.event(calls[0], "queue.answered", { wait_ms: 10_000 }, { queueId: sales });
  journal.event(calls[1], "queue.answered", { wait_ms: 30_000 }, { queueId: sales });
  journal.event(calls[2], "queue.abandoned", { wait_ms: 5_000, short: true }, { queueId: sales });
  journal.event(calls[3], "queue.abandoned", { wait_ms: 40_000, short: false }, {
    queueId: sales,
  });
  registerPhone(app, "agent1");
  const agent = await signedIn(app, "agent1");
  const status = await json(await agent.get("/api/v1/queues/status"));
  const s = status.queues.find((q: { name: string }) => q.name === "Sales");
  assert.deepEqual(
    [s.offered, s.answered, s.abandoned, s.short_abandoned],
    [4, 2, 2, 1],
  );
  assert.equal(s.service_level, 33.3); // 1 ÷ (4 − 1)
  assert.equal(s.asa_s, 20); // (10 + 30) ÷ 2
  assert.equal(s.abandon_rate, 33.3); // (2 − 1) ÷ (4 − 1)
  assert.equal(s.calls_waiting, 0);
  assert.equal(s.agents.not_ready, 1);
  assert.equal(s.agents.logged_out, 3);
});

Deno.test("wrap-up saves the disposition on the call's contact; only its agent or a lead may", async () => {
  await using app = await testAppliance({ demo: true });
  const callId = "00000000-0000-4000-8000-0000000000aa";
  const sales = queueId(app, "Sales");
  app.calls.journal.open({
    id: callId,
    direction: "inbound",
    state: "ended",
    caller: "+8613800138000",
  });
  const contact = app.crm.interactions.record({
    channel: "call",
    direction: "inbound",
    call_id: callId,
    queue_id: sales,
    agent_id: userId(app, "agent1"),
    started_at: isoTime(app.clock.now()),
  });
  const disposition = app.db.get<{ id: number }>(
    "SELECT id FROM dispositions WHERE code = 'sale'",
  )!;
  const other = await signedIn(app, "agent2");
  assert.equal(
    (await other.post(`/api/v1/calls/${callId}/wrap-up`, { disposition_id: disposition.id }))
      .status,
    403,
  );
  const agent = await signedIn(app, "agent1");
  const done = await agent.post(`/api/v1/calls/${callId}/wrap-up`, {
    disposition_id: disposition.id,
    notes: "Ordered 40 chairs",
  });
  assert.equal(done.status, 200);
  const saved = app.crm.interactions.get(contact.id)!;
  assert.equal(saved.disposition, "sale");
  assert.equal(saved.notes, "Ordered 40 chairs");
  assert.ok(app.calls.journal.events(callId).some((e) => e.type === "call.wrapped_up"));
  assert.equal(
    (await agent.post("/api/v1/calls/00000000-0000-4000-8000-0000000000bb/wrap-up", {})).status,
    404,
  );
});

Deno.test("the call context has the caller's customer, open cases, IVR path and digits, and the queue wait", async () => {
  await using app = await testAppliance({ demo: true });
  const callId = "00000000-0000-4000-8000-0000000000cc";
  const journal = app.calls.journal;
  journal.open({
    id: callId,
    direction: "inbound",
    state: "connected",
    caller: "+8613800138000",
    did: "1000",
  });
  journal.event(callId, "ivr.node_entered", { node: "menu" });
  journal.event(callId, "ivr.digits", { digits: "2" });
  journal.event(callId, "ivr.node_entered", { node: "support" });
  journal.event(callId, "queue.entered", {}, { queueId: queueId(app, "Support") });
  app.clock.advance(12_000);
  journal.event(callId, "queue.answered", { wait_ms: 12_000 }, {
    queueId: queueId(app, "Support"),
  });
  const agent = await signedIn(app, "agent3");
  const response = await agent.get(`/api/v1/calls/${callId}/context`);
  assert.equal(response.status, 200);
  const context = await json(response);
  assert.equal(context.customer.match.customer.name, "Zhou Xiaoming");
  assert.equal(context.customer.match.open_cases[0].subject, "Delivery delayed for order 88231");
  assert.deepEqual(context.ivr.path, ["menu", "support"]);
  assert.deepEqual(context.ivr.digits, ["2"]);
  assert.equal(context.queue.name, "Support");
  assert.equal(context.queue.wait_s, 12);
  assert.equal((await agent.get("/api/v1/calls/not-a-call/context")).status, 404);
});

Deno.test("moving or re-prioritising a call the ACD does not hold answers 404; agents may not", async () => {
  await using app = await testAppliance({ demo: true });
  const callId = "00000000-0000-4000-8000-0000000000dd";
  const lead = await signedIn(app, "lead1");
  const agent = await signedIn(app, "agent1");
  const body = { queue_id: queueId(app, "Support") };
  assert.equal((await agent.post(`/api/v1/calls/${callId}/move`, body)).status, 403);
  assert.equal((await lead.post(`/api/v1/calls/${callId}/move`, body)).status, 404);
  assert.equal(
    (await lead.post(`/api/v1/calls/${callId}/priority`, { priority: 500 })).status,
    400,
  );
  assert.equal((await lead.post(`/api/v1/calls/${callId}/priority`, { priority: 50 })).status, 404);
});

Deno.test("a team lead may not send a caller to a queue their team does not serve", async () => {
  await using app = await testAppliance({ demo: true });
  const callId = "00000000-0000-4000-8000-0000000000de";
  const lead = await signedIn(app, "lead1");
  const supervisor = await signedIn(app, "super1");
  // Only specialists serve Complaints; lead1 leads the front line.
  const complaints = { queue_id: queueId(app, "Complaints") };
  const refused = await lead.post(`/api/v1/calls/${callId}/move`, complaints);
  assert.equal(refused.status, 403);
  assert.match((await json(refused)).error.message, /no one on your team serves "Complaints"/);
  assert.equal((await supervisor.post(`/api/v1/calls/${callId}/move`, complaints)).status, 404);
  const sales = { queue_id: queueId(app, "Sales") };
  assert.equal((await lead.post(`/api/v1/calls/${callId}/move`, sales)).status, 404);
});

Deno.test("the agents list gives each agent's team and, off a call, no current call", async () => {
  await using app = await testAppliance({ demo: true });
  const supervisor = await signedIn(app, "super1");
  const { agents } = await (await supervisor.get("/api/v1/agents")).json();
  const byName = new Map(
    agents.map((a: { username: string }) => [a.username, a]),
  ) as Map<string, { team: string | null; team_id: number | null; call: unknown }>;
  assert.equal(byName.get("agent1")?.team, "Front line");
  assert.equal(byName.get("agent6")?.team, "Specialists");
  assert.notEqual(byName.get("agent1")?.team_id, byName.get("agent6")?.team_id);
  assert.equal(byName.get("agent1")?.call, null);
});

Deno.test("sending a caller to a callback is for team leads and above, and only for a waiting call", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  const lead = await signedIn(app, "lead1");
  const callId = "0192f0c4-7a7e-7c3e-8b1a-2f1e5d6c7b8a";
  assert.equal((await agent.post(`/api/v1/calls/${callId}/callback`)).status, 403);
  const none = await lead.post(`/api/v1/calls/${callId}/callback`);
  assert.equal(none.status, 404);
  assert.match((await none.json()).error.message, /Queued call/);
});

Deno.test("a queue read with GET can be sent back with PUT as it was, version fields and all", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const { queues } = await json(await admin.get("/api/v1/queues"));
  const sales = queues.find((q: { name: string }) => q.name === "Sales");
  const { queue } = await json(await admin.get(`/api/v1/queues/${sales.id}`));
  assert.ok("version" in queue && "updated_at" in queue, "the answer carries its version");
  const { id: _id, ...body } = queue;
  const put = await admin.request("PUT", `/api/v1/queues/${sales.id}`, {
    ...body,
    options: { ...body.options, ring_timeout_s: 12 },
  });
  assert.equal(put.status, 200, await put.clone().text());
  assert.equal((await json(put)).queue.options.ring_timeout_s, 12);
  const unknown = await admin.request("PUT", `/api/v1/queues/${sales.id}`, { ...body, colour: 1 });
  assert.equal(unknown.status, 400, "other unknown fields are still refused");
});

Deno.test("a supervisor sets an agent's skill levels for the day, audited; a team lead only for their team", async () => {
  await using app = await testAppliance({ demo: true });
  const body = { skills: [{ skill: "support", level: 8 }] };
  const lead = await signedIn(app, "lead1");
  const specialist = userId(app, "agent6");
  assert.equal(
    (await lead.request("PUT", `/api/v1/agents/${specialist}/skills/today`, body)).status,
    403,
  );
  const own = await lead.request(
    "PUT",
    `/api/v1/agents/${userId(app, "agent1")}/skills/today`,
    body,
  );
  assert.equal(own.status, 200, await own.clone().text());
  const { skills, applied } = await json(own);
  assert.equal(applied, true);
  assert.deepEqual(skills.skills.find((s: { skill: string }) => s.skill === "support"), {
    skill: "support",
    level: 8,
    standing: null,
    for_today: true,
  });
  const audit = app.db.get<{ actor: string; details: string }>(
    "SELECT actor, details FROM audit_log WHERE action = 'PUT /agents/:id/skills/today'",
  );
  assert.equal(audit?.actor, "lead1");
  assert.match(audit!.details, /skills_for_today/);
  const agent = await signedIn(app, "agent1");
  assert.equal((await agent.get("/api/v1/agents/me/skills/today")).status, 403);
  const bad = await lead.request("PUT", `/api/v1/agents/${userId(app, "agent1")}/skills/today`, {
    skills: [{ skill: "support", level: 11 }],
  });
  assert.equal(bad.status, 400);
});

Deno.test("today's skills naming a skill that is not there, or one skill twice, are refused at skills with a code, and the day keeps its levels", async () => {
  await using app = await testAppliance({ demo: true });
  const lead = await signedIn(app, "super1");
  const path = `/api/v1/agents/${userId(app, "agent1")}/skills/today`;
  const set = await lead.request("PUT", path, { skills: [{ skill: "support", level: 8 }] });
  assert.equal(set.status, 200);
  const before = (await json(await lead.get(path))).skills;
  const refusedAt = async (skills: unknown) => {
    const response = await lead.request("PUT", path, { skills });
    const { error } = await json(response);
    return [
      response.status,
      error.code,
      error.details.issues[0].path,
      error.details.issues[0].code,
    ];
  };
  assert.deepEqual(
    await refusedAt([{ skill: "support", level: 3 }, { skill: "juggling", level: 5 }]),
    [400, "invalid_request", "skills", "unknown_skill"],
  );
  assert.deepEqual(
    await refusedAt([{ skill: "support", level: 3 }, { skill: "support", level: 5 }]),
    [400, "invalid_request", "skills", "duplicate"],
  );
  assert.deepEqual((await json(await lead.get(path))).skills, before, "the day's levels stand");
});

Deno.test("sending a caller to voicemail is for team leads and above, and only for a waiting call", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  const lead = await signedIn(app, "lead1");
  const callId = "0192f0c4-7a7e-7c3e-8b1a-2f1e5d6c7b8b";
  assert.equal((await agent.post(`/api/v1/calls/${callId}/voicemail`, {})).status, 403);
  const none = await lead.post(`/api/v1/calls/${callId}/voicemail`, { box: "general" });
  assert.equal(none.status, 404);
  assert.match((await none.json()).error.message, /Queued call/);
  assert.equal((await lead.post(`/api/v1/calls/${callId}/voicemail`, { box: "" })).status, 400);
});
