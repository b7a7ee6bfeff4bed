import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { Database, DatabaseFileError, inspectBackup, restoreBackup } from "../../src/db/mod.ts";

async function populated(): Promise<{ dir: string; db: Database }> {
  const dir = await Deno.makeTempDir({ prefix: "cc-backup-" });
  const db = new Database(`${dir}/callcenter.db`);
  db.migrate();
  db.run("INSERT INTO settings (key, value, updated_at) VALUES ('center_name', 'Before', 'now')");
  return { dir, db };
}

Deno.test("a backup taken while the database is open restores to the state at backup time", async () => {
  const { dir, db } = await populated();
  db.backupTo(`${dir}/backup.db`);
  db.run("UPDATE settings SET value = 'After' WHERE key = 'center_name'");
  db.run("INSERT INTO settings (key, value, updated_at) VALUES ('later', 'x', 'now')");
  db.close();

  restoreBackup(`${dir}/backup.db`, `${dir}/callcenter.db`);
  const restored = new Database(`${dir}/callcenter.db`);
  assert.equal(
    restored.get<{ value: string }>("SELECT value FROM settings WHERE key = 'center_name'")!.value,
    "Before",
  );
  assert.equal(restored.get("SELECT 1 FROM settings WHERE key = 'later'"), undefined);
  restored.close();
});

Deno.test("restore refuses a file that is not a database and keeps the current one", async () => {
  const { dir, db } = await populated();
  db.close();
  await Deno.writeTextFile(
    `${dir}/notes.txt`,
    "these are not the rows you are looking for ".repeat(10),
  );
  assert.throws(
    () => restoreBackup(`${dir}/notes.txt`, `${dir}/callcenter.db`),
    (e: Error) => e instanceof DatabaseFileError && /not an SQLite database/.test(e.message),
  );
  const current = new Database(`${dir}/callcenter.db`);
  assert.equal(
    current.get<{ value: string }>("SELECT value FROM settings WHERE key = 'center_name'")!.value,
    "Before",
  );
  current.close();
});

Deno.test("restore refuses an SQLite database written by another program", async () => {
  const { dir, db } = await populated();
  db.close();
  const foreign = new DatabaseSync(`${dir}/foreign.db`);
  foreign.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)");
  foreign.close();
  assert.throws(() => inspectBackup(`${dir}/foreign.db`), /not one of this call-center program/);
});

Deno.test("restore refuses a missing file with the reason", () => {
  assert.throws(() => inspectBackup("/nonexistent/backup.db"), /Cannot read/);
});
