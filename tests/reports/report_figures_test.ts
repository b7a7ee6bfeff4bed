import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import { Database } from "../../src/db/mod.ts";
import {
  type Figures,
  type Granularity,
  METRICS,
  ReportService,
  RollupFeed,
  type Scope,
} from "../../src/reports/mod.ts";
import {
  ANN,
  BOB,
  CALL_EVENTS,
  CAT,
  FIXTURE_CASE_SLA,
  FIXTURE_FCR,
  SALES,
  STATES,
  SUPPORT,
  T0,
  T15,
  T30,
  TEAM_A,
  TEAM_B,
  writeCallEvents,
  writeCenter,
  writeStates,
  ZONE,
} from "./_fixture.ts";
import {
  ANN_I1,
  ANN_I2,
  BOB_I1,
  BOB_I2,
  BOB_TOTAL,
  CAT_I1,
  CAT_I2,
  CAT_TOTAL,
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
} from "./_expected.ts";

/** The figures are worked out by hand in _expected.ts from the story in _fixture.ts. */

function center(db = new Database(":memory:")) {
  db.migrate();
  writeCenter(db);
  const feed = new RollupFeed(db);
  const reports = new ReportService({
    db,
    feed,
    clock: new VirtualClock(T30 + 3600_000),
    fcr: FIXTURE_FCR,
    caseSla: FIXTURE_CASE_SLA,
  });
  return { db, feed, reports };
}

function loaded() {
  const c = center();
  writeCallEvents(c.db);
  writeStates(c.db);
  return c;
}

function report(
  reports: ReportService,
  scope: Scope,
  granularity: Granularity = "15m",
) {
  return reports.report({ from: T0, to: T30, granularity, scope, timeZone: ZONE });
}

Deno.test("the center's figures match the hand-worked fixture in each interval and in total", () => {
  const { reports } = loaded();
  const r = report(reports, { kind: "center" });
  assert.deepEqual(r.rows.map((row) => [row.start, row.end]), [[T0, T15], [T15, T30]]);
  assert.deepEqual(r.rows[0].metrics, CENTER_I1);
  assert.deepEqual(r.rows[1].metrics, CENTER_I2);
  assert.deepEqual(r.total.metrics, CENTER_TOTAL);
  assert.deepEqual(Object.keys(CENTER_TOTAL).sort(), METRICS.map((m) => m.id).sort());
});

Deno.test("a 30-minute interval sums its two quarter hours exactly", () => {
  const { reports } = loaded();
  const r = report(reports, { kind: "center" }, "30m");
  assert.equal(r.rows.length, 1);
  assert.deepEqual(r.rows[0].metrics, CENTER_TOTAL);
});

Deno.test("queue figures count each queue's calls in the interval they entered it", () => {
  const { reports } = loaded();
  const sales = report(reports, { kind: "queue", id: SALES });
  assert.deepEqual(sales.rows[0].metrics, SALES_I1);
  assert.deepEqual(sales.rows[1].metrics, NONE);
  const support = report(reports, { kind: "queue", id: SUPPORT });
  assert.deepEqual(support.rows[0].metrics, SUPPORT_I1);
  assert.deepEqual(support.rows[1].metrics, SUPPORT_I2);
});

Deno.test("agent figures follow each agent's calls, states and schedule", () => {
  const { reports } = loaded();
  const ann = report(reports, { kind: "agent", id: ANN });
  assert.deepEqual(ann.rows[0].metrics, ANN_I1);
  assert.deepEqual(ann.rows[1].metrics, ANN_I2);
  const bob = report(reports, { kind: "agent", id: BOB }).total.metrics;
  assert.deepEqual(pick(bob, BOB_TOTAL), BOB_TOTAL);
  const cat = report(reports, { kind: "agent", id: CAT }).total.metrics;
  assert.deepEqual(pick(cat, CAT_TOTAL), CAT_TOTAL);
});

