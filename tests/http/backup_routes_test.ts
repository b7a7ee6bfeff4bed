import assert from "node:assert/strict";
import { inspectBackupFile } from "../../src/backups/mod.ts";
import { MIGRATIONS } from "../../src/db/mod.ts";
import { type TestAppliance, testAppliance, type TestClient } from "../support/test_appliance.ts";
import { signedIn } from "./crm_helpers.ts";

/** Sends a file as a raw body, as the restore page does. */
function upload(app: TestAppliance, client: TestClient, name: string, bytes: Uint8Array) {
  return app.http.app.request(
    `http://appliance.test/api/v1/backups/restore/upload?file_name=${encodeURIComponent(name)}`,
    {
      method: "POST",
      headers: {
        cookie: client.cookie,
        "x-csrf-token": client.csrfToken,
        "content-type": "application/octet-stream",
      },
      body: bytes as Uint8Array<ArrayBuffer>,
    },
    { remoteAddr: { hostname: client.ip, port: 40000 } },
  );
}

Deno.test("an admin takes a backup in the browser's API, lists it and downloads a restorable file", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  assert.deepEqual((await (await admin.get("/api/v1/backups")).json()).backups, []);
  const taken = await admin.post("/api/v1/backups");
  assert.equal(taken.status, 201);
  const { backup } = await taken.json();
  assert.equal(backup.name, "callcenter-20260501-020000.tar");
  assert.equal(backup.schema_version, MIGRATIONS.at(-1)!.version);
  app.clock.advance(1000);
  const second = (await (await admin.post("/api/v1/backups")).json()).backup;
  const listed = (await (await admin.get("/api/v1/backups")).json()).backups;
  assert.deepEqual(listed.map((b: { name: string }) => b.name), [second.name, backup.name]);

  const download = await admin.get(`/api/v1/backups/${backup.name}`);
  assert.equal(download.status, 200);
  assert.match(download.headers.get("content-disposition")!, /attachment/);
  assert.equal(
    app.db.get<{ n: number }>(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'GET /backups/:name' AND entity_id = ?",
      backup.name,
    )!.n,
    1,
    "a download of the recordings and their keys is on record",
  );
  const file = `${app.dir}/downloaded.tar`;
  await Deno.writeFile(file, new Uint8Array(await download.arrayBuffer()));
  const summary = await inspectBackupFile(file, `${app.dir}/scratch`);
  assert.equal(summary.schema_version, MIGRATIONS.at(-1)!.version);
  assert.equal(summary.kind, "archive");

  assert.equal((await admin.get("/api/v1/backups/..%2Fcallcenter.db")).status, 404);
  const agent = await signedIn(app, "agent1");
  assert.equal((await agent.post("/api/v1/backups")).status, 403);
});

Deno.test("the daily backup is set in the page's API with its time checked at the field", async () => {
  await using app = await testAppliance();
  const admin = await signedIn(app, "admin");
  const initial = (await (await admin.get("/api/v1/backups/schedule")).json()).schedule;
  assert.equal(initial.enabled, false);
  const bad = await admin.request("PUT", "/api/v1/backups/schedule", {
    enabled: true,
    time: "25:00",
    keep: 0,
  });
  assert.equal(bad.status, 400);
  const issues = (await bad.json()).error.details.issues.map((i: { path: string }) => i.path);
  assert.deepEqual(issues.sort(), ["keep", "time"]);
  const saved = await admin.request("PUT", "/api/v1/backups/schedule", {
    enabled: true,
    time: "03:30",
    keep: 7,
  });
  assert.equal(saved.status, 200);
  const schedule = (await saved.json()).schedule;
  assert.equal(schedule.keep, 7);
  assert.equal(schedule.time_zone, "Asia/Shanghai");
});

Deno.test("a restore from the browser is checked first and waits for the next start", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const { backup } = await (await admin.post("/api/v1/backups")).json();

  const junk = await upload(app, admin, "notes.tar", new TextEncoder().encode("no ".repeat(400)));
  assert.equal(junk.status, 422);
  const refused = await junk.json();
  assert.equal(refused.error.code, "backup_refused");
  assert.match(refused.error.message, /^notes\.tar/);

  const bytes = await Deno.readFile(`${app.dir}/backups/${backup.name}`);
  const uploaded = await upload(app, admin, "offsite copy.tar", bytes);
  assert.equal(uploaded.status, 202);
  const answer = await uploaded.json();
  assert.equal(answer.pending.name, "offsite copy.tar");
  assert.equal(answer.pending.requested_by, "admin");
  assert.match(answer.next_step, /Restart the appliance/);

  const picked = await admin.post("/api/v1/backups/restore", { name: backup.name });
  assert.equal(picked.status, 202);
  const status = await (await admin.get("/api/v1/backups/restore")).json();
  assert.equal(status.pending.name, backup.name);
  assert.equal((await admin.request("DELETE", "/api/v1/backups/restore")).status, 200);
  assert.equal((await (await admin.get("/api/v1/backups/restore")).json()).pending, null);
  // Nothing left behind from the upload once the restore it named is dropped.
  assert.deepEqual([...Deno.readDirSync(`${app.dir}/backups/uploads`)], []);

  const agent = await signedIn(app, "agent1");
  assert.equal((await upload(app, agent, "x.tar", bytes)).status, 403);
});
