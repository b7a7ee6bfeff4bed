import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { APPLICATION_ID, Database, DatabaseFileError, MIGRATIONS } from "../../src/db/mod.ts";

async function tempFile(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "cc-db-" });
  return `${dir}/test.db`;
}

Deno.test("migrate() applies every migration in order to an empty database", async () => {
  const db = new Database(await tempFile());
  const applied = db.migrate();
  assert.deepEqual(applied, MIGRATIONS.map((m) => m.version));
  assert.equal(db.schemaVersion(), MIGRATIONS.at(-1)!.version);
  const tables = db.all<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table'")
    .map((t) => t.name);
  for (
    const table of [
      "users",
      "sessions",
      "audit_log",
      "queues",
      "customers",
      "call_events",
      "recordings",
    ]
  ) {
    assert.ok(tables.includes(table), `missing table ${table}`);
  }
  assert.equal(
    db.get<{ application_id: number }>("PRAGMA application_id")!.application_id,
    APPLICATION_ID,
  );
  db.close();
});

Deno.test("migrate() run again on a current database applies nothing and keeps the data", async () => {
  const file = await tempFile();
  const first = new Database(file);
  first.migrate();
  first.run("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 'now')");
  first.close();
  const second = new Database(file);
  assert.deepEqual(second.migrate(), []);
  assert.equal(
    second.get<{ value: string }>("SELECT value FROM settings WHERE key = 'k'")!.value,
    "v",
  );
  second.close();
});

Deno.test("the database opens with WAL, foreign keys and a busy timeout", async () => {
  const db = new Database(await tempFile());
  assert.equal(db.get<{ journal_mode: string }>("PRAGMA journal_mode")!.journal_mode, "wal");
  assert.equal(db.get<{ foreign_keys: number }>("PRAGMA foreign_keys")!.foreign_keys, 1);
  assert.equal(db.get<{ timeout: number }>("PRAGMA busy_timeout")!.timeout, 5000);
  db.close();
});

Deno.test("migrate() refuses a database from a newer release", async () => {
  const file = await tempFile();
  const db = new Database(file);
  db.migrate();
  db.exec("PRAGMA user_version = 999");
  assert.throws(
    () => db.migrate(),
    (e: Error) => e instanceof DatabaseFileError && /newer than this program/.test(e.message),
  );
  db.close();
});

Deno.test("migrate() refuses a database that belongs to another program", async () => {
  const file = await tempFile();
  const other = new DatabaseSync(file);
  other.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
  other.close();
  const db = new Database(file);
  assert.throws(() => db.migrate(), /belongs to another program/);
  db.close();
});

Deno.test("a failing migration step leaves nothing half-applied", async () => {
  const db = new Database(await tempFile());
  db.migrate();
  assert.throws(() =>
    db.transaction(() => {
      db.run("INSERT INTO settings (key, value, updated_at) VALUES ('a', '1', 'now')");
      db.exec("CREATE TABLE broken (");
    })
  );
  assert.equal(db.get("SELECT 1 FROM settings WHERE key = 'a'"), undefined);
  db.close();
});

Deno.test("audit_log and call_events refuse updates and deletes", async () => {
  const db = new Database(await tempFile());
  db.migrate();
  db.run("INSERT INTO audit_log (at, actor, action, entity) VALUES ('t', 'x', 'a', 'e')");
  db.run("INSERT INTO call_events (call_id, at, type) VALUES ('c1', 't', 'created')");
  assert.throws(() => db.run("UPDATE audit_log SET actor = 'y'"), /append-only/);
  assert.throws(() => db.run("DELETE FROM audit_log"), /append-only/);
  assert.throws(() => db.run("UPDATE call_events SET type = 'x'"), /append-only/);
  assert.throws(() => db.run("DELETE FROM call_events"), /append-only/);
  db.close();
});

