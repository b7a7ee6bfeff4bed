import assert from "node:assert/strict";
import { ADMIN_PASSWORD, testAppliance } from "../support/test_appliance.ts";

Deno.test("login with the right password answers the user and sets an HttpOnly SameSite session cookie", async () => {
  await using app = await testAppliance();
  const client = app.client();
  const response = await client.post("/api/v1/auth/login", {
    username: "admin",
    password: ADMIN_PASSWORD,
  });
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.equal(body.user.username, "admin");
  assert.equal(body.user.role, "admin");
  assert.equal(typeof body.csrf_token, "string");
  const cookie = response.headers.get("set-cookie")!;
  assert.match(cookie, /^cc_session=[\w-]{20,};/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  const me = await client.get("/api/v1/auth/me");
  assert.equal(me.status, 200);
  assert.equal((await me.json()).csrf_token, body.csrf_token);
});

Deno.test("login with a wrong password or unknown user answers 401 without saying which", async () => {
  await using app = await testAppliance();
  const wrongPassword = await app.client().post("/api/v1/auth/login", {
    username: "admin",
    password: "nope-nope",
  });
  const unknownUser = await app.client().post("/api/v1/auth/login", {
    username: "ghost",
    password: "nope-nope",
  });
  assert.equal(wrongPassword.status, 401);
  assert.equal(unknownUser.status, 401);
  const a = await wrongPassword.json();
  const b = await unknownUser.json();
  assert.deepEqual(a, b);
  assert.equal(a.error.code, "invalid_credentials");
  assert.equal(wrongPassword.headers.get("set-cookie"), null);
});

Deno.test("a guessing address waits with 429 and Retry-After while the right password from elsewhere signs in", async () => {
  await using app = await testAppliance();
  const guesser = app.client("198.51.100.66");
  for (let i = 0; i < 3; i++) {
    assert.equal((await guesser.login("admin", `wrong-${i}`)).status, 401);
  }
  const throttled = await guesser.login("admin", ADMIN_PASSWORD);
  assert.equal(throttled.status, 429);
  const body = await throttled.json();
  assert.equal(body.error.code, "too_many_attempts");
  assert.ok(body.error.details.retry_after_s > 0);
  assert.equal(throttled.headers.get("retry-after"), String(body.error.details.retry_after_s));

  // The real admin, at their own desk, is not locked out by someone else's guessing.
  assert.equal((await app.client("192.0.2.10").login("admin", ADMIN_PASSWORD)).status, 200);

  app.clock.advance(body.error.details.retry_after_s * 1000);
  assert.equal((await guesser.login("admin", ADMIN_PASSWORD)).status, 200);
});

Deno.test("each further failure of a guessing pair doubles its wait", async () => {
  await using app = await testAppliance();
  const guesser = app.client("198.51.100.66");
  const waits: number[] = [];
  for (let i = 0; i < 6; i++) {
    const response = await guesser.login("admin", `wrong-${i}`);
    if (response.status === 429) {
      const wait = (await response.json()).error.details.retry_after_s;
      waits.push(wait);
      app.clock.advance(wait * 1000);
      assert.equal((await guesser.login("admin", `wrong-${i}`)).status, 401);
    } else {
      assert.equal(response.status, 401);
    }
  }
  assert.deepEqual(waits, [1, 2, 4]);
});

Deno.test("an admin sees who is being slowed and lifts it, and the lift is audited", async () => {
  await using app = await testAppliance();
  const guesser = app.client("198.51.100.66");
  for (let i = 0; i < 8; i++) {
    const status = (await guesser.login("admin", `wrong-${i}`)).status;
    if (status === 429) break;
  }
  const admin = app.client("192.0.2.10");
  await admin.login("admin", ADMIN_PASSWORD);
  const listed = await (await admin.get("/api/v1/auth/lockouts")).json();
  const pair = listed.pairs.find((p: { address: string }) => p.address === "198.51.100.66");
  assert.equal(pair.username, "admin");
  assert.ok(pair.retry_after_s > 0);

  const lifted = await admin.request(
    "DELETE",
    "/api/v1/auth/lockouts?username=admin&address=198.51.100.66",
  );
  assert.equal(lifted.status, 200);
  assert.deepEqual(await lifted.json(), { lifted: 2 });
  const row = app.db.get<{ actor: string; entity: string; entity_id: string; details: string }>(
    "SELECT actor, entity, entity_id, details FROM audit_log WHERE action = 'DELETE /auth/lockouts'",
  )!;
  assert.deepEqual(
    { actor: row.actor, entity: row.entity, entity_id: row.entity_id },
    { actor: "admin", entity: "login_throttle", entity_id: "admin" },
  );
  assert.deepEqual(JSON.parse(row.details), {
    username: "admin",
    address: "198.51.100.66",
    lifted: 2,
  });
  assert.equal((await guesser.login("admin", ADMIN_PASSWORD)).status, 200);
});

Deno.test("only admins may see or lift sign-in throttling, and a lift must name someone", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const created = await admin.post("/api/v1/users", {
    username: "agent7",
    role: "agent",
    password: "agent-pass-7",
  });
  assert.equal(created.status, 201);
  const agent = app.client("192.0.2.11");
  assert.equal((await agent.login("agent7", "agent-pass-7")).status, 200);
  assert.equal((await agent.get("/api/v1/auth/lockouts")).status, 403);
  assert.equal((await agent.request("DELETE", "/api/v1/auth/lockouts?username=admin")).status, 403);
  const unnamed = await admin.request("DELETE", "/api/v1/auth/lockouts");
  assert.equal(unnamed.status, 400);
  assert.equal((await unnamed.json()).error.code, "invalid_request");
});

