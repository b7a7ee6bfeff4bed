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

Deno.test("after five failures the user is throttled with 429 and Retry-After, even with the right password", async () => {
  await using app = await testAppliance();
  const client = app.client();
  for (let i = 0; i < 5; i++) {
    assert.equal((await client.login("admin", `wrong-${i}`)).status, 401);
  }
  const throttled = await client.login("admin", ADMIN_PASSWORD);
  assert.equal(throttled.status, 429);
  const body = await throttled.json();
  assert.equal(body.error.code, "too_many_attempts");
  assert.ok(body.error.details.retry_after_s > 0);
  assert.equal(throttled.headers.get("retry-after"), String(body.error.details.retry_after_s));

  app.clock.advance(body.error.details.retry_after_s * 1000);
  assert.equal((await client.login("admin", ADMIN_PASSWORD)).status, 200);
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
