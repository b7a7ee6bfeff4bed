import assert from "node:assert/strict";
import { SESSION_TTL_MS, SessionStore, UserRepository } from "../../src/auth/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";
import { Database } from "../../src/db/mod.ts";

async function setUp() {
  const clock = new VirtualClock(Date.UTC(2026, 11, 6, 9));
  const db = new Database(":memory:");
  db.migrate();
  const users = new UserRepository(db, clock);
  const admin = await users.create({ username: "admin1", role: "admin", password: "admin-pass-1" });
  let writable = false;
  const sessions = new SessionStore(db, users, clock, () => writable);
  const count = () => db.get<{ n: number }>("SELECT count(*) AS n FROM sessions")!.n;
  return { clock, db, sessions, admin, count, allowWrites: () => (writable = true) };
}

Deno.test("a session opened while the database is read-only lives in memory and writes nothing", async () => {
  const { db, sessions, admin, count } = await setUp();
  const { secret, session } = sessions.open(admin.id, { ip: "127.0.0.1" });
  assert.ok(session.id < 0, "never the id of a stored session");
  assert.equal(count(), 0);
  assert.equal(sessions.resolve(secret)?.user.username, "admin1");
  assert.equal(sessions.resolve(secret)?.csrfToken, session.csrfToken);
  sessions.close(session.id);
  assert.equal(sessions.resolve(secret), undefined, "closed");
  assert.equal(count(), 0);
  db.close();
});

Deno.test("a session held in memory expires like a stored one and outlives a promotion", async () => {
  const { clock, db, sessions, admin, allowWrites } = await setUp();
  const kept = sessions.open(admin.id, {});
  const idle = sessions.open(admin.id, {});
  clock.advance(SESSION_TTL_MS - 1000);
  assert.ok(sessions.resolve(kept.secret), "used: its expiry slides");
  allowWrites();
  clock.advance(2000);
  assert.equal(sessions.resolve(idle.secret), undefined, "unused for its lifetime");
  assert.ok(sessions.resolve(kept.secret), "still held after the box began to take writes");
  db.close();
});

Deno.test("a stored session is read without a write while the database is read-only", async () => {
  const { clock, db, sessions, admin, allowWrites } = await setUp();
  allowWrites();
  const stored = sessions.open(admin.id, {});
  assert.ok(stored.session.id > 0);
  const seen = () =>
    db.get<{ last_seen_at: string }>("SELECT last_seen_at FROM sessions")!.last_seen_at;
  const before = seen();
  const readOnly = new SessionStore(db, new UserRepository(db, clock), clock, () => false);
  clock.advance(5 * 60_000);
  assert.equal(readOnly.resolve(stored.secret)?.user.username, "admin1");
  assert.equal(seen(), before, "the expiry did not slide in the table");
  assert.ok(sessions.resolve(stored.secret));
  assert.notEqual(seen(), before, "a writable store slides it");
  db.close();
});
