import assert from "node:assert/strict";
import { testAppliance } from "../support/test_appliance.ts";
import { signedIn } from "./crm_helpers.ts";

Deno.test("a supervisor sets a queue's thresholds; bad ones are refused; agents may not; changes are audited", async () => {
  await using app = await testAppliance({ demo: true });
  const supervisor = await signedIn(app, "super1");
  const agent = await signedIn(app, "agent1");
  const queueId = app.queueStore.list()[0].id;

  const listed = await (await supervisor.get("/api/v1/supervision/thresholds")).json();
  assert.equal(listed.thresholds.length, app.queueStore.list().length);
  assert.equal(listed.thresholds[0].service_level.target, 80);

  const body = {
    service_level: { target: 90, alarm: 75 },
    longest_wait_s: { warn: 15, alarm: 30 },
  };
  assert.equal(
    (await agent.request("PUT", `/api/v1/supervision/thresholds/${queueId}`, body)).status,
    403,
  );
  const bad = await supervisor.request("PUT", `/api/v1/supervision/thresholds/${queueId}`, {
    longest_wait_s: { warn: 40, alarm: 30 },
  });
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(await bad.json()), /warn must not be above alarm/);
  const missing = await supervisor.request("PUT", "/api/v1/supervision/thresholds/9999", body);
  assert.equal(missing.status, 404);
  await missing.body?.cancel();

  const saved = await supervisor.request("PUT", `/api/v1/supervision/thresholds/${queueId}`, body);
  assert.equal(saved.status, 200);
  assert.equal((await saved.json()).thresholds.service_level.target, 90);
  const again = await (await supervisor.get("/api/v1/supervision/thresholds")).json();
  const mine = again.thresholds.find((t: { queue_id: number }) => t.queue_id === queueId);
  assert.deepEqual(mine.longest_wait_s, { warn: 15, alarm: 30 });
  const audit = app.db.all<{ actor: string; entity_id: string }>(
    "SELECT actor, entity_id FROM audit_log WHERE entity = 'queue_thresholds'",
  );
  assert.deepEqual(audit.map((a) => ({ ...a })), [{ actor: "super1", entity_id: String(queueId) }]);
});

Deno.test("a read-only TV link shows the queues without a session and stops once revoked", async () => {
  await using app = await testAppliance({ demo: true });
  const supervisor = await signedIn(app, "super1");
  const created = await supervisor.post("/api/v1/supervision/tv-links", { label: "Floor 2" });
  assert.equal(created.status, 201);
  const { link, path } = await created.json();
  assert.equal(path, `/tv/${link.token}`);

  const anonymous = app.client("192.0.2.99");
  const shown = await anonymous.get(`/api/v1${path}`);
  assert.equal(shown.status, 200);
  const board = await shown.json();
  assert.equal(board.label, "Floor 2");
  assert.equal(board.queues.length, app.queueStore.list().length);
  assert.equal(board.thresholds.length, board.queues.length);
  assert.equal(board.refresh_s, 15);
  assert.ok(Array.isArray(board.alerts));

  const listed = await (await supervisor.get("/api/v1/supervision/tv-links")).json();
  assert.equal(listed.links.length, 1);
  assert.equal(listed.links[0].token, undefined, "a token is never shown again");

  const tokenInAudit = app.db.get<{ n: number }>(
    "SELECT count(*) AS n FROM audit_log WHERE details LIKE ?",
    `%${link.token}%`,
  )!.n;
  assert.equal(tokenInAudit, 0);

  const revoked = await supervisor.request("DELETE", `/api/v1/supervision/tv-links/${link.id}`);
  assert.equal(revoked.status, 204);
  const gone = await anonymous.get(`/api/v1${path}`);
  assert.equal(gone.status, 404);
  assert.match((await gone.json()).error.message, /revoked/);
  const twice = await supervisor.request("DELETE", `/api/v1/supervision/tv-links/${link.id}`);
  assert.equal(twice.status, 404);
  await twice.body?.cancel();
});

Deno.test("supervision settings take a webhook URL and TV timing within limits", async () => {
  await using app = await testAppliance({ demo: true });
  const supervisor = await signedIn(app, "super1");
  const set = await supervisor.request("PATCH", "/api/v1/supervision/settings", {
    alert_webhook_url: "http://127.0.0.1:9/alerts",
    tv_refresh_s: 2,
  });
  assert.equal(set.status, 200);
  assert.deepEqual((await set.json()).settings, {
    alert_webhook_url: "http://127.0.0.1:9/alerts",
    tv_refresh_s: 2,
    tv_rotate_s: 10,
    agents_see_monitoring: false,
  });
  for (const bad of [{ tv_refresh_s: 0 }, { alert_webhook_url: "file:///etc/passwd" }]) {
    const refused = await supervisor.request("PATCH", "/api/v1/supervision/settings", bad);
    assert.equal(refused.status, 400, JSON.stringify(bad));
    await refused.body?.cancel();
  }
});

Deno.test("alerts that hold are listed for supervisors", async () => {
  await using app = await testAppliance({ demo: true });
  const supervisor = await signedIn(app, "super1");
  const trunk = app.trunks.list()[0];
  assert.ok(trunk, "the demo center has a trunk");
  app.trunks.setHealth(trunk.id, "down");
  app.supervision.alerts.check();
  const { alerts } = await (await supervisor.get("/api/v1/supervision/alerts")).json();
  assert.deepEqual(
    alerts.filter((a: { kind: string }) => a.kind === "trunk_down").map((a: { trunk_id: number }) =>
      a.trunk_id
    ),
    trunk.enabled ? [trunk.id] : [],
  );
  const agent = await signedIn(app, "agent1");
  const refused = await agent.get("/api/v1/supervision/alerts");
  assert.equal(refused.status, 403);
  await refused.body?.cancel();
});
