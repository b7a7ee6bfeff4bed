import assert from "node:assert/strict";
import { parse } from "csv-parse/sync";
import { ADMIN_PASSWORD, testAppliance } from "../support/test_appliance.ts";
import {
  ANN,
  BOB,
  CAT,
  SALES,
  SUPPORT,
  T0,
  T30,
  TEAM_A,
  TEAM_B,
  writeCallEvents,
  writeCenter,
  writeCrmCases,
  writeCrmContacts,
  writeStates,
} from "../reports/_fixture.ts";
import {
  ANN_I1,
  ANN_I2,
  BOB_I1,
  BOB_I2,
  CAT_I1,
  CAT_I2,
  CENTER_I1,
  CENTER_I2,
  CENTER_TOTAL,
  NONE,
  SALES_I1,
  SUPPORT_I1,
  SUPPORT_I2,
  TEAM_A_I1,
  TEAM_A_I2,
  TEAM_B_I1,
  TEAM_B_I2,
} from "../reports/_expected.ts";

const FROM = new Date(T0).toISOString();
const TO = new Date(T30).toISOString();

async function fixtureAppliance() {
  const app = await testAppliance();
  writeCenter(app.db);
  writeCrmContacts(app.db);
  writeCrmCases(app.db);
  writeCallEvents(app.db);
  writeStates(app.db);
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  return { app, admin };
}

function query(extra: Record<string, string>): string {
  return new URLSearchParams({ from: FROM, to: TO, interval: "15m", tz: "UTC", ...extra })
    .toString();
}

Deno.test("the figures API gives the hand-worked fixture's figures per interval and scope", async () => {
  const { app, admin } = await fixtureAppliance();
  await using _ = app;
  const center = await (await admin.get(`/api/v1/reports/figures?${query({})}`)).json();
  assert.deepEqual(center.period, { from: FROM, to: TO, interval: "15m", time_zone: "UTC" });
  assert.deepEqual(center.rows.map((r: { metrics: unknown }) => r.metrics), [CENTER_I1, CENTER_I2]);
  assert.deepEqual(center.total.metrics, CENTER_TOTAL);
  assert.equal(center.rows[0].counts.offered, 5);
  const compared = await (await admin.get(
    `/api/v1/reports/figures?${
      query({ from: new Date(T0 + 15 * 60_000).toISOString(), compare: "previous" })
    }`,
  )).json();
  assert.deepEqual(compared.previous.metrics, CENTER_I1);

  const sales = await (await admin.get(
    `/api/v1/reports/figures?${query({ scope: "queue", id: String(SALES) })}`,
  )).json();
  assert.deepEqual(sales.rows[0].metrics, SALES_I1);
  const ann =
    await (await admin.get(`/api/v1/reports/figures?${query({ scope: "agent", id: String(ANN) })}`))
      .json();
  assert.deepEqual(ann.rows.map((r: { metrics: unknown }) => r.metrics), [ANN_I1, ANN_I2]);
  const team = await (await admin.get(
    `/api/v1/reports/figures?${query({ scope: "team", id: String(TEAM_A) })}`,
  )).json();
  assert.equal(team.rows[0].metrics.aht_s, 146.5);
});

Deno.test("the CSV export holds the same figures, empty where there is none", async () => {
  const { app, admin } = await fixtureAppliance();
  await using _ = app;
  const response = await admin.get(`/api/v1/reports/figures.csv?${query({})}`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /^text\/csv/);
  const rows: Record<string, string>[] = parse(await response.text(), { columns: true });
  assert.deepEqual(rows.map((r) => r.row), ["interval", "interval", "total"]);
  for (const [i, expected] of [CENTER_I1, CENTER_I2, CENTER_TOTAL].entries()) {
    for (const [id, value] of Object.entries(expected)) {
      assert.equal(rows[i][id], value === null ? "" : String(value), `${id} in line ${i + 1}`);
    }
  }
  assert.equal(rows[2].start, FROM);
  assert.equal(rows[2].end, TO);
});

const EVERY_SCOPE: [Record<string, string>, unknown, unknown][] = [
  [{ scope: "queue", id: String(SALES) }, SALES_I1, NONE],
  [{ scope: "queue", id: String(SUPPORT) }, SUPPORT_I1, SUPPORT_I2],
  [{ scope: "team", id: String(TEAM_A) }, TEAM_A_I1, TEAM_A_I2],
  [{ scope: "team", id: String(TEAM_B) }, TEAM_B_I1, TEAM_B_I2],
  [{ scope: "agent", id: String(ANN) }, ANN_I1, ANN_I2],
  [{ scope: "agent", id: String(BOB) }, BOB_I1, BOB_I2],
  [{ scope: "agent", id: String(CAT) }, CAT_I1, CAT_I2],
];

