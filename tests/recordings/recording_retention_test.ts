import assert from "node:assert/strict";
import { DEMO_PASSWORD, testAppliance } from "../support/test_appliance.ts";

type App = Awaited<ReturnType<typeof testAppliance>>;

const DAY = 86_400_000;

/** A closed recording of a call in `queue`, started `daysAgo` days before now. */
async function recording(app: App, queue: string, daysAgo: number) {
  const callId = crypto.randomUUID();
  const queueId = app.db.get<{ id: number }>("SELECT id FROM queues WHERE name = ?", queue)!.id;
  app.calls.journal.open({ id: callId, direction: "inbound", state: "ended", caller: "+861" });
  app.db.run("UPDATE calls SET queue_id = ? WHERE id = ?", queueId, callId);
  const writer = await app.recordings.start(callId, { channels: 2, legs: ["caller"] });
  writer.write(new Int16Array(160), new Int16Array(160));
  await writer.close();
  const [row] = app.recordings.forCall(callId);
  app.db.run(
    "UPDATE recordings SET started_at = ? WHERE id = ?",
    new Date(app.clock.now() - daysAgo * DAY).toISOString(),
    row.id,
  );
  return row;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

Deno.test("recordings past their queue's retention are deleted, unless under legal hold", async () => {
  await using app = await testAppliance({ demo: true });
  app.db.run(
    "UPDATE queues SET options = json_set(options, '$.recording_retention_days', 30) WHERE name = 'Sales'",
  );
  const expired = await recording(app, "Sales", 31);
  const held = await recording(app, "Sales", 31);
  const recent = await recording(app, "Sales", 29);
  const otherQueue = await recording(app, "Support", 400);
  app.recordings.setLegalHold(held.id, true);
  assert.equal(await app.retention.sweep(), 1);
  assert.equal(app.recordings.get(expired.id), undefined);
  assert.equal(await exists(app.recordings.file(expired)), false, "the file is gone too");
  for (const kept of [held, recent, otherQueue]) {
    assert.ok(app.recordings.get(kept.id), `recording ${kept.id} is kept`);
    assert.ok(await exists(app.recordings.file(kept)));
  }
  assert.equal(app.recordings.get(held.id)?.legal_hold, true);
});

Deno.test("QA puts a recording under legal hold through the API, audited; agents may not", async () => {
  await using app = await testAppliance({ demo: true });
  const row = await recording(app, "Sales", 1);
  const qa = app.client();
  await qa.login("qa1", DEMO_PASSWORD);
  const held = await qa.request("PUT", `/api/v1/recordings/${row.id}/legal-hold`, { hold: true });
  assert.equal(held.status, 200);
  assert.equal((await held.json()).recording.legal_hold, true);
  const audited = app.db.get<{ n: number }>(
    "SELECT count(*) AS n FROM audit_log WHERE action = 'PUT /recordings/:id/legal-hold'",
  );
  assert.equal(audited?.n, 1);
  const agent = app.client();
  await agent.login("agent2", DEMO_PASSWORD);
  const refused = await agent.request("PUT", `/api/v1/recordings/${row.id}/legal-hold`, {
    hold: false,
  });
  assert.equal(refused.status, 403);
  await refused.body?.cancel();
});
