import assert from "node:assert/strict";
import { Database } from "../../src/db/mod.ts";
import { spawnAppliance } from "../support/spawn_appliance.ts";

Deno.test("SIGTERM with writes in flight finishes them, exits 0 within 5 s, and loses nothing", async () => {
  const data = await Deno.makeTempDir({ prefix: "cc-shutdown-" });
  const app = await spawnAppliance(data);
  const base = `http://127.0.0.1:${app.httpPort}/api/v1`;
  const login = await fetch(`${base}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: "admin-secret-1" }),
  });
  assert.equal(login.status, 200);
  const cookie = login.headers.get("set-cookie")!.split(";")[0];
  const { csrf_token } = await login.json();

  // Creating a user hashes a password (tens of ms), so these are still running when the signal lands.
  const writes = Array.from({ length: 8 }, (_, i) =>
    fetch(`${base}/users`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, "x-csrf-token": csrf_token },
      body: JSON.stringify({ username: `late${i}`, role: "agent", password: "late-pass-1" }),
    }).then(async (r) => ({ status: r.status, at: performance.now(), body: await r.text() }))
      .catch((error) => ({ status: 0, at: performance.now(), body: String(error) })));
  await new Promise((r) => setTimeout(r, 15));
  const signalledAt = performance.now();
  const status = await app.stop();
  const stoppedAt = performance.now();
  const results = await Promise.all(writes);

  assert.equal(status.code, 0, app.output());
  assert.ok(stoppedAt - signalledAt < 5000, `took ${stoppedAt - signalledAt} ms`);
  const created = results.filter((r) => r.status === 201);
  assert.ok(
    created.some((r) => r.at > signalledAt),
    "at least one write was still in flight at SIGTERM",
  );
  assert.ok(results.every((r) => r.status === 201 || r.status === 0), JSON.stringify(results));

  const db = new Database(`${data}/callcenter.db`);
  const stored = db.all<{ username: string }>(
    "SELECT username FROM users WHERE username LIKE 'late%'",
  );
  const audited =
    db.get<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'POST /users'")!.n;
  db.close();
  assert.equal(stored.length, created.length, "every acknowledged write is stored");
  assert.equal(audited, created.length, "and audited");
  assert.doesNotMatch(app.output(), /ERROR/);
  await Deno.remove(data, { recursive: true });
});