Deno.test("every queue, team and agent gets every hand-worked figure, as JSON and as CSV", async () => {
  const { app, admin } = await fixtureAppliance();
  await using _ = app;
  for (const [scope, i1, i2] of EVERY_SCOPE) {
    const what = JSON.stringify(scope);
    const json = await (await admin.get(`/api/v1/reports/figures?${query(scope)}`)).json();
    assert.deepEqual(json.rows.map((r: { metrics: unknown }) => r.metrics), [i1, i2], what);
    const csv: Record<string, string>[] = parse(
      await (await admin.get(`/api/v1/reports/figures.csv?${query(scope)}`)).text(),
      { columns: true },
    );
    for (const [line, expected] of [i1, i2].entries()) {
      for (const [id, value] of Object.entries(expected as Record<string, number | null>)) {
        assert.equal(csv[line][id], value === null ? "" : String(value), `${what} ${id} ${line}`);
      }
    }
  }
});

Deno.test("bad periods, intervals and scopes get a 400 that says what is wrong", async () => {
  const { app, admin } = await fixtureAppliance();
  await using _ = app;
  const ask = async (extra: Record<string, string>) => {
    const response = await admin.get(`/api/v1/reports/figures?${query(extra)}`);
    return { status: response.status, body: await response.json() };
  };
  const cases: [Record<string, string>, RegExp][] = [
    [{ to: new Date(T0 + 40 * 60_000).toISOString(), interval: "30m" }, /does not divide/],
    [{ to: new Date(T0 + 40 * 86_400_000).toISOString() }, /at most 31 days/],
    [{ interval: "7m" }, /interval/],
    [{ from: "yesterday" }, /from/],
    [{ scope: "queue", id: "9999" }, /There is no queue 9999/],
    [{ scope: "planet", id: "1" }, /scope/],
    [{ scope: "team" }, /id/],
    [{ tz: "Mars/Base" }, /Unknown time zone/],
  ];
  for (const [extra, message] of cases) {
    const { status, body } = await ask(extra);
    assert.equal(status, 400, JSON.stringify(extra));
    assert.match(JSON.stringify(body.error), message, JSON.stringify(extra));
  }
});

Deno.test("agents cannot read reports", async () => {
  await using app = await testAppliance();
  const agent = app.client();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const created = await admin.post("/api/v1/users", {
    username: "report_agent",
    role: "agent",
    password: "pass-word-1",
  });
  assert.equal(created.status, 201);
  await agent.login("report_agent", "pass-word-1");
  assert.equal((await agent.get(`/api/v1/reports/figures?${query({})}`)).status, 403);
});

Deno.test("the what-if calculator answers Erlang C and Erlang A, and names a field out of sense", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  // 100 calls in 30 minutes at 180 s: 10 Erlangs; 80/20 needs 14 agents by Erlang C.
  const response = await admin.post("/api/v1/reports/what-if", {
    calls: 100,
    interval_minutes: 30,
    aht_s: 180,
    threshold_s: 20,
    target_percent: 80,
    shrinkage_percent: 30,
    patience_s: 120,
  });
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.deepEqual(body.erlang_c, {
    agents: 14,
    scheduled: 20, // ⌈14 ÷ 0.7⌉
    service_level: 88.8,
    asa_s: 7.8,
    occupancy: 71.4,
  });
  assert.equal(body.erlang_a.agents, 12);
  assert.ok(body.erlang_a.abandon_rate > 0);
  for (
    const [field, value, message] of [
      ["aht_s", 0, /aht_s must be more than 0/],
      ["target_percent", 120, /target_percent must be less than 100/],
      ["shrinkage_percent", 100, /shrinkage_percent must be less than 100/],
    ] as const
  ) {
    const bad = await admin.post("/api/v1/reports/what-if", {
      calls: 100,
      aht_s: 180,
      target_percent: 80,
      [field]: value,
    });
    assert.equal(bad.status, 400, field);
    assert.match(JSON.stringify(await bad.json()), message);
  }
});

Deno.test("staffing per interval shows Erlang's agents beside the scheduled and logged-in ones", async () => {
  const { app, admin } = await fixtureAppliance();
  await using _ = app;
  const body = await (await admin.get(
    `/api/v1/reports/staffing?${new URLSearchParams({
      from: FROM,
      to: TO,
      interval: "15m",
      tz: "UTC",
    })}`,
  )).json();
  // I1: 5 offered, AHT 147.7 s; 4 agents scheduled 3180 s of 900 → 3.5; logged in 2460 → 2.7.
  // I2: 2 offered, AHT 170.7 s; scheduled 3600 → 4; logged in 1830 → 2.
  assert.deepEqual(
    body.intervals.map((
      i: Record<string, unknown>,
    ) => [i.calls, i.aht_s, i.scheduled, i.logged_in]),
    [[5, 147.7, 3.5, 2.7], [2, 170.7, 4, 2]],
  );
  for (const i of body.intervals) assert.ok(i.needed >= 1);
});

Deno.test("a forecast without history gives zeros and no error figure", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const response = await admin.get("/api/v1/reports/forecast?weeks=2&tz=UTC");
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.equal(body.intervals.length, 7 * 48);
  assert.equal(body.mape, null);
  assert.equal((await admin.get("/api/v1/reports/forecast?weeks=40")).status, 400);
});
