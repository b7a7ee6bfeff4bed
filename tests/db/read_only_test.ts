import assert from "node:assert/strict";
import { Database } from "../../src/db/mod.ts";

async function existing(): Promise<{ dir: string; path: string }> {
  const dir = await Deno.makeTempDir({ prefix: "cc-read-only-" });
  const path = `${dir}/callcenter.db`;
  const db = new Database(path);
  db.migrate();
  db.run("INSERT INTO settings (key, value, updated_at) VALUES ('center_name', 'Ours', 'now')");
  db.close();
  return { dir, path };
}

Deno.test("a read-only database reads, refuses writes and leaves its file byte for byte", async () => {
  const { dir, path } = await existing();
  const before = await Deno.readFile(path);
  const db = new Database(path, { readOnly: true });
  assert.equal(
    db.get<{ value: string }>("SELECT value FROM settings WHERE key = 'center_name'")!.value,
    "Ours",
  );
  assert.throws(
    () => db.run("INSERT INTO settings (key, value, updated_at) VALUES ('x', 'y', 'now')"),
    /readonly/,
  );
  db.close();
  assert.deepEqual(await Deno.readFile(path), before);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("openForWriting turns a read-only database into a writable one in place", async () => {
  const { dir, path } = await existing();
  const db = new Database(path, { readOnly: true });
  db.get("SELECT value FROM settings WHERE key = 'center_name'");
  db.openForWriting();
  assert.equal(db.readOnly, false);
  db.run("INSERT INTO settings (key, value, updated_at) VALUES ('promoted', 'yes', 'now')");
  assert.equal(
    db.get<{ value: string }>("SELECT value FROM settings WHERE key = 'promoted'")!.value,
    "yes",
  );
  assert.equal(db.get<{ journal_mode: string }>("PRAGMA journal_mode")!.journal_mode, "wal");
  db.close();
  const reopened = new Database(path, { readOnly: true });
  assert.ok(reopened.get("SELECT 1 FROM settings WHERE key = 'promoted'"));
  reopened.close();
  await Deno.remove(dir, { recursive: true });
});
