import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import { Database, Settings } from "../../src/db/mod.ts";
import { DEFAULT_THRESHOLDS, ThresholdStore, TvLinks } from "../../src/supervision/mod.ts";

async function storage() {
  const dir = await Deno.makeTempDir({ prefix: "cc-supervision-" });
  const db = new Database(`${dir}/callcenter.db`);
  db.migrate();
  const clock = new VirtualClock(Date.UTC(2026, 4, 1));
  return {
    db,
    clock,
    settings: new Settings(db, clock),
    async [Symbol.asyncDispose]() {
      db.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test("a TV link opens the wallboard by its token until it is revoked; only a hash is stored", async () => {
  await using s = await storage();
  const links = new TvLinks(s.settings, s.clock);
  const link = links.create("Floor 2", "super1");
  assert.match(link.token, /^[\w-]{43}$/);
  assert.equal(links.resolve(link.token)?.id, link.id);
  assert.equal(links.resolve(link.token.slice(0, -1) + "x"), undefined);
  assert.equal(links.resolve("short"), undefined);
  const stored = s.db.all<{ key: string; value: string }>(
    "SELECT key, value FROM settings WHERE key LIKE 'supervision.tv_link.%'",
  );
  assert.equal(stored.length, 1);
  assert.ok(!stored[0].key.includes(link.token) && !stored[0].value.includes(link.token));

  s.clock.advance(60_000);
  assert.equal(links.revoke(link.id), true);
  assert.equal(links.resolve(link.token), undefined);
  assert.equal(links.revoke(link.id), false, "revoking twice finds no live link");
  assert.deepEqual(links.list().map((l) => [l.label, l.revoked_at]), [
    ["Floor 2", new Date(Date.UTC(2026, 4, 1, 0, 1)).toISOString()],
  ]);
});

Deno.test("a queue has the default thresholds until one is set, and keeps what was set", async () => {
  await using s = await storage();
  const store = new ThresholdStore(s.settings);
  assert.deepEqual(store.get(3), DEFAULT_THRESHOLDS);
  const set = store.set(3, { longest_wait_s: { warn: 20, alarm: 40 } });
  assert.deepEqual(set.longest_wait_s, { warn: 20, alarm: 40 });
  assert.deepEqual(set.service_level, DEFAULT_THRESHOLDS.service_level);
  assert.deepEqual(store.get(3), set);
  assert.deepEqual(store.get(4), DEFAULT_THRESHOLDS);
  assert.throws(() => store.set(3, { longest_wait_s: { warn: 50, alarm: 40 } }), /warn/);
  assert.throws(() => store.set(3, { service_level: { target: 50, alarm: 60 } }), /target/);
  assert.deepEqual(store.get(3), set, "a refused change keeps the old thresholds");
});
