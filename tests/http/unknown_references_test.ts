import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { testAppliance } from "../support/test_appliance.ts";
import { signedIn, userId } from "./crm_helpers.ts";
import { MAILBOX } from "./mailbox_fixture.ts";

/** The refusal's fields and codes, after checking it is the 400 every form reads. */
async function refusedAt(response: Response): Promise<[string, string][]> {
  const body = await response.json();
  assert.equal(response.status, 400, JSON.stringify(body));
  assert.equal(body.error.code, "invalid_request");
  return body.error.details.issues.map((i: { path: string; code: string }) => [i.path, i.code]);
}

async function ok(response: Response, status: number) {
  const body = await response.json();
  assert.equal(response.status, status, JSON.stringify(body));
  return body;
}

Deno.test("a queue handing its callers to a survey flow that is not there is refused at options.survey_flow_id", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const queuesBefore = (await ok(await admin.get("/api/v1/queues"), 200)).queues;
  const body = { name: "Survey line", options: { survey_flow_id: 9999 } };
  assert.deepEqual(await refusedAt(await admin.post("/api/v1/queues", body)), [
    ["options.survey_flow_id", "unknown_flow"],
  ]);
  assert.deepEqual((await ok(await admin.get("/api/v1/queues"), 200)).queues, queuesBefore);

  const flows = (await ok(await admin.get("/api/v1/ivr/flows"), 200)).flows;
  const survey = flows.find((f: { name: string }) => f.name === "Post-call survey");
  const { queue } = await ok(
    await admin.post("/api/v1/queues", { ...body, options: { survey_flow_id: survey.id } }),
    201,
  );
  assert.equal(queue.options.survey_flow_id, survey.id);
  assert.deepEqual(
    await refusedAt(await admin.request("PUT", `/api/v1/queues/${queue.id}`, body)),
    [["options.survey_flow_id", "unknown_flow"]],
  );
  const kept = (await ok(await admin.get(`/api/v1/queues/${queue.id}`), 200)).queue;
  assert.equal(kept.options.survey_flow_id, survey.id, "the change was not saved");
});

Deno.test("an outbound policy dialling on a trunk that is not there is refused at trunk_id", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const { policy } = await ok(await admin.get("/api/v1/outbound/policy"), 200);
  assert.deepEqual(
    await refusedAt(
      await admin.request("PUT", "/api/v1/outbound/policy", { ...policy, trunk_id: 9999 }),
    ),
    [["trunk_id", "unknown_trunk"]],
  );
  assert.deepEqual((await ok(await admin.get("/api/v1/outbound/policy"), 200)).policy, policy);

  const [trunk] = (await ok(await admin.get("/api/v1/trunks"), 200)).trunks;
  const changed = await ok(
    await admin.request("PUT", "/api/v1/outbound/policy", { ...policy, trunk_id: trunk.id }),
    200,
  );
  assert.equal(changed.policy.trunk_id, trunk.id);
});

Deno.test("a mailbox naming a queue that is not there is refused at queue_id, added or changed", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  assert.deepEqual(
    await refusedAt(await admin.post("/api/v1/mailboxes", { ...MAILBOX, queue_id: 9999 })),
    [["queue_id", "unknown_queue"]],
  );
  assert.deepEqual((await ok(await admin.get("/api/v1/mailboxes"), 200)).mailboxes, []);

  const [queue] = (await ok(await admin.get("/api/v1/queues"), 200)).queues;
  const { mailbox } = await ok(
    await admin.post("/api/v1/mailboxes", { ...MAILBOX, queue_id: queue.id }),
    201,
  );
  assert.equal(mailbox.queue_id, queue.id);
  assert.deepEqual(
    await refusedAt(
      await admin.request("PATCH", `/api/v1/mailboxes/${mailbox.id}`, { queue_id: 9999 }),
    ),
    [["queue_id", "unknown_queue"]],
  );
  assert.equal(app.email.mailboxes.require(mailbox.id).queue_id, queue.id, "nothing was changed");
  const cleared = await ok(
    await admin.request("PATCH", `/api/v1/mailboxes/${mailbox.id}`, { queue_id: null }),
    200,
  );
  assert.equal(cleared.mailbox.queue_id, null);
});

Deno.test("a saved report about a queue, team or agent that is not there is refused at definition.id, its queue filter at definition.queue_id", async () => {
  await using app = await testAppliance({ demo: true });
  const supervisor = await signedIn(app, "super1");
  const save = (definition: Record<string, unknown>) =>
    supervisor.post("/api/v1/reports/saved", { name: "Mine", definition });
  const figures = { view: "figures", days: 7 };
  for (const scope of ["queue", "team", "agent"]) {
    assert.deepEqual(
      await refusedAt(await save({ ...figures, scope, id: 9999 })),
      [["definition.id", `unknown_${scope}`]],
    );
  }
  assert.deepEqual(
    await refusedAt(
      await save({ view: "abandoned", days: 7, scope: "queue", id: 9998, queue_id: 9999 }),
    ),
    [["definition.id", "unknown_queue"], ["definition.queue_id", "unknown_queue"]],
  );
  assert.deepEqual((await ok(await supervisor.get("/api/v1/reports/saved"), 200)).saved, []);

  const [queue] = (await ok(await supervisor.get("/api/v1/queues"), 200)).queues;
  const [team] = (await ok(await supervisor.get("/api/v1/teams"), 200)).teams;
  await ok(await save({ ...figures, scope: "team", id: team.id }), 201);
  await ok(await save({ ...figures, scope: "agent", id: userId(app, "agent1") }), 201);
  await ok(
    await save({ view: "abandoned", days: 7, scope: "queue", id: queue.id, queue_id: queue.id }),
    201,
  );
  await ok(await save({ ...figures, scope: "center", id: null }), 201);
});