function pick(all: Figures, like: Figures): Figures {
  return Object.fromEntries(Object.keys(like).map((k) => [k, all[k]]));
}

Deno.test("team figures count each agent for the team of that moment", () => {
  const { reports } = loaded();
  // Team A in I1: ann and bob (bob moves to B at 09:15).
  const a = report(reports, { kind: "team", id: TEAM_A });
  const A_I1: Figures = {
    asa_s: 88.3, // (10 + 210 + 45) ÷ 3
    aht_s: 146.5, // (238 + 55) ÷ 2
    avg_talk_s: 119.0,
    avg_hold_s: 15.0,
    avg_acw_s: 27.5,
    occupancy: 22.9, // 323 ÷ (323 + 1087)
    utilisation: 16.3, // 293 ÷ 1800
    calls_per_hour: 4,
    adherence: 100.0,
    attendance: 100.0,
    transfer_rate: 33.3,
    transfer_rate_blind: 33.3,
    qa_pass_rate: 50.0,
    csat_average: 4.5,
    fcr: 50.0,
    agent_turnover: 40.0, // eve leaves ÷ ((3 + 2) ÷ 2)
    service_level: null,
    blocked_rate: null,
  };
  assert.deepEqual(pick(a.rows[0].metrics, A_I1), A_I1);
  // Team B in I2: bob and cat (and dan, scheduled, absent).
  const b = report(reports, { kind: "team", id: TEAM_B });
  const B_I2: Figures = {
    asa_s: 20.0,
    aht_s: 221.0, // (382 + 60) ÷ 2
    avg_talk_s: 191.0,
    avg_hold_s: 40.0, // (60 + 20 consulting) ÷ 2
    avg_acw_s: 30.0,
    occupancy: 39.8, // 522 ÷ (522 + 788)
    utilisation: 35.9, // 442 ÷ 1230
    calls_per_hour: 5.85,
    adherence: 45.6, // 1230 ÷ 2700
    attendance: 66.7, // bob, cat of bob, cat, dan
    transfer_rate: 0.0,
    qa_pass_rate: 100.0,
    csat_average: 4,
    fcr: 100.0,
    agent_turnover: 0.0,
  };
  assert.deepEqual(pick(b.rows[1].metrics, B_I2), B_I2);
});

Deno.test("time per agent state and not-ready reason comes from the state log", () => {
  const { reports } = loaded();
  const t = reports.stateTime({
    from: T0,
    to: T30,
    granularity: "15m",
    scope: { kind: "agent", id: ANN },
    timeZone: ZONE,
  });
  assert.deepEqual(t.byReason, { break: 240_000 });
  assert.deepEqual(t.byState, {
    ready: 992_000,
    on_call: 218_000,
    wrap_up: 50_000,
    not_ready: 240_000,
  });
});

Deno.test("the rollups fed piece by piece, across restarts, equal a rebuild from the log", () => {
  const { db, feed, reports } = center();
  const events = CALL_EVENTS.length;
  const states = STATES.length;
  const cuts = [0, 7, 19, 20, 33, 44, 58, events];
  const stateCuts = [0, 3, 9, 10, 15, 20, 24, states];
  let current = feed;
  for (let i = 1; i < cuts.length; i++) {
    writeCallEvents(db, cuts[i - 1], cuts[i]);
    writeStates(db, stateCuts[i - 1], stateCuts[i]);
    current.catchUp();
    // A new process: no call or agent in memory, the cursor from the table.
    current = new RollupFeed(db);
  }
  const dump = () => ({
    intervals: db.all(
      "SELECT * FROM report_intervals ORDER BY start_ms, queue_id, agent_id, team_id",
    ),
    states: db.all(
      "SELECT * FROM report_agent_states ORDER BY start_ms, agent_id, team_id, state, reason",
    ),
  });
  const incremental = dump();
  assert.deepEqual(report(reports, { kind: "center" }).total.metrics, CENTER_TOTAL);
  new RollupFeed(db).rebuild();
  assert.deepEqual(dump(), incremental);
  assert.ok(incremental.intervals.length > 10);
});