Deno.test("failed logins are written to the audit log with the client address", async () => {
  await using app = await testAppliance();
  await app.client("198.51.100.7").login("admin", "wrong-password");
  const row = app.db.get<{ action: string; actor: string; ip: string }>(
    "SELECT action, actor, ip FROM audit_log WHERE action = 'login_failed'",
  );
  assert.deepEqual({ ...row }, { action: "login_failed", actor: "admin", ip: "198.51.100.7" });
});

Deno.test("logout ends the session so the old cookie no longer works", async () => {
  await using app = await testAppliance();
  const client = app.client();
  await client.login("admin", ADMIN_PASSWORD);
  const cookie = client.cookie;
  assert.equal((await client.post("/api/v1/auth/logout")).status, 204);
  client.cookie = cookie;
  assert.equal((await client.get("/api/v1/auth/me")).status, 401);
});

Deno.test("a session expires after its lifetime without activity", async () => {
  await using app = await testAppliance();
  const client = app.client();
  await client.login("admin", ADMIN_PASSWORD);
  app.clock.advance(13 * 3600 * 1000);
  assert.equal((await client.get("/api/v1/auth/me")).status, 401);
});

Deno.test("a login body that fails validation answers 400 with every issue", async () => {
  await using app = await testAppliance();
  const response = await app.client().post("/api/v1/auth/login", { username: "" });
  assert.equal(response.status, 400);
  const body = await response.json();
  assert.equal(body.error.code, "invalid_request");
  const paths = body.error.details.issues.map((i: { path: string }) => i.path).sort();
  assert.deepEqual(paths, ["password", "username"]);
});

Deno.test("an API token authenticates integrations and stops working when revoked", async () => {
  await using app = await testAppliance();
  const browser = app.client();
  await browser.login("admin", ADMIN_PASSWORD);
  const created = await browser.post("/api/v1/auth/tokens", { name: "wallboard" });
  assert.equal(created.status, 201);
  const { id, token } = await created.json();
  assert.match(token, /^cc_/);

  const integration = app.client();
  integration.bearer = token;
  assert.equal((await integration.get("/api/v1/users")).status, 200);
  assert.equal((await browser.request("DELETE", `/api/v1/auth/tokens/${id}`)).status, 204);
  assert.equal((await integration.get("/api/v1/users")).status, 401);
});
