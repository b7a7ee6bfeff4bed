import assert from "node:assert/strict";
import { stratifiedPick, weekStart } from "../../src/quality/mod.ts";
import { DEMO_PASSWORD, testAppliance } from "../support/test_appliance.ts";

type App = Awaited<ReturnType<typeof testAppliance>>;

const FORM = {
  name: "Service basics",
  pass_mark: 80,
  definition: {
    sections: [{
      title: "Call",
      questions: [
        { id: "greeting", text: "Greeted the caller", kind: "yes_no" },
        { id: "verified", text: "Verified identity", kind: "yes_no", critical: true },
        { id: "clarity", text: "Explained clearly", kind: "scale" },
      ],
    }],
  },
};

/** A finished call of `agent` in `queueId`, recorded for `seconds` (stereo unless the IVR's). */
async function recordedCall(
  app: App,
  agent: string,
  { queueId = null, seconds = 1, channels = 2 }: {
    queueId?: number | null;
    seconds?: number;
    channels?: 1 | 2;
  } = {},
): Promise<string> {
  const callId = crypto.randomUUID();
  app.calls.journal.open({ id: callId, direction: "inbound", state: "ended", caller: "+861" });
  app.db.run(
    "UPDATE calls SET agent_id = ?, queue_id = ? WHERE id = ?",
    app.users.byUsername(agent)!.id,
    queueId,
    callId,
  );
  const writer = await app.recordings.start(callId, { channels, legs: ["caller"] });
  const frame = new Int16Array(160);
  for (let i = 0; i < seconds * 50; i++) writer.write(frame, channels === 2 ? frame : undefined);
  await writer.close();
  return callId;
}

async function signedIn(app: App, username: string) {
  const client = app.client();
  assert.equal((await client.login(username, DEMO_PASSWORD)).status, 200);
  return client;
}

function queueIds(app: App): number[] {
  return app.db.all<{ id: number }>("SELECT id FROM queues ORDER BY id").map((q) => q.id);
}

interface Item {
  call_id: string;
  agent_name: string;
  queue_name: string | null;
  evaluation_id: number | null;
  recording_id: number;
}

Deno.test("a per-agent rule fills the worklist with N calls of each agent a week, spread over queues, and only tops up", async () => {
  await using app = await testAppliance({ demo: true });
  const [sales, support] = queueIds(app);
  for (let i = 0; i < 3; i++) await recordedCall(app, "agent2", { queueId: sales });
  for (let i = 0; i < 3; i++) await recordedCall(app, "agent2", { queueId: support });
  await recordedCall(app, "agent5", { queueId: support });
  await recordedCall(app, "agent5", { queueId: support, channels: 1 }); // the IVR part only
  const qa = await signedIn(app, "qa1");
  const created = await qa.request("POST", "/api/v1/qa/sampling-rules", {
    name: "Two a week",
    mode: "per_agent",
    amount: 2,
  });
  assert.equal(created.status, 201, await created.clone().text());
  const rule = (await created.json()).rule;

  const items: Item[] = (await (await qa.get("/api/v1/qa/worklist")).json()).items;
  const byAgent = Map.groupBy(items, (i) => i.agent_name);
  assert.equal(byAgent.size, 2);
  const counts = [...byAgent.values()].map((list) => list.length).sort();
  assert.deepEqual(counts, [1, 2], "two of agent2's six calls, agent5's one conversation");
  const twos = [...byAgent.values()].find((list) => list.length === 2)!;
  assert.equal(new Set(twos.map((i) => i.queue_name)).size, 2, "one from each queue");

  const again = await (await qa.request("POST", `/api/v1/qa/sampling-rules/${rule.id}/run`, {}))
    .json();
  assert.deepEqual(again, { rule_id: rule.id, picked: 0 }, "the week's quota is already met");

  // Scoring a picked call takes it off the open list and does not make room for another.
  const form = (await (await qa.request("POST", "/api/v1/qa/forms", FORM)).json()).form;
  const scored = await qa.request("POST", "/api/v1/qa/evaluations", {
    form_id: form.id,
    recording_id: twos[0].recording_id,
    answers: { greeting: "yes", verified: "yes", clarity: 4 },
  });
  assert.equal(scored.status, 201);
  await scored.body?.cancel();
  const open: Item[] = (await (await qa.get("/api/v1/qa/worklist")).json()).items;
  assert.equal(open.length, 2);
  const done: Item[] = (await (await qa.get("/api/v1/qa/worklist?status=done")).json()).items;
  assert.deepEqual(done.map((i) => i.call_id), [twos[0].call_id]);
  assert.notEqual(done[0].evaluation_id, null);

  const agent = await signedIn(app, "agent2");
  const refused = await agent.get("/api/v1/qa/worklist");
  assert.equal(refused.status, 403, "agents do not see the worklist");
  await refused.body?.cancel();
  const audit = app.db.all<{ action: string }>(
    "SELECT action FROM audit_log WHERE action LIKE '%sampling-rules%'",
  );
  assert.deepEqual(audit.map((a) => a.action), [
    "POST /qa/sampling-rules",
    "POST /qa/sampling-rules/:id/run",
  ]);
});

