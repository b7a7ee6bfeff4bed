import assert from "node:assert/strict";
import { backupPathsOf, restoreBackupFile } from "../../src/backups/mod.ts";
import { testAppliance } from "../support/test_appliance.ts";
import { signedIn } from "../http/crm_helpers.ts";

Deno.test("a backup restored on a new box plays its recordings through the API, byte for byte", async () => {
  const outside = await Deno.makeTempDir({ prefix: "cc-offsite-" });
  let recordingId: number;
  let audio: Uint8Array;
  {
    await using app = await testAppliance({ demo: true });
    const callId = crypto.randomUUID();
    app.calls.journal.open({ id: callId, direction: "inbound", state: "ended", caller: "+861" });
    const writer = await app.recordings.start(callId, { channels: 2, legs: ["caller"] });
    const tone = new Int16Array(160).map((_, i) => Math.round(8000 * Math.sin(i / 4)));
    for (let i = 0; i < 100; i++) writer.write(tone, tone.map((v) => -v));
    await writer.close();
    recordingId = app.recordings.forCall(callId)[0].id;
    const admin = await signedIn(app, "admin");
    const played = await admin.get(`/api/v1/recordings/${recordingId}/audio`);
    assert.equal(played.status, 200);
    audio = new Uint8Array(await played.arrayBuffer());
    const { backup } = await (await admin.post("/api/v1/backups")).json();
    assert.ok(backup.summary.sealed >= 1, "the recording is in the backup, sealed");
    await Deno.copyFile(`${app.dir}/backups/${backup.name}`, `${outside}/backup.tar`);
  } // The first box is gone, keys and all.

  const fresh = await Deno.makeTempDir({ prefix: "cc-new-box-" });
  await restoreBackupFile(`${outside}/backup.tar`, backupPathsOf({ dataDir: fresh }), "x");
  await using restored = await testAppliance({ dir: fresh });
  const admin = await signedIn(restored, "admin");
  const replayed = await admin.get(`/api/v1/recordings/${recordingId}/audio`);
  assert.equal(replayed.status, 200);
  assert.deepEqual(new Uint8Array(await replayed.arrayBuffer()), audio);
  await Deno.remove(outside, { recursive: true });
});
