import assert from "node:assert/strict";
import { ADMIN_PASSWORD, testAppliance } from "../support/test_appliance.ts";

const body = { username: "csrfvictim", role: "agent", password: "agent-pass-1" };

Deno.test("a browser write without the CSRF header is refused with 403 and changes nothing", async () => {
  await using app = await testAppliance();
  const client = app.client();
  await client.login("admin", ADMIN_PASSWORD);
  const response = await client.post("/api/v1/users", body, { "x-csrf-token": "" });
  assert.equal(response.status, 403);
  assert.equal((await response.json()).error.code, "csrf_rejected");
  assert.equal(app.users.byUsername("csrfvictim"), undefined);
});

Deno.test("a browser write with another session's CSRF token is refused", async () => {
  await using app = await testAppliance();
  const victim = app.client();
  const attacker = app.client("203.0.113.5");
  await victim.login("admin", ADMIN_PASSWORD);
  await attacker.login("admin", ADMIN_PASSWORD);
  const response = await victim.post("/api/v1/users", body, { "x-csrf-token": attacker.csrfToken });
  assert.equal(response.status, 403);
});

Deno.test("a cross-site Origin is refused even with a valid token", async () => {
  await using app = await testAppliance();
  const client = app.client();
  await client.login("admin", ADMIN_PASSWORD);
  const response = await client.post("/api/v1/users", body, { origin: "https://evil.example" });
  assert.equal(response.status, 403);
});

Deno.test("a write with the session's CSRF token from the same origin succeeds", async () => {
  await using app = await testAppliance();
  const client = app.client();
  await client.login("admin", ADMIN_PASSWORD);
  const response = await client.post("/api/v1/users", body, { origin: "http://appliance.test" });
  assert.equal(response.status, 201);
});