Deno.test("a percentage rule picks that share of the week's matching calls; filters narrow what matches", async () => {
  await using app = await testAppliance({ demo: true });
  const [sales] = queueIds(app);
  for (let i = 0; i < 4; i++) await recordedCall(app, "agent2", { queueId: sales, seconds: 1 });
  for (let i = 0; i < 4; i++) await recordedCall(app, "agent2", { queueId: sales, seconds: 90 });
  const qa = await signedIn(app, "qa1");
  const lead = app.users.byUsername("super1")!.id;
  const created = await qa.request("POST", "/api/v1/qa/sampling-rules", {
    name: "Long sales calls",
    mode: "percent",
    amount: 50,
    queue_id: sales,
    min_duration_s: 60,
    evaluator_id: lead,
  });
  assert.equal(created.status, 201);
  await created.body?.cancel();
  const mine: Item[] = (await (await qa.get("/api/v1/qa/worklist")).json()).items;
  assert.equal(mine.length, 0, "the calls went to the supervisor's list");
  const all: (Item & { duration_ms: number })[] =
    (await (await qa.get("/api/v1/qa/worklist?everyone=1")).json()).items;
  assert.equal(all.length, 2, "half of the four long calls");
  assert.ok(all.every((i) => i.duration_ms >= 60_000));

  const bad = await qa.request("POST", "/api/v1/qa/sampling-rules", {
    name: "Too many",
    mode: "per_agent",
    amount: 2.5,
  });
  assert.equal(bad.status, 400);
  await bad.body?.cancel();
});

/** A refusal's status, error code and first issue as `[path, code]`. */
async function refusal(response: Response) {
  const { error } = await response.json();
  const issue = error.details?.issues?.[0];
  return [response.status, error.code, issue?.path, issue?.code];
}

function ruleCount(app: App): number {
  return app.db.get<{ n: number }>("SELECT count(*) AS n FROM qa_sampling_rules")!.n;
}

Deno.test("a sampling rule naming a queue, team, agent, form or evaluator that is not there is refused at that field with its code, and nothing is saved", async () => {
  await using app = await testAppliance({ demo: true });
  const qa = await signedIn(app, "qa1");
  const rule = { name: "Weekly", mode: "per_agent", amount: 2 };
  for (
    const [field, code] of [
      ["queue_id", "unknown_queue"],
      ["team_id", "unknown_team"],
      ["agent_id", "unknown_agent"],
      ["form_id", "unknown_form"],
      ["evaluator_id", "unknown_user"],
    ]
  ) {
    const refused = await qa.request("POST", "/api/v1/qa/sampling-rules", {
      ...rule,
      [field]: 99999,
    });
    assert.deepEqual(await refusal(refused), [400, "invalid_request", field, code]);
  }
  assert.equal(ruleCount(app), 0, "no rule was saved");
});

