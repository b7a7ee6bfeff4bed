import assert from "node:assert/strict";
import { BrowserSipPasswords, sipHa1 } from "../../src/auth/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";
import { DEMO_PASSWORD, testAppliance } from "../support/test_appliance.ts";

Deno.test("a one-time browser SIP password yields the digest secrets the registrar checks", () => {
  const passwords = new BrowserSipPasswords(new VirtualClock(0));
  const { password } = passwords.issue("1003");
  assert.deepEqual(passwords.secrets("1003"), [{
    md5: sipHa1("md5", "1003", password),
    sha256: sipHa1("sha256", "1003", password),
  }]);
  assert.deepEqual(passwords.secrets("1004"), []);
});

Deno.test("browser SIP passwords expire after a shift and at most five stay live per extension", () => {
  const clock = new VirtualClock(0);
  const passwords = new BrowserSipPasswords(clock);
  for (let i = 0; i < 7; i++) passwords.issue("1003");
  assert.equal(passwords.secrets("1003").length, 5);
  clock.advance(12 * 3600 * 1000);
  assert.equal(passwords.secrets("1003").length, 0);
});

Deno.test("POST /auth/sip gives a signed-in agent a SIP password for their extension, and refuses users without one", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = app.client();
  await agent.login("agent2", DEMO_PASSWORD);
  const response = await agent.post("/api/v1/auth/sip");
  assert.equal(response.status, 201);
  const body = await response.json();
  assert.equal(body.extension, "1002");
  assert.equal(body.ws_path, "/sip");
  assert.equal(body.realm, "callcenter");
  assert.ok(body.password.length >= 20);

  const admin = app.client();
  await admin.login("admin", "admin-secret-1");
  assert.equal((await admin.post("/api/v1/auth/sip")).status, 409);
});
