import assert from "node:assert/strict";
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

async function recordedCallOf(app: App, agent: string): Promise<number> {
  const callId = crypto.randomUUID();
  app.calls.journal.open({ id: callId, direction: "inbound", state: "ended", caller: "+861" });
  app.db.run(
    "UPDATE calls SET agent_id = ? WHERE id = ?",
    app.users.byUsername(agent)!.id,
    callId,
  );
  const writer = await app.recordings.start(callId, { channels: 2, legs: ["caller"] });
  writer.write(new Int16Array(160), new Int16Array(160));
  await writer.close();
  return app.recordings.forCall(callId)[0].id;
}

async function signedIn(app: App, username: string) {
  const client = app.client();
  assert.equal((await client.login(username, DEMO_PASSWORD)).status, 200);
  return client;
}

Deno.test("QA scores a call on a form, the agent acknowledges it, and the pass rate reflects it", async () => {
  await using app = await testAppliance({ demo: true });
  const passing = await recordedCallOf(app, "agent2");
  const failing = await recordedCallOf(app, "agent2");
  const qa = await signedIn(app, "qa1");
  const created = await qa.request("POST", "/api/v1/qa/forms", FORM);
  assert.equal(created.status, 201);
  const form = (await created.json()).form;
  const scored = await qa.request("POST", "/api/v1/qa/evaluations", {
    form_id: form.id,
    recording_id: passing,
    answers: { greeting: "yes", verified: "yes", clarity: 5 },
    comments: [{ at_ms: 1500, text: "Good, clear greeting" }],
  });
  assert.equal(scored.status, 201);
  const passed = (await scored.json()).evaluation;
  assert.deepEqual([passed.score, passed.passed, passed.status], [100, true, "submitted"]);
  const critical = await (await qa.request("POST", "/api/v1/qa/evaluations", {
    form_id: form.id,
    recording_id: failing,
    answers: { greeting: "yes", verified: "no", clarity: 5 },
  })).json();
  assert.deepEqual(
    [critical.evaluation.score, critical.evaluation.critical_failed, critical.evaluation.passed],
    [0, true, false],
  );

  const agent = await signedIn(app, "agent2");
  const mine = (await (await agent.get("/api/v1/qa/evaluations")).json()).evaluations;
  assert.equal(mine.length, 2);
  const ack = await agent.request("POST", `/api/v1/qa/evaluations/${passed.id}/acknowledge`, {});
  assert.equal((await ack.json()).evaluation.status, "acknowledged");
  const bare = await agent.request(
    "POST",
    `/api/v1/qa/evaluations/${critical.evaluation.id}/dispute`,
    {},
  );
  assert.equal(bare.status, 400, "a dispute says why");
  await bare.body?.cancel();
  const disputed = await agent.request(
    "POST",
    `/api/v1/qa/evaluations/${critical.evaluation.id}/dispute`,
    { note: "I verified by date of birth at 0:40" },
  );
  assert.equal((await disputed.json()).evaluation.status, "disputed");

  const rate = (await (await qa.get("/api/v1/qa/pass-rate?by=agent")).json()).rows;
  assert.deepEqual(
    rate.map((r: { evaluations: number; passed: number; pass_rate_pct: number }) => [
      r.evaluations,
      r.passed,
      r.pass_rate_pct,
    ]),
    [[2, 1, 50]],
  );
  const own = (await (await agent.get("/api/v1/qa/pass-rate?by=form")).json()).rows;
  assert.equal(own[0].label, "Service basics");
});

Deno.test("agents neither score calls nor read others' evaluations", async () => {
  await using app = await testAppliance({ demo: true });
  const recording = await recordedCallOf(app, "agent2");
  const qa = await signedIn(app, "qa1");
  const form = (await (await qa.request("POST", "/api/v1/qa/forms", FORM)).json()).form;
  const evaluation = (await (await qa.request("POST", "/api/v1/qa/evaluations", {
    form_id: form.id,
    recording_id: recording,
    answers: { greeting: "yes", verified: "yes", clarity: 3 },
  })).json()).evaluation;
  const other = await signedIn(app, "agent5");
  const scoring = await other.request("POST", "/api/v1/qa/evaluations", {
    form_id: form.id,
    recording_id: recording,
    answers: {},
  });
  assert.equal(scoring.status, 403);
  await scoring.body?.cancel();
  const reading = await other.get(`/api/v1/qa/evaluations/${evaluation.id}`);
  assert.equal(reading.status, 403);
  await reading.body?.cancel();
  const unanswered = await qa.request("POST", "/api/v1/qa/evaluations", {
    form_id: form.id,
    recording_id: recording,
    answers: { greeting: "yes" },
  });
  assert.equal(unanswered.status, 400);
  await unanswered.body?.cancel();
});

Deno.test("a form's refusals name their field and a code: a taken name, a retired form, an unknown form or call, an unanswered question, a dispute with no reason", async () => {
  await using app = await testAppliance({ demo: true });
  const recording = await recordedCallOf(app, "agent2");
  const qa = await signedIn(app, "qa1");
  /** Status, path and code of a refusal with one issue. */
  const refusal = async (response: Response) => {
    const { error } = await response.json();
    const [issue] = error.details.issues;
    return [response.status, issue.path, issue.code];
  };
  const form = (await (await qa.request("POST", "/api/v1/qa/forms", FORM)).json()).form;
  assert.deepEqual(
    await refusal(await qa.request("POST", "/api/v1/qa/forms", FORM)),
    [409, "name", "already_exists"],
  );
  assert.deepEqual(
    await refusal(
      await qa.request("POST", "/api/v1/qa/evaluations", {
        form_id: form.id,
        recording_id: recording,
        answers: { greeting: "yes", verified: "yes" },
      }),
    ),
    [400, "answers.clarity", "not_answered"],
  );
  const answers = { greeting: "yes", verified: "yes", clarity: 4 };
  assert.deepEqual(
    await refusal(
      await qa.request("POST", "/api/v1/qa/evaluations", {
        form_id: 99999,
        recording_id: recording,
        answers,
      }),
    ),
    [400, "form_id", "unknown_form"],
  );
  assert.deepEqual(
    await refusal(
      await qa.request("POST", "/api/v1/qa/evaluations", {
        form_id: form.id,
        recording_id: 99999,
        answers,
      }),
    ),
    [400, "recording_id", "unknown_recording"],
  );
  const scored = await (await qa.request("POST", "/api/v1/qa/evaluations", {
    form_id: form.id,
    recording_id: recording,
    answers: { greeting: "yes", verified: "no", clarity: 2 },
  })).json();
  const agent = await signedIn(app, "agent2");
  assert.deepEqual(
    await refusal(
      await agent.request("POST", `/api/v1/qa/evaluations/${scored.evaluation.id}/dispute`, {
        note: "  ",
      }),
    ),
    [400, "note", "required"],
  );
  await (await qa.request("PUT", `/api/v1/qa/forms/${form.id}`, { ...FORM, active: false }))
    .body?.cancel();
  assert.deepEqual(
    await refusal(
      await qa.request("POST", "/api/v1/qa/evaluations", {
        form_id: form.id,
        recording_id: recording,
        answers: { greeting: "yes", verified: "yes", clarity: 5 },
      }),
    ),
    [409, "form_id", "form_retired"],
  );
});