Deno.test("a sampling rule named like another is refused at name with already_exists, created or changed, and the other is unchanged", async () => {
  await using app = await testAppliance({ demo: true });
  const qa = await signedIn(app, "qa1");
  const first = await qa.request("POST", "/api/v1/qa/sampling-rules", {
    name: "Weekly",
    mode: "per_agent",
    amount: 2,
  });
  assert.equal(first.status, 201);
  const weekly = (await first.json()).rule;
  const again = await qa.request("POST", "/api/v1/qa/sampling-rules", {
    name: "Weekly",
    mode: "percent",
    amount: 10,
  });
  assert.deepEqual(await refusal(again), [409, "conflict", "name", "already_exists"]);
  const other = (await (await qa.request("POST", "/api/v1/qa/sampling-rules", {
    name: "Monthly",
    mode: "percent",
    amount: 5,
  })).json()).rule;
  const renamed = await qa.request("PUT", `/api/v1/qa/sampling-rules/${other.id}`, {
    name: "Weekly",
    mode: "percent",
    amount: 5,
  });
  assert.deepEqual(await refusal(renamed), [409, "conflict", "name", "already_exists"]);
  const missingForm = await qa.request("PUT", `/api/v1/qa/sampling-rules/${other.id}`, {
    name: "Monthly",
    mode: "percent",
    amount: 50,
    form_id: 99999,
  });
  assert.deepEqual(await refusal(missingForm), [400, "invalid_request", "form_id", "unknown_form"]);
  const rules = (await (await qa.get("/api/v1/qa/sampling-rules")).json()).rules;
  assert.deepEqual(
    rules.map((r: { id: number; name: string; amount: number }) => [r.id, r.name, r.amount]),
    [[other.id, "Monthly", 5], [weekly.id, "Weekly", 2]],
  );
});

Deno.test("a sampling rule with a share over 100 % is refused at amount with its code", async () => {
  await using app = await testAppliance({ demo: true });
  const qa = await signedIn(app, "qa1");
  const refused = await qa.request("POST", "/api/v1/qa/sampling-rules", {
    name: "Everything twice",
    mode: "percent",
    amount: 150,
  });
  assert.deepEqual(await refusal(refused), [400, "invalid_request", "amount", "too_big"]);
  assert.equal(ruleCount(app), 0);
});

Deno.test("a per-agent amount over 50 or not whole is refused at amount with a code and bound the page can word", async () => {
  await using app = await testAppliance({ demo: true });
  const qa = await signedIn(app, "qa1");
  const many = await qa.request("POST", "/api/v1/qa/sampling-rules", {
    name: "Every call",
    mode: "per_agent",
    amount: 60,
  });
  const issue = (await many.json()).error.details.issues[0];
  assert.equal(many.status, 400);
  assert.deepEqual([issue.path, issue.code, issue.maximum], ["amount", "too_big", 50]);
  const half = await qa.request("POST", "/api/v1/qa/sampling-rules", {
    name: "Half a call",
    mode: "per_agent",
    amount: 2.5,
  });
  assert.deepEqual(await refusal(half), [400, "invalid_request", "amount", "invalid_type"]);
  assert.equal(ruleCount(app), 0);
  const fifty = await qa.request("POST", "/api/v1/qa/sampling-rules", {
    name: "Fifty each",
    mode: "per_agent",
    amount: 50,
  });
  assert.equal(fifty.status, 201, "50 a week is the most, and allowed");
});

Deno.test("stratifiedPick() takes queues in turn so a quiet queue is not crowded out", () => {
  const calls = [
    ...Array.from({ length: 9 }, (_, i) => ({ id: i, queue_id: 1 })),
    { id: 9, queue_id: 2 },
  ];
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let run = 0; run < 20; run++) {
    const picked = stratifiedPick(calls, 2, random);
    assert.deepEqual(picked.map((c) => c.queue_id).sort(), [1, 2]);
  }
  assert.equal(stratifiedPick(calls, 50, random).length, 10);
});

Deno.test("weeks start on Monday 00:00 UTC", () => {
  const friday = Date.UTC(2026, 4, 1, 2);
  assert.equal(new Date(weekStart(friday)).toISOString(), "2026-04-27T00:00:00.000Z");
  const monday = Date.UTC(2026, 3, 27);
  assert.equal(weekStart(monday), monday);
  assert.equal(weekStart(monday - 1), monday - 7 * 86_400_000);
});

