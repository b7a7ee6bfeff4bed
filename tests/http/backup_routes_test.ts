import assert from "node:assert/strict";
import { inspectBackup, MIGRATIONS } from "../../src/db/mod.ts";
import { testAppliance } from "../support/test_appliance.ts";
import { signedIn } from "./crm_helpers.ts";

Deno.test("an admin takes a backup in the browser's API, lists it and downloads a restorable file", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  assert.deepEqual((await (await admin.get("/api/v1/backups")).json()).backups, []);
  const taken = await admin.post("/api/v1/backups");
  assert.equal(taken.status, 201);
  const { backup } = await taken.json();
  assert.equal(backup.name, "callcenter-20260501-020000.db");
  assert.equal(backup.schema_version, MIGRATIONS.at(-1)!.version);
  app.clock.advance(1000);
  const second = (await (await admin.post("/api/v1/backups")).json()).backup;
  const listed = (await (await admin.get("/api/v1/backups")).json()).backups;
  assert.deepEqual(listed.map((b: { name: string }) => b.name), [second.name, backup.name]);

  const download = await admin.get(`/api/v1/backups/${backup.name}`);
  assert.equal(download.status, 200);
  assert.match(download.headers.get("content-disposition")!, /attachment/);
  const file = `${app.dir}/downloaded.db`;
  await Deno.writeFile(file, new Uint8Array(await download.arrayBuffer()));
  assert.equal(inspectBackup(file), MIGRATIONS.at(-1)!.version);

  assert.equal((await admin.get("/api/v1/backups/..%2Fcallcenter.db")).status, 404);
  const agent = await signedIn(app, "agent1");
  assert.equal((await agent.post("/api/v1/backups")).status, 403);
});
