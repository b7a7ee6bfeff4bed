import assert from "node:assert/strict";
import { AuditLog, ensureFirstAdmin, UserRepository, verifyPassword } from "../../src/auth/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";
import { Database } from "../../src/db/mod.ts";

function accounts() {
  const db = new Database(":memory:");
  db.migrate();
  const clock = new VirtualClock(Date.UTC(2026, 4, 1));
  return { db, users: new UserRepository(db, clock), audit: new AuditLog(db, clock) };
}

Deno.test("on a database without users, ensureFirstAdmin creates admin with the given password", async () => {
  const { db, users, audit } = accounts();
  const result = await ensureFirstAdmin(users, audit, "chosen-password");
  assert.deepEqual(result, { created: true });
  const admin = users.byUsername("admin")!;
  assert.equal(admin.role, "admin");
  const hash = db.get<{ password_hash: string }>(
    "SELECT password_hash FROM users WHERE id = ?",
    admin.id,
  )!.password_hash;
  assert.equal(await verifyPassword("chosen-password", hash), true);
  const audited = db.all<{ action: string; entity_id: string }>(
    "SELECT action, entity_id FROM audit_log",
  ).map((row) => ({ ...row }));
  assert.deepEqual(audited, [{ action: "create_first_admin", entity_id: String(admin.id) }]);
  db.close();
});

Deno.test("without a password ensureFirstAdmin makes one and returns it once", async () => {
  const { db, users, audit } = accounts();
  const result = await ensureFirstAdmin(users, audit);
  assert.equal(result.created, true);
  assert.ok(result.generatedPassword && result.generatedPassword.length >= 12);
  const hash = db.get<{ password_hash: string }>(
    "SELECT password_hash FROM users WHERE username = 'admin'",
  )!.password_hash;
  assert.equal(await verifyPassword(result.generatedPassword, hash), true);
  db.close();
});

Deno.test("with any user present ensureFirstAdmin creates nothing and audits nothing", async () => {
  const { db, users, audit } = accounts();
  await users.create({ username: "lead1", role: "team_lead", password: "lead-password" });
  assert.deepEqual(await ensureFirstAdmin(users, audit, "chosen-password"), { created: false });
  assert.equal(users.count(), 1);
  assert.equal(db.get<{ n: number }>("SELECT count(*) AS n FROM audit_log")!.n, 0);
  db.close();
});