Deno.test("a calibration keeps each evaluator blind until they have scored, then shows the spread", async () => {
  await using app = await testAppliance({ demo: true });
  const callId = await recordedCall(app, "agent2");
  const recording = app.recordings.forCall(callId)[0].id;
  const qa = await signedIn(app, "qa1");
  const form = (await (await qa.request("POST", "/api/v1/qa/forms", FORM)).json()).form;
  const started = await qa.request("POST", "/api/v1/qa/calibrations", {
    name: "May calibration",
    recording_id: recording,
    form_id: form.id,
  });
  assert.equal(started.status, 201);
  const { calibration } = await started.json();
  const path = `/api/v1/qa/calibrations/${calibration.id}`;
  await (await qa.request("POST", `${path}/scores`, {
    answers: { greeting: "yes", verified: "yes", clarity: 5 },
  })).body?.cancel();

  const lead = await signedIn(app, "super1");
  const before = (await (await lead.get(path)).json()).calibration;
  assert.deepEqual([before.scores, before.spread, before.score_count], [null, null, 1]);
  const after = (await (await lead.request("POST", `${path}/scores`, {
    answers: { greeting: "no", verified: "yes", clarity: 3 },
  })).json()).calibration;
  assert.deepEqual(after.scores.map((s: { score: number }) => s.score), [100, 50]);
  assert.equal(after.spread.range, 50);
  assert.equal(after.spread.mean, 75);
  assert.equal(after.spread.std_dev, 25);
  assert.equal(after.spread.verdict_agreed, false);
  assert.deepEqual(
    after.spread.questions.map((q: { id: string; agreed: boolean }) => [q.id, q.agreed]),
    [["greeting", false], ["verified", true], ["clarity", false]],
  );

  const rate = (await (await qa.get("/api/v1/qa/pass-rate?by=agent")).json()).rows;
  assert.deepEqual(rate, [], "calibration scores are not evaluations of the agent");
  const agent = await signedIn(app, "agent2");
  const refused = await agent.get(path);
  assert.equal(refused.status, 403);
  await refused.body?.cancel();

  await (await qa.request("POST", `${path}/close`, {})).body?.cancel();
  const late = await lead.request("POST", `${path}/scores`, {
    answers: { greeting: "yes", verified: "yes", clarity: 5 },
  });
  assert.equal(late.status, 409, "a closed calibration takes no more scores");
  assert.equal((await late.json()).error.code, "calibration_closed", "and says so by its code");
  const list = (await (await lead.get("/api/v1/qa/calibrations")).json()).calibrations;
  assert.deepEqual(
    list.map((c: { name: string; status: string; score_count: number }) => [
      c.name,
      c.status,
      c.score_count,
    ]),
    [["May calibration", "closed", 2]],
  );
});

Deno.test("a calibration on a form or call that is not there, a retired form or a blank name is refused at that field with its code, and nothing is started", async () => {
  await using app = await testAppliance({ demo: true });
  const recording = app.recordings.forCall(await recordedCall(app, "agent2"))[0].id;
  const qa = await signedIn(app, "qa1");
  const form = (await (await qa.request("POST", "/api/v1/qa/forms", FORM)).json()).form;
  const start = async (body: Record<string, unknown>) =>
    await refusal(
      await qa.request("POST", "/api/v1/qa/calibrations", {
        name: "May calibration",
        recording_id: recording,
        form_id: form.id,
        ...body,
      }),
    );
  assert.deepEqual(await start({ form_id: 99999 }), [
    400,
    "invalid_request",
    "form_id",
    "unknown_form",
  ]);
  assert.deepEqual(await start({ recording_id: 99999 }), [
    400,
    "invalid_request",
    "recording_id",
    "unknown_recording",
  ]);
  assert.deepEqual(await start({ name: "   " }), [400, "invalid_request", "name", "too_small"]);
  await (await qa.request("PUT", `/api/v1/qa/forms/${form.id}`, { ...FORM, active: false }))
    .body?.cancel();
  assert.deepEqual(await start({}), [409, "conflict", "form_id", "form_retired"]);
  const list = (await (await qa.get("/api/v1/qa/calibrations")).json()).calibrations;
  assert.deepEqual(list, [], "no calibration was started");
});
