import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { Database, GROUP_COMMIT_MS } from "../../src/db/mod.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function opened(): Promise<{ dir: string; db: Database; other: () => number }> {
  const dir = await Deno.makeTempDir({ prefix: "cc-group-" });
  const db = new Database(`${dir}/callcenter.db`);
  db.migrate();
  // Another connection sees only what is committed.
  const other = () => {
    const reader = new DatabaseSync(`${dir}/callcenter.db`, { readOnly: true });
    const { n } = reader.prepare("SELECT count(*) AS n FROM settings").get() as { n: number };
    reader.close();
    return n;
  };
  return { dir, db, other };
}

const insert = (db: Database, key: string) =>
  db.runGrouped("INSERT INTO settings (key, value, updated_at) VALUES (?, 'v', 'now')", key);

Deno.test("runGrouped() writes at once and commits within the group window", async () => {
  const { dir, db, other } = await opened();
  insert(db, "a");
  insert(db, "b");
  assert.equal(db.get<{ n: number }>("SELECT count(*) AS n FROM settings")!.n, 2);
  assert.equal(other(), 0, "not committed yet");
  await sleep(GROUP_COMMIT_MS + 30);
  assert.equal(other(), 2);
  db.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("runGrouped() throws a failing write to its caller and keeps the rest of the group", async () => {
  const { dir, db, other } = await opened();
  insert(db, "a");
  assert.throws(() => insert(db, "a"), /UNIQUE/);
  insert(db, "b");
  db.flush();
  assert.equal(other(), 2);
  db.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("transaction(), backupTo() and close() commit an open group first", async () => {
  const { dir, db, other } = await opened();
  insert(db, "a");
  db.transaction(() =>
    db.run("INSERT INTO settings (key, value, updated_at) VALUES ('t', 'v', 'now')")
  );
  assert.equal(other(), 2, "durable when transaction() returns");
  insert(db, "b");
  db.backupTo(`${dir}/backup.db`);
  const backup = new DatabaseSync(`${dir}/backup.db`, { readOnly: true });
  assert.equal((backup.prepare("SELECT count(*) AS n FROM settings").get() as { n: number }).n, 3);
  backup.close();
  insert(db, "c");
  db.close();
  assert.equal(other(), 4);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a plain write while a group is open is durable when it returns, and so is the group", async () => {
  const { dir, db, other } = await opened();
  insert(db, "a");
  db.run("INSERT INTO settings (key, value, updated_at) VALUES ('api', 'v', 'now')");
  assert.equal(other(), 2, "acknowledged means stored");
  insert(db, "b");
  assert.equal(other(), 2, "the next grouped write opens a new group");
  db.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("write listeners hear every commit, and a group whose commit fails as lost", async () => {
  const { dir, db, other } = await opened();
  db.exec(`CREATE TABLE spoiler (
    user_id INTEGER REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED
  )`);
  const heard: string[] = [];
  db.listenWrites({
    committed: () => heard.push("committed"),
    lost: (error) => heard.push(`lost: ${error.message}`),
  });
  insert(db, "a");
  db.flush();
  insert(db, "b");
  db.runGrouped("INSERT INTO spoiler (user_id) VALUES (999)");
  assert.throws(() => db.flush(), /FOREIGN KEY/);
  assert.equal(db.raw.isTransaction, false);
  insert(db, "c");
  db.flush();
  assert.deepEqual(heard, ["committed", "lost: FOREIGN KEY constraint failed", "committed"]);
  assert.equal(other(), 2, "a and c; b went with its group");
  db.close();
  await Deno.remove(dir, { recursive: true });
});
