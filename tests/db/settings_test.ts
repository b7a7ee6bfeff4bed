import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import { Database, Settings } from "../../src/db/mod.ts";

async function storage() {
  const dir = await Deno.makeTempDir({ prefix: "cc-settings-" });
  const path = `${dir}/callcenter.db`;
  const db = new Database(path);
  db.migrate();
  const clock = new VirtualClock(Date.UTC(2026, 4, 1));
  return {
    db,
    clock,
    path,
    settings: new Settings(db, clock),
    async [Symbol.asyncDispose]() {
      db.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test("a secret is made once and then read back, even after the database is reopened", async () => {
  await using s = await storage();
  const secret = s.settings.secret("sip_nonce_secret");
  assert.match(secret, /^[0-9a-f]{64}$/);
  assert.equal(s.settings.secret("sip_nonce_secret"), secret);
  s.db.close();
  const again = new Database(s.path);
  try {
    assert.equal(new Settings(again, s.clock).secret("sip_nonce_secret"), secret);
  } finally {
    again.close();
  }
});

Deno.test("different keys get different secrets", async () => {
  await using s = await storage();
  assert.notEqual(s.settings.secret("one"), s.settings.secret("two"));
});

Deno.test("asking for a secret that exists writes nothing, so a read-only database can answer", async () => {
  await using s = await storage();
  const secret = s.settings.secret("sip_nonce_secret");
  const readOnly = new Database(s.path, { readOnly: true });
  try {
    assert.equal(new Settings(readOnly, s.clock).secret("sip_nonce_secret"), secret);
    assert.throws(() => new Settings(readOnly, s.clock).secret("missing"), /readonly/);
  } finally {
    readOnly.close();
  }
});

Deno.test("set replaces a value and stamps it with the clock's time", async () => {
  await using s = await storage();
  s.settings.set("crm.default_country", "86");
  s.clock.advance(60_000);
  s.settings.set("crm.default_country", "44");
  assert.equal(s.settings.get("crm.default_country"), "44");
  assert.equal(
    s.db.get<{ updated_at: string }>(
      "SELECT updated_at FROM settings WHERE key = 'crm.default_country'",
    )!.updated_at,
    "2026-05-01T00:01:00.000Z",
  );
  assert.equal(s.settings.get("missing"), undefined);
});

Deno.test("withPrefix lists the settings under a prefix only, taking % and _ literally", async () => {
  await using s = await storage();
  s.settings.set("crm.b", "2");
  s.settings.set("crm.a", "1");
  s.settings.set("crmxa", "no");
  s.settings.set("sip_nonce_secret", "no");
  assert.deepEqual(s.settings.withPrefix("crm."), [
    { key: "crm.a", value: "1" },
    { key: "crm.b", value: "2" },
  ]);
  assert.deepEqual(s.settings.withPrefix("crm_"), []);
});
