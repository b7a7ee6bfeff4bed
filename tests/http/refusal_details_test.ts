import assert from "node:assert/strict";
import { ADMIN_PASSWORD, testAppliance } from "../support/test_appliance.ts";

async function json(response: Response, status: number) {
  const body = await response.json();
  assert.equal(response.status, status, JSON.stringify(body));
  return body;
}

Deno.test("a name already taken is refused at its field with a code clients can word", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  await json(await admin.post("/api/v1/skills", { name: "billing" }), 201);
  const skill = await json(await admin.post("/api/v1/skills", { name: "billing" }), 409);
  assert.deepEqual(skill.error.details.issues, [{
    path: "name",
    code: "already_exists",
    message: 'A skill named "billing" already exists',
  }]);
  await json(await admin.post("/api/v1/teams", { name: "Front desk" }), 201);
  const team = await json(await admin.post("/api/v1/teams", { name: "Front desk" }), 409);
  assert.equal(team.error.details.issues[0].path, "name");
  const trunk = { name: "PBX", host: "192.0.2.1", allow_cidrs: ["192.0.2.1/32"] };
  await json(await admin.post("/api/v1/trunks", trunk), 201);
  const again = await json(await admin.post("/api/v1/trunks", trunk), 409);
  assert.deepEqual(
    [again.error.code, again.error.details.issues[0].path, again.error.details.issues[0].code],
    ["conflict", "name", "already_exists"],
  );
  const user = { username: "li", password: "long-enough-1", role: "agent" };
  await json(await admin.post("/api/v1/users", user), 201);
  const twice = await json(await admin.post("/api/v1/users", user), 409);
  assert.equal(twice.error.details.issues[0].path, "username");
});

Deno.test("deleting a skill a queue requires names the queues in the details", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const skill = (await json(await admin.post("/api/v1/skills", { name: "billing" }), 201)).skill;
  const agent = (await json(
    await admin.post("/api/v1/users", {
      username: "li",
      password: "long-enough-1",
      role: "agent",
      extension: "1001",
    }),
    201,
  )).user;
  await json(
    await admin.request("PUT", `/api/v1/users/${agent.id}/skills`, {
      skills: [{ skill: "billing", level: 5 }],
    }),
    200,
  );
  await json(
    await admin.post("/api/v1/queues", {
      name: "Billing",
      skills: [{ skill: "billing", min_level: 1 }],
      members: [{ user_id: agent.id }],
    }),
    201,
  );
  const refused = await json(await admin.request("DELETE", `/api/v1/skills/${skill.id}`), 409);
  assert.deepEqual(refused.error.details.in_use, { kind: "queues", names: ["Billing"] });
  const unknown = await json(
    await admin.request("PUT", `/api/v1/users/${agent.id}/skills`, {
      skills: [{ skill: "french", level: 5 }],
    }),
    400,
  );
  assert.deepEqual(
    [unknown.error.details.issues[0].path, unknown.error.details.issues[0].code],
    ["skills", "unknown_skill"],
  );
});