Deno.test("migration 20 lets interactions take sms and keeps the rows that point at them", async () => {
  const file = await tempFile();
  const db = new Database(file);
  // Stop at 17, as a database of the release before this one.
  const raw = db.raw;
  for (const migration of MIGRATIONS.filter((m) => m.version <= 17)) raw.exec(migration.sql);
  raw.exec("PRAGMA user_version = 17");
  raw.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
  raw.exec(
    `INSERT INTO customers (id, name, created_at, updated_at) VALUES (1, 'Li', 'now', 'now')`,
  );
  raw.exec(`INSERT INTO interactions (id, customer_id, channel, direction, started_at, category)
    VALUES (7, 1, 'call', 'inbound', '2026-01-01T00:00:00.000Z', 'billing')`);
  raw.exec(`INSERT INTO voicemails (id, call_id, caller, duration_ms, created_at, interaction_id)
    VALUES (3, 'c1', '+8613800138000', 1000, 'now', 7)`);
  assert.deepEqual(db.migrate(), MIGRATIONS.filter((m) => m.version > 17).map((m) => m.version));
  assert.equal(
    db.get<{ interaction_id: number }>("SELECT interaction_id FROM voicemails WHERE id = 3")!
      .interaction_id,
    7,
  );
  const kept = db.get<{ category: string; resolved_by_bot: number }>(
    "SELECT category, resolved_by_bot FROM interactions WHERE id = 7",
  )!;
  assert.deepEqual({ ...kept }, { category: "billing", resolved_by_bot: 0 });
  db.run(
    "INSERT INTO interactions (customer_id, channel, direction, started_at) VALUES (1, 'sms', 'inbound', 'now')",
  );
  assert.throws(() =>
    db.run(
      "INSERT INTO interactions (customer_id, channel, direction, started_at) VALUES (1, 'fax', 'inbound', 'now')",
    )
  );
  assert.equal(db.get<{ foreign_keys: number }>("PRAGMA foreign_keys")!.foreign_keys, 1);
  db.close();
});

Deno.test("migration 21 lets campaigns be agentless and keeps every campaign, contact and attempt", async () => {
  const file = await tempFile();
  // A database as release 17 left it, with a campaign in use.
  const old = new DatabaseSync(file);
  old.exec("PRAGMA foreign_keys = ON");
  for (const m of MIGRATIONS.filter((m) => m.version <= 17)) old.exec(m.sql);
  old.exec(`PRAGMA user_version = 17; PRAGMA application_id = ${APPLICATION_ID}`);
  old.exec(`
    INSERT INTO campaigns (id, name, mode, created_at, updated_at)
      VALUES (4, 'Renewals', 'progressive', 'now', 'now');
    INSERT INTO campaign_contacts (id, campaign_id, number, created_at)
      VALUES (9, 4, '+8613800138000', 'now');
    INSERT INTO campaign_attempts (campaign_id, contact_id, outcome, at)
      VALUES (4, 9, 'busy', 'now');
  `);
  assert.throws(() =>
    old.exec(
      "INSERT INTO campaigns (name, mode, created_at, updated_at) VALUES ('n', 'agentless', 'now', 'now')",
    )
  );
  old.close();

  const db = new Database(file);
  assert.ok(db.migrate().includes(21));
  assert.equal(db.get<{ n: number }>("SELECT count(*) AS n FROM campaign_attempts")!.n, 1);
  assert.equal(
    db.get<{ number: string }>("SELECT number FROM campaign_contacts WHERE id = 9")!
      .number,
    "+8613800138000",
  );
  db.run(
    "INSERT INTO campaigns (name, mode, created_at, updated_at) VALUES ('Notices', 'agentless', 'now', 'now')",
  );
  assert.throws(() =>
    db.run(
      "INSERT INTO campaigns (name, mode, created_at, updated_at) VALUES ('x', 'robocall', 'now', 'now')",
    )
  );
  // The foreign keys point at the rebuilt tables: deleting the campaign takes its rows.
  db.run("DELETE FROM campaigns WHERE id = 4");
  assert.equal(db.get<{ n: number }>("SELECT count(*) AS n FROM campaign_contacts")!.n, 0);
  assert.equal(db.get<{ n: number }>("SELECT count(*) AS n FROM campaign_attempts")!.n, 0);
  assert.equal(db.get<{ n: number }>("PRAGMA foreign_key_check")?.n, undefined);
  assert.ok(
    db.all<{ name: string }>("PRAGMA table_info(trunks)").some((c) => c.name === "dial_plan"),
  );
  db.close();
});
