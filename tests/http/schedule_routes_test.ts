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

Deno.test("a cost or tenure that cannot be entered is refused at its field with a code; an unknown agent is a 404", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  /** Path, code and bound of the one issue of a 400. */
  const refusal = async (response: Response) => {
    const body = await response.json();
    assert.equal(response.status, 400, JSON.stringify(body));
    const [issue] = body.error.details.issues;
    return [issue.path, issue.code, issue.minimum];
  };
  const hour = { starts_at: `${DAY}T00:00:00Z`, ends_at: `${DAY}T01:00:00Z` };
  assert.deepEqual(
    await refusal(
      await admin.post("/api/v1/reports/costs", { ...hour, ends_at: hour.starts_at, amount: 1 }),
    ),
    ["ends_at", "ends_before_start", undefined],
  );
  const negative = await admin.post("/api/v1/reports/costs", { ...hour, amount: -5 });
  const [path, code] = await refusal(negative);
  assert.deepEqual([path, code], ["amount", "too_small"], "at the boundary or by the rule");
  const adminId = app.db.get<{ id: number }>("SELECT id FROM users WHERE username = 'admin'")!.id;
  assert.deepEqual(
    await refusal(
      await admin.request("PUT", `/api/v1/reports/tenure/${adminId}`, {
        started_on: "2025-06-01T00:00:00Z",
        left_on: "2025-01-01T00:00:00Z",
      }),
    ),
    ["left_on", "left_before_joining", undefined],
  );
  const nobody = await admin.request("PUT", "/api/v1/reports/tenure/99999", {
    started_on: "2025-01-01T00:00:00Z",
  });
  assert.equal(nobody.status, 404);
  assert.equal((await nobody.json()).error.code, "not_found");
  assert.equal(app.db.get<{ n: number }>("SELECT count(*) AS n FROM report_costs")!.n, 0);
  assert.equal(app.db.get<{ n: number }>("SELECT count(*) AS n FROM agent_tenure")!.n, 0);
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

/** A refusal's status and its one issue (path, code and the bound it names). */
async function refusal(response: Response) {
  const { error } = await response.json();
  const issues = error.details?.issues ?? [];
  assert.equal(issues.length, 1, JSON.stringify(error));
  const { path, code, maximum } = issues[0];
  return [response.status, error.code, path, code, ...(maximum === undefined ? [] : [maximum])];
}

Deno.test("a shift or break that cannot be planned is refused at its field with a code, and nothing is planned", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const agentId = (await (await admin.post("/api/v1/users", {
    username: "shift_agent",
    role: "agent",
    password: "pass-word-1",
  })).json()).user.id;
  const block = (kind: string, from: string, to: string, user_id = agentId) =>
    admin.post("/api/v1/schedules", {
      user_id,
      kind,
      starts_at: `${DAY}T${from}:00Z`,
      ends_at: `${DAY}T${to}:00Z`,
    });
  assert.equal((await block("shift", "01:00", "09:00")).status, 201);
  const planned = () => app.db.all("SELECT id FROM schedule_blocks").length;

  assert.deepEqual(
    await refusal(await block("shift", "12:00", "11:00")),
    [400, "invalid_request", "ends_at", "ends_before_start"],
  );
  assert.deepEqual(
    await refusal(
      await admin.post("/api/v1/schedules", {
        user_id: agentId,
        kind: "shift",
        starts_at: `${DAY}T10:00:00Z`,
        ends_at: "2026-05-05T03:00:00Z",
      }),
    ),
    [400, "invalid_request", "ends_at", "block_too_long", 16],
  );
  assert.deepEqual(
    await refusal(await block("shift", "10:00", "11:00", 99999)),
    [400, "invalid_request", "user_id", "unknown_user"],
  );
  assert.deepEqual(
    await refusal(await block("shift", "08:00", "12:00")),
    [400, "invalid_request", "starts_at", "overlaps_shift"],
  );
  assert.deepEqual(
    await refusal(await block("break", "10:00", "10:30")),
    [400, "invalid_request", "starts_at", "break_outside_shift"],
  );
  assert.equal(planned(), 1, "only the first shift is planned");
});

Deno.test("shift rules that cannot cover a need are refused at the field to change, with a code", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const propose = (rules: Record<string, unknown>) =>
    admin.post("/api/v1/schedules/proposal", {
      starts_at: `${DAY}T00:00:00Z`,
      interval_minutes: 60,
      need: [0, 2, 2, 2, 2, 0],
      ...rules,
    });
  assert.deepEqual(
    await refusal(await propose({ shift_hours: [0.25] })),
    [400, "invalid_request", "shift_hours", "shift_too_short"],
  );
  assert.deepEqual(
    await refusal(await propose({ shift_hours: [2], earliest_start: 2 })),
    [400, "invalid_request", "earliest_start", "need_outside_hours"],
  );
  assert.deepEqual(
    await refusal(await propose({ shift_hours: [2], latest_end: 4 })),
    [400, "invalid_request", "latest_end", "need_outside_hours"],
  );
  assert.deepEqual(
    await refusal(await propose({ shift_hours: [8] })),
    [400, "invalid_request", "shift_hours", "no_shift_fits"],
  );
});
