import assert from "node:assert/strict";
import {
  applyPendingRestore,
  BackupFileError,
  inspectBackupFile,
  readTar,
  restoreBackupFile,
  RestoreRequests,
  writeBackupArchive,
} from "../../src/backups/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";
import { Database } from "../../src/db/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { openSealed, RecordingKeys, sealFile } from "../../src/recordings/mod.ts";

const silent = createLogger("test", { sink: () => {} });

interface Box {
  dir: string;
  paths: { dataDir: string; keyDir: string; backupDir: string };
  db: Database;
  plain: Uint8Array;
}

/** A data directory with a database row and one sealed recording, keys on "another disk". */
async function box(): Promise<Box> {
  const dir = await Deno.makeTempDir({ prefix: "cc-archive-" });
  const paths = { dataDir: `${dir}/data`, keyDir: `${dir}/keys`, backupDir: `${dir}/data/backups` };
  await Deno.mkdir(`${paths.dataDir}/recordings/2026/05/01`, { recursive: true });
  const db = new Database(`${paths.dataDir}/callcenter.db`);
  db.migrate();
  db.run("INSERT INTO settings (key, value, updated_at) VALUES ('center.name', 'Before', 'now')");
  const plain = new Uint8Array(150_000).map((_, i) => (i * 13) & 0xff);
  const wav = `${paths.dataDir}/recordings/2026/05/01/call-1.wav`;
  await Deno.writeFile(wav, plain);
  await sealFile(wav, `${wav}.enc`, new RecordingKeys(paths.keyDir));
  return { dir, paths, db, plain };
}

async function playable(paths: Box["paths"], expected: Uint8Array): Promise<void> {
  const reader = await openSealed(
    `${paths.dataDir}/recordings/2026/05/01/call-1.wav.enc`,
    new RecordingKeys(paths.keyDir),
  );
  assert.deepEqual(await reader.readAll(), expected);
}

Deno.test("a restored archive gives back the database and recordings that play with the keys it carried", async () => {
  const b = await box();
  try {
    await writeBackupArchive(b.db, b.paths, `${b.dir}/backup.tar`, 0);
    const summary = await inspectBackupFile(`${b.dir}/backup.tar`, `${b.dir}/scratch`);
    assert.deepEqual({ ...summary, schema_version: 0 }, {
      kind: "archive",
      schema_version: 0,
      files: 1,
      sealed: 1,
      keys: [1],
    });
    // Disaster: the keys and the recordings are lost, a new key is made, the data changes.
    b.db.run("UPDATE settings SET value = 'After' WHERE key = 'center.name'");
    b.db.close();
    await Deno.remove(b.paths.keyDir, { recursive: true });
    await Deno.remove(`${b.paths.dataDir}/recordings`, { recursive: true });
    await new RecordingKeys(b.paths.keyDir).rotate();

    const result = await restoreBackupFile(`${b.dir}/backup.tar`, b.paths, "20260501-020000");
    assert.equal(result.set_aside, `${b.paths.dataDir}/before-restore/20260501-020000`);
    await playable(b.paths, b.plain);
    const restored = new Database(`${b.paths.dataDir}/callcenter.db`);
    assert.equal(
      restored.get<{ value: string }>("SELECT value FROM settings WHERE key = 'center.name'")!
        .value,
      "Before",
    );
    restored.close();
    // The key made after the backup is kept aside, not destroyed.
    assert.ok((await Deno.stat(`${result.set_aside}/keys/recording-1.key`)).isFile);
  } finally {
    await Deno.remove(b.dir, { recursive: true });
  }
});

Deno.test("an archive without the key its recordings need is refused before anything is replaced", async () => {
  const b = await box();
  try {
    // The key directory is unreadable at backup time: the archive lacks the key.
    const keyDir = b.paths.keyDir;
    await writeBackupArchive(b.db, { ...b.paths, keyDir: `${b.dir}/nowhere` }, `${b.dir}/b.tar`, 0);
    b.db.close();
    await assert.rejects(
      () => restoreBackupFile(`${b.dir}/b.tar`, b.paths, "x"),
      (e: Error) => e instanceof BackupFileError && /lacks recording key 1/.test(e.message),
    );
    await playable({ ...b.paths, keyDir }, b.plain);
  } finally {
    await Deno.remove(b.dir, { recursive: true });
  }
});

Deno.test("a truncated archive is refused", async () => {
  const b = await box();
  try {
    await writeBackupArchive(b.db, b.paths, `${b.dir}/b.tar`, 0);
    b.db.close();
    const bytes = await Deno.readFile(`${b.dir}/b.tar`);
    await Deno.writeFile(`${b.dir}/cut.tar`, bytes.subarray(0, bytes.length - 40_000));
    await assert.rejects(
      () => inspectBackupFile(`${b.dir}/cut.tar`, `${b.dir}/scratch`),
      (e: Error) => e instanceof BackupFileError,
    );
  } finally {
    await Deno.remove(b.dir, { recursive: true });
  }
});

Deno.test("a restore asked for while running is checked at once and applied by the next start", async () => {
  const b = await box();
  try {
    await writeBackupArchive(b.db, b.paths, `${b.dir}/b.tar`, 0);
    b.db.run("UPDATE settings SET value = 'After' WHERE key = 'center.name'");
    const requests = new RestoreRequests(b.paths, new VirtualClock(0));
    await Deno.writeTextFile(`${b.dir}/junk.tar`, "not an archive at all ".repeat(40));
    await assert.rejects(() => requests.stage("junk.tar", `${b.dir}/junk.tar`, "admin"));
    assert.equal(requests.pending(), null);
    const pending = await requests.stage("b.tar", `${b.dir}/b.tar`, "admin");
    assert.equal(requests.pending()?.name, pending.name);
    b.db.close();

    const applied = await applyPendingRestore(b.paths, Date.UTC(2026, 4, 2), silent);
    assert.equal(applied?.error, undefined);
    assert.equal(requests.pending(), null);
    assert.equal(requests.last()?.name, "b.tar");
    const db = new Database(`${b.paths.dataDir}/callcenter.db`);
    assert.equal(
      db.get<{ value: string }>("SELECT value FROM settings WHERE key = 'center.name'")!.value,
      "Before",
    );
    db.close();
    await playable(b.paths, b.plain);
    assert.equal(await applyPendingRestore(b.paths, 0, silent), undefined);
  } finally {
    await Deno.remove(b.dir, { recursive: true });
  }
});

Deno.test("a backup leaves out a prompt still being written beside its final name", async () => {
  const b = await box();
  try {
    const prompts = `${b.paths.dataDir}/prompts/en`;
    await Deno.mkdir(prompts, { recursive: true });
    await Deno.writeFile(`${prompts}/welcome.wav`, new Uint8Array(64).fill(1));
    // As the speech cache writes one: beside its name, renamed into place when whole.
    await Deno.writeFile(`${prompts}/goodbye.wav.4f6c.part`, new Uint8Array(64).fill(2));
    await writeBackupArchive(b.db, b.paths, `${b.dir}/b.tar`, 0);
    const names: string[] = [];
    const file = await Deno.open(`${b.dir}/b.tar`);
    try {
      for await (const entry of readTar(file)) {
        names.push(entry.name);
        for await (const _ of entry.read()) { /* skip the bytes */ }
      }
    } finally {
      file.close();
    }
    assert.ok(names.includes("prompts/en/welcome.wav"), names.join(", "));
    assert.ok(!names.some((n) => n.endsWith(".part")), names.join(", "));
  } finally {
    b.db.close();
    await Deno.remove(b.dir, { recursive: true });
  }
});
