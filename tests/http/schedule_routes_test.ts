import assert from "node:assert/strict";
import { ADMIN_PASSWORD, testAppliance } from "../support/test_appliance.ts";

const DAY = "2026-05-04";

Deno.test("managers plan shifts and breaks; agents read only their own", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const made = await (await admin.post("/api/v1/users", {
    username: "shift_agent",
    role: "agent",
    password: "pass-word-1",
  })).json();
  const agentId = made.user.id;
  const shift = await admin.post("/api/v1/schedules", {
    user_id: agentId,
    kind: "shift",
    starts_at: `${DAY}T01:00:00Z`,
    ends_at: `${DAY}T09:00:00Z`,
  });
  assert.equal(shift.status, 201);
  const breakOutside = await admin.post("/api/v1/schedules", {
    user_id: agentId,
    kind: "break",
    starts_at: `${DAY}T10:00:00Z`,
    ends_at: `${DAY}T10:30:00Z`,
  });
  assert.equal(breakOutside.status, 400);
  assert.match(JSON.stringify(await breakOutside.json()), /inside one of the agent's shifts/);
  assert.equal(
    (await admin.post("/api/v1/schedules", {
      user_id: agentId,
      kind: "break",
      starts_at: `${DAY}T04:00:00Z`,
      ends_at: `${DAY}T04:30:00Z`,
    })).status,
    201,
  );
  const period = `from=${DAY}T00:00:00Z&to=${DAY}T23:00:00Z`;
  const all = await (await admin.get(`/api/v1/schedules?${period}`)).json();
  assert.deepEqual(all.blocks.map((b: { kind: string }) => b.kind), ["shift", "break"]);

  const agent = app.client();
  await agent.login("shift_agent", "pass-word-1");
  const mine = await (await agent.get(`/api/v1/schedules/mine?${period}`)).json();
  assert.equal(mine.blocks.length, 2);
  assert.equal((await agent.get(`/api/v1/schedules?${period}`)).status, 403);

  const shiftId = (await shift.json()).block.id;
  assert.equal((await admin.request("DELETE", `/api/v1/schedules/${shiftId}`)).status, 204);
  assert.equal((await (await admin.get(`/api/v1/schedules?${period}`)).json()).blocks.length, 0);
});

Deno.test("admins enter costs and agents' tenure for cost per call and turnover", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const cost = await admin.post("/api/v1/reports/costs", {
    starts_at: `${DAY}T00:00:00Z`,
    ends_at: `${DAY}T01:00:00Z`,
    amount: 400,
  });
  assert.equal(cost.status, 201);
  assert.equal(
    (await admin.post("/api/v1/reports/costs", {
      starts_at: `${DAY}T01:00:00Z`,
      ends_at: `${DAY}T00:00:00Z`,
      amount: 1,
    })).status,
    400,
  );
  const adminId = app.db.get<{ id: number }>("SELECT id FROM users WHERE username = 'admin'")!.id;
  assert.equal(
    (await admin.request("PUT", `/api/v1/reports/tenure/${adminId}`, {
      started_on: "2025-01-01T00:00:00Z",
    })).status,
    204,
  );
  assert.equal(
    app.db.get<{ n: number }>("SELECT count(*) AS n FROM agent_tenure")!.n,
    1,
  );
});

Deno.test("a shift proposal covers the need it is given", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const need = [0, 0, 2, 3, 3, 3, 3, 2, 2, 2, 1, 0];
  const response = await admin.post("/api/v1/schedules/proposal", {
    starts_at: `${DAY}T00:00:00Z`,
    interval_minutes: 60,
    need,
    shift_hours: [8, 4],
  });
  assert.equal(response.status, 200);
  const body = await response.json();
  body.coverage.forEach((c: number, i: number) => assert.ok(c >= need[i]));
  assert.equal(body.needed_agent_hours, 21);
  assert.ok(body.agent_hours >= 21 && body.agent_hours <= 28, String(body.agent_hours));
  assert.match(body.shifts[0].starts_at, /^2026-05-04T0\d:00:00.000Z$/);
  const bad = await admin.post("/api/v1/schedules/proposal", {
    starts_at: `${DAY}T00:00:00Z`,
    need: [1],
    shift_hours: [8],
  });
  assert.equal(bad.status, 400);
});
