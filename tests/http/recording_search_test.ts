import assert from "node:assert/strict";
import { DEMO_PASSWORD, testAppliance } from "../support/test_appliance.ts";

type App = Awaited<ReturnType<typeof testAppliance>>;

/** A finished stereo call of `agent` with 2 s recorded, held 0.5 s in, paused from 1 s for 0.4 s. */
async function recordedCall(app: App, agent: string, startedAt: number) {
  const id = crypto.randomUUID();
  const agentId = app.users.byUsername(agent)!.id;
  app.calls.journal.open({ id, direction: "inbound", state: "ended", caller: "+8613900001111" });
  app.db.run(
    "UPDATE calls SET agent_id = ?, started_at = ? WHERE id = ?",
    agentId,
    new Date(startedAt).toISOString(),
    id,
  );
  const writer = await app.recordings.start(id, {
    channels: 2,
    legs: ["caller", `agent:${agent}`],
  });
  for (let i = 0; i < 100; i++) {
    if (i === 25) app.calls.journal.event(id, "call.held", { by: "agent" });
    if (i === 50) writer.pause();
    if (i === 70) writer.resume();
    writer.write(new Int16Array(160).fill(8000), new Int16Array(160).fill(-16000));
    app.clock.advance(20);
  }
  await writer.close();
  return { id, agentId };
}

Deno.test("recordings are found by agent and period; agents find only their own", async () => {
  await using app = await testAppliance({ demo: true });
  const a = await recordedCall(app, "agent2", app.clock.now());
  await recordedCall(app, "agent5", app.clock.now());
  const lead = app.client();
  await lead.login("super1", DEMO_PASSWORD);
  const found = await (await lead.get(
    `/api/v1/recordings/search?agent_id=${a.agentId}&from=2026-05-01T00:00:00Z&to=2026-06-01T00:00:00Z`,
  )).json();
  assert.deepEqual(found.recordings.map((r: { call_id: string }) => r.call_id), [a.id]);
  assert.equal(found.recordings[0].agent_name, app.users.byUsername("agent2")!.display_name);
  const none = await (await lead.get(
    `/api/v1/recordings/search?agent_id=${a.agentId}&from=2026-06-01T00:00:00Z`,
  )).json();
  assert.deepEqual(none.recordings, []);

  const agent5 = app.client();
  await agent5.login("agent5", DEMO_PASSWORD);
  const own = await (await agent5.get("/api/v1/recordings/search")).json();
  assert.deepEqual(own.recordings.map((r: { agent_id: number }) => r.agent_id), [
    app.users.byUsername("agent5")!.id,
  ]);
  const other = await agent5.get(`/api/v1/recordings/search?agent_id=${a.agentId}`);
  assert.equal(other.status, 403);
  await other.body?.cancel();
});

Deno.test("the review gives two lanes of peaks and the call's hold and the pause on the timeline", async () => {
  await using app = await testAppliance({ demo: true });
  const { id } = await recordedCall(app, "agent2", app.clock.now());
  const lead = app.client();
  await lead.login("super1", DEMO_PASSWORD);
  const [row] = (await (await lead.get(`/api/v1/recordings?call_id=${id}`)).json()).recordings;
  const review = await (await lead.get(`/api/v1/recordings/${row.id}/review?points=100`)).json();
  assert.equal(review.duration_ms, 2000);
  assert.equal(review.lanes.length, 2);
  assert.equal(review.lanes[0].length, 100);
  assert.equal(review.lanes[0][0], 0.244, "caller lane: 8000 of 32768");
  assert.equal(review.lanes[1][0], 0.488, "agent lane: 16000 of 32768");
  assert.equal(review.lanes[0][60], 0, "silent in the pause");
  assert.deepEqual(
    review.marks.map((m: { type: string; at_ms: number; duration_ms?: number }) => [
      m.type,
      m.at_ms,
      m.duration_ms ?? null,
    ]),
    [["call.held", 500, null], ["recording.paused", 1000, 400]],
  );
});

Deno.test("not yet reviewed leaves out calls QA has evaluated", async () => {
  await using app = await testAppliance({ demo: true });
  const reviewed = await recordedCall(app, "agent2", app.clock.now());
  const fresh = await recordedCall(app, "agent2", app.clock.now());
  const form = app.quality.saveForm({
    name: "Basics",
    pass_mark: 80,
    active: true,
    definition: {
      sections: [{
        title: "Call",
        questions: [{
          id: "q",
          text: "Greeted",
          kind: "yes_no",
          weight: 1,
          critical: false,
          allow_na: true,
        }],
      }],
    },
  }, app.users.byUsername("qa1")!.id);
  const [row] = app.recordings.forCall(reviewed.id);
  app.quality.evaluate({
    form_id: form.id,
    recording_id: row.id,
    answers: { q: "yes" },
    comments: [],
  }, 1);
  const lead = app.client();
  await lead.login("super1", DEMO_PASSWORD);
  const open = await (await lead.get("/api/v1/recordings/search?not_reviewed=1")).json();
  assert.deepEqual(open.recordings.map((r: { call_id: string }) => r.call_id), [fresh.id]);
});
