import assert from "node:assert/strict";
import { ADMIN_PASSWORD, testAppliance } from "../support/test_appliance.ts";

Deno.test("every change through the API writes an audit row with who, what, when and from where", async () => {
  await using app = await testAppliance();
  const admin = app.client("192.0.2.44");
  await admin.login("admin", ADMIN_PASSWORD);
  const { user } = await (await admin.post("/api/v1/users", {
    username: "li",
    role: "agent",
    password: "pass-word-1",
  }))
    .json();
  await admin.request("PATCH", `/api/v1/users/${user.id}`, { display_name: "Li Lei" });
  await admin.post(`/api/v1/users/${user.id}/password`, { password: "another-pass" });

  const rows = app.db.all<
    {
      actor: string;
      action: string;
      entity: string;
      entity_id: string;
      ip: string;
      at: string;
      details: string;
    }
  >(
    "SELECT actor, action, entity, entity_id, ip, at, details FROM audit_log WHERE entity = 'users' AND actor = 'admin' ORDER BY id",
  );
  assert.deepEqual(rows.map((r) => r.action), [
    "POST /users",
    "PATCH /users/:id",
    "POST /users/:id/password",
  ]);
  for (const row of rows) {
    assert.equal(row.entity_id, String(user.id));
    assert.equal(row.ip, "192.0.2.44");
    assert.equal(row.at, new Date(app.clock.now()).toISOString());
  }
  assert.doesNotMatch(rows.map((r) => r.details ?? "").join(" "), /pass-word-1|another-pass/);
});

Deno.test("a refused change writes no audit row", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const before = app.db.get<{ n: number }>("SELECT count(*) AS n FROM audit_log")!.n;
  assert.equal((await admin.post("/api/v1/users", { username: "x" })).status, 400);
  assert.equal(app.db.get<{ n: number }>("SELECT count(*) AS n FROM audit_log")!.n, before);
});

Deno.test("admins read the audit log through the API, newest first", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  await admin.post("/api/v1/auth/tokens", { name: "crm-sync" });
  const response = await admin.get("/api/v1/audit?limit=2");
  assert.equal(response.status, 200);
  const { entries } = await response.json();
  assert.equal(entries.length, 2);
  assert.equal(entries[0].action, "POST /auth/tokens");
  assert.deepEqual(entries[0].details, { name: "crm-sync" });
  assert.ok(entries[0].id > entries[1].id);
});