Deno.test("periods that cannot be reported on are refused with the reason", () => {
  const { reports } = loaded();
  const ask =
    (from: number, to: number, granularity: Granularity, scope: Scope = { kind: "center" }) => () =>
      reports.report({ from, to, granularity, scope, timeZone: ZONE });
  assert.throws(ask(T0, T0, "15m"), /must end after it starts/);
  assert.throws(ask(T0, T0 + 40 * 60_000, "30m"), /does not divide the period/);
  assert.throws(ask(T0 + 60_000, T30, "15m"), /must start on a 15m boundary/);
  assert.throws(ask(T0, T0 + 40 * 86_400_000, "15m"), /at most 31 days/);
  assert.throws(ask(T0, T30, "15m", { kind: "queue", id: 9999 }), /There is no queue 9999/);
  assert.throws(
    () =>
      reports.report({
        from: T0,
        to: T30,
        granularity: "15m",
        scope: { kind: "center" },
        timeZone: "Mars/Base",
      }),
    /Unknown time zone/,
  );
});

Deno.test("a period with no calls shows no figure rather than a division by zero", () => {
  const { reports } = center();
  const r = report(reports, { kind: "center" });
  for (const row of [...r.rows, r.total]) {
    for (const [id, value] of Object.entries(row.metrics)) {
      assert.ok(value === null || Number.isFinite(value), `${id} is ${value}`);
    }
    assert.equal(row.metrics.service_level, null);
    assert.equal(row.metrics.aht_s, null);
  }
});

Deno.test("a team move made on the user counts from the moment the rollups notice it", () => {
  const db = new Database(":memory:");
  db.migrate();
  writeCenter(db);
  const clock = new VirtualClock(T15);
  const feed = new RollupFeed(db, clock);
  feed.catchUp();
  // ann moves from A to B at 09:15; her earlier work stays with A.
  db.run("UPDATE users SET team_id = ? WHERE id = ?", TEAM_B, ANN);
  feed.catchUp();
  writeCallEvents(db);
  writeStates(db);
  feed.catchUp();
  const teamOf = (start: number) =>
    db.all<{ team_id: number }>(
      "SELECT DISTINCT team_id FROM report_agent_states WHERE agent_id = ? AND start_ms = ?",
      ANN,
      start,
    ).map((r) => r.team_id);
  assert.deepEqual(teamOf(T0), [TEAM_A]);
  assert.deepEqual(teamOf(T15), [TEAM_B]);
});

Deno.test("comparing with the previous period gives that period's total beside the figures", () => {
  const { reports } = loaded();
  const r = reports.report({
    from: T15,
    to: T30,
    granularity: "15m",
    scope: { kind: "center" },
    timeZone: ZONE,
    comparePrevious: true,
  });
  assert.deepEqual(r.total.metrics, CENTER_I2);
  assert.deepEqual([r.previous?.start, r.previous?.end], [T0, T15]);
  assert.deepEqual(r.previous?.metrics, CENTER_I1);
});

Deno.test("every figure of every team and agent matches in each interval", () => {
  const { reports } = loaded();
  const cases: [Scope, Figures, Figures][] = [
    [{ kind: "team", id: TEAM_A }, TEAM_A_I1, TEAM_A_I2],
    [{ kind: "team", id: TEAM_B }, TEAM_B_I1, TEAM_B_I2],
    [{ kind: "agent", id: BOB }, BOB_I1, BOB_I2],
    [{ kind: "agent", id: CAT }, CAT_I1, CAT_I2],
  ];
  for (const [scope, i1, i2] of cases) {
    const r = report(reports, scope);
    assert.deepEqual(r.rows[0].metrics, i1, `${scope.kind} ${JSON.stringify(scope)} I1`);
    assert.deepEqual(r.rows[1].metrics, i2, `${scope.kind} ${JSON.stringify(scope)} I2`);
  }
});
