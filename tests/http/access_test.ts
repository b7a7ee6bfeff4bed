import assert from "node:assert/strict";
import { ADMIN_PASSWORD, DEMO_PASSWORD, testAppliance } from "../support/test_appliance.ts";

const newAgent = {
  username: "agent42",
  role: "agent",
  password: "agent-pass-42",
  extension: "1042",
};

Deno.test("an anonymous caller gets 401 on a protected route", async () => {
  await using app = await testAppliance();
  const response = await app.client().get("/api/v1/users");
  assert.equal(response.status, 401);
  assert.equal((await response.json()).error.code, "unauthorized");
});

Deno.test("an agent gets 403 creating a user, and the user is not created", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = app.client();
  assert.equal((await agent.login("agent1", DEMO_PASSWORD)).status, 200);
  const response = await agent.post("/api/v1/users", newAgent);
  assert.equal(response.status, 403);
  assert.equal((await response.json()).error.code, "forbidden");
  assert.equal(app.users.byUsername("agent42"), undefined);
});

Deno.test("a supervisor may list users but not create them", async () => {
  await using app = await testAppliance({ demo: true });
  const supervisor = app.client();
  await supervisor.login("super1", DEMO_PASSWORD);
  assert.equal((await supervisor.get("/api/v1/users")).status, 200);
  assert.equal((await supervisor.post("/api/v1/users", newAgent)).status, 403);
});

Deno.test("an admin creates a user, and a duplicate username answers 409", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const created = await admin.post("/api/v1/users", newAgent);
  assert.equal(created.status, 201);
  const { user } = await created.json();
  assert.equal(user.extension, "1042");
  assert.equal("password_hash" in user, false);
  const again = await admin.post("/api/v1/users", newAgent);
  assert.equal(again.status, 409);
});

Deno.test("a deactivated user can no longer sign in", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const { user } = await (await admin.post("/api/v1/users", newAgent)).json();
  assert.equal(
    (await admin.request("PATCH", `/api/v1/users/${user.id}`, { active: false })).status,
    200,
  );
  assert.equal((await app.client().login("agent42", "agent-pass-42")).status, 401);
});