Deno.test("a report newly saved about a deactivated agent is refused at definition.id, while one saved before they left still opens", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const supervisor = await signedIn(app, "super1");
  const agent = userId(app, "agent1");
  const aboutAgent = { view: "figures", days: 7, scope: "agent", id: agent };
  await ok(
    await supervisor.post("/api/v1/reports/saved", { name: "Before", definition: aboutAgent }),
    201,
  );
  await ok(await admin.request("PATCH", `/api/v1/users/${agent}`, { active: false }), 200);

  const refused = await supervisor.post("/api/v1/reports/saved", {
    name: "After",
    definition: aboutAgent,
  });
  const { error } = await refused.clone().json();
  assert.deepEqual(await refusedAt(refused), [["definition.id", "agent_deactivated"]]);
  assert.equal(error.details.issues[0].message, `Agent ${agent} is deactivated; choose another`);
  const { saved } = await ok(await supervisor.get("/api/v1/reports/saved"), 200);
  assert.deepEqual(saved.map((s: { name: string }) => s.name), ["Before"]);

  const period = { from: "2026-12-01", to: "2026-12-02", interval: "day", tz: "UTC" };
  await ok(
    await supervisor.get(
      `/api/v1/reports/figures?${new URLSearchParams({
        ...period,
        scope: "agent",
        id: String(agent),
      })}`,
    ),
    200,
  );
});

Deno.test("a transfer or conference naming a case that is not there is refused at case_id before anyone is rung", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  const call = randomUUID();
  const transfer = { target: "agent2", target_type: "agent", case_id: 9999 };
  assert.deepEqual(
    await refusedAt(await agent.post(`/api/v1/calls/${call}/transfer`, transfer)),
    [["case_id", "unknown_case"]],
  );
  assert.deepEqual(
    await refusedAt(
      await agent.post(`/api/v1/calls/${call}/conference`, { target: "agent2", case_id: 9999 }),
    ),
    [["case_id", "unknown_case"]],
  );
  const handovers = app.db.get<{ n: number }>(
    "SELECT count(*) AS n FROM call_events WHERE type = 'transfer.handover'",
  )!.n;
  assert.equal(handovers, 0, "no hand-over was written");

  // A case that is there passes on to the desk, which does not hold this call.
  const { id: caseId } = app.db.get<{ id: number }>("SELECT id FROM cases LIMIT 1")!;
  const known = { ...transfer, case_id: caseId };
  assert.equal((await agent.post(`/api/v1/calls/${call}/transfer`, known)).status, 404);
  assert.equal(
    (await agent.post(`/api/v1/calls/${call}/conference`, { target: "agent2", case_id: caseId }))
      .status,
    404,
  );
});

Deno.test("click-to-call for a follow-up that is not there is refused at follow_up_id; one that is there counts the call", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  assert.deepEqual(
    await refusedAt(
      await agent.post("/api/v1/calls", { number: "13900139000", follow_up_id: 9999 }),
    ),
    [["follow_up_id", "unknown_follow_up"]],
  );
  const calls = app.db.get<{ n: number }>("SELECT count(*) AS n FROM calls")!.n;
  assert.equal(calls, 0, "no call was placed");

  const customer =
    (await ok(await agent.get("/api/v1/customers/lookup?phone=13800138000"), 200)).match.customer;
  const { follow_up } = await ok(
    await agent.post("/api/v1/follow-ups", {
      customer_id: customer.id,
      due_at: new Date(app.clock.now() + 3_600_000).toISOString(),
      note: "Call about delivery",
    }),
    201,
  );
  const { call } = await ok(
    await agent.post("/api/v1/calls", { number: "13800138000", follow_up_id: follow_up.id }),
    202,
  );
  const task = app.crm.followUps.get(follow_up.id)!;
  assert.equal(task.attempts, 1);
  assert.equal(task.last_call_id, call.call_id);
});

Deno.test("changing a queue, mailbox or sampling rule that is not there answers 404 before anything in the body", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const [queue] = (await ok(await admin.get("/api/v1/queues"), 200)).queues;
  const missingQueue = await admin.request("PUT", "/api/v1/queues/9999", {
    ...queue,
    id: undefined,
    version: undefined,
    options: { ...queue.options, survey_flow_id: 9999 },
  });
  assert.equal(missingQueue.status, 404, "not 400 for the survey flow");
  assert.equal((await missingQueue.json()).error.code, "not_found");

  const missingMailbox = await admin.request("PATCH", "/api/v1/mailboxes/9999", {
    queue_id: 9999,
  });
  assert.equal(missingMailbox.status, 404, "not 400 for the queue");
  assert.equal((await missingMailbox.json()).error.code, "not_found");

  const qa = await signedIn(app, "qa1");
  await ok(
    await qa.post("/api/v1/qa/sampling-rules", { name: "Weekly", mode: "per_agent", amount: 2 }),
    201,
  );
  const missingRule = await qa.request("PUT", "/api/v1/qa/sampling-rules/9999", {
    name: "Weekly",
    mode: "per_agent",
    amount: 2,
  });
  assert.equal(missingRule.status, 404, "not 409 for the name the other rule has");
  assert.equal((await missingRule.json()).error.code, "not_found");
});
