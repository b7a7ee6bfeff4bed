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

/**
 * Every figure below is worked out by hand from the fixture (see _fixture.ts for the
 * story of each call). Notation: I1 = 09:00–09:15, I2 = 09:15–09:30.
 */

function center(db = new Database(":memory:")) {
  db.migrate();
  writeCenter(db);
  const feed = new RollupFeed(db);
  const reports = new ReportService({
    db,
    feed,
    clock: new VirtualClock(T30 + 3600_000),
    fcr: FIXTURE_FCR,
  });
  return { db, feed, reports };
}

function loaded() {
  const c = center();
  writeCallEvents(c.db);
  writeStates(c.db);
  return c;
}

const NONE: Figures = Object.fromEntries(METRICS.map((m) => [m.id, null]));

function report(
  reports: ReportService,
  scope: Scope,
  granularity: Granularity = "15m",
) {
  return reports.report({ from: T0, to: T30, granularity, scope, timeZone: ZONE });
}

// Center, I1. Incoming: c1–c4, c6–c8 offered + c5 blocked = 8. Queues: offered 5 (Sales
// c1–c4, Support c8), answered 3 (c1 10 s within, c2 45 s, c8 210 s), abandoned 2 (c3
// short 10 s, c4 60 s), blocked 2 (c5 trunk, c6 queue full), all 5 waited. Handled 3
// (ann c1 158+40, bob c2 80+15, cat c2 120+30): talk 358, ACW 85, hold 30 (c1).
// Ready 462 (ann) + 625 (bob) + 510 (cat) = 1597; logged in 900 + 900 + 660 = 2460.
const CENTER_I1: Figures = {
  service_level: 25.0, // 1 ÷ (5 − 1)
  answer_rate: 60.0, // 3 ÷ 5
  abandon_rate: 25.0, // (2 − 1) ÷ (5 − 1)
  short_abandon_rate: 20.0, // 1 ÷ 5
  connection_rate_inbound: 50.0, // (1 self-service c7 + 3) ÷ 8
  connection_rate_outbound: null,
  blocked_rate: 25.0, // 2 ÷ 8
  queue_rate: 62.5, // 5 ÷ 8
  asa_s: 88.3, // (10 + 45 + 210) ÷ 3
  avg_time_to_abandon_s: 60.0, // 60 ÷ 1
  longest_wait_s: 210.0,
  avg_ring_count: 0.4, // (2 + 1) rings ÷ 7 calls answered by the appliance
  aht_s: 147.7, // (358 + 85) ÷ 3
  avg_talk_s: 119.3, // 358 ÷ 3
  avg_hold_s: 10.0, // 30 ÷ 3
  avg_acw_s: 28.3, // 85 ÷ 3
  occupancy: 22.9, // (358 + 30 + 85) ÷ (473 + 1597)
  utilisation: 18.0, // 443 ÷ 2460
  calls_per_hour: 4.39, // 3 ÷ (2460 ÷ 3600)
  adherence: 64.2, // (660 + 720 + 660 + 0) ÷ (660 + 720 + 900 + 900)
  attendance: 75.0, // ann, bob, cat of ann, bob, cat, dan
  transfer_rate: 33.3, // 1 blind (bob, c2) ÷ 3
  transfer_rate_blind: 33.3,
  transfer_rate_consulted: 0.0,
  fcr: 50.0, // c2 of c1 (repeat on billing 3 days later), c2
  csat_average: 4, // (5 + 4 + 3) ÷ 3
  csat_satisfied: 66.7, // 2 ÷ 3
  csat_response_rate: 66.7, // surveyed calls c1, c2 ÷ 3 answered
  qa_pass_rate: 50.0, // ann 85 passes, bob 70 fails (mark 80)
  cost_per_call: 12.5, // 400 per hour → 100 ÷ 8
  agent_turnover: 22.2, // eve leaves ÷ ((5 + 4) ÷ 2)
};

// Center, I2. Incoming c9, c10 = 2. Support: offered 2, answered 1 (c9 20 s within 30),
// abandoned 1 (c10 90 s). Handled 3 (ann c8 60+10, cat c8 120+30, bob c9 262+30): talk
// 442, ACW 70, hold 60 (c9). ann consults cat on c8 (completed 09:16:30). Outbound c11
// connected, c12 not. Ready 530 + 38 + 750 = 1318; logged in 600 + 330 + 900 = 1830.
const CENTER_I2: Figures = {
  service_level: 50.0,
  answer_rate: 50.0,
  abandon_rate: 50.0,
  short_abandon_rate: 0.0,
  connection_rate_inbound: 50.0, // (0 + 1) ÷ 2
  connection_rate_outbound: 50.0,
  blocked_rate: 0.0,
  queue_rate: 100.0,
  asa_s: 20.0,
  avg_time_to_abandon_s: 90.0,
  longest_wait_s: 90.0,
  avg_ring_count: 1.5, // (3 + 0) ÷ 2
  aht_s: 170.7, // 512 ÷ 3
  avg_talk_s: 147.3,
  avg_hold_s: 20.0,
  avg_acw_s: 23.3,
  occupancy: 30.3, // 572 ÷ (572 + 1318)
  utilisation: 28.0, // 512 ÷ 1830
  calls_per_hour: 5.9, // 3 ÷ (1830 ÷ 3600)
  adherence: 50.8, // (600 + 330 + 900 + 0) ÷ 3600
  attendance: 75.0,
  transfer_rate: 100.0, // ann's consultation ÷ 1 answered in I2
  transfer_rate_blind: 0.0,
  transfer_rate_consulted: 100.0,
  fcr: 50.0, // c9 of c8 (not resolved), c9
  csat_average: 4,
  csat_satisfied: 100.0,
  csat_response_rate: 100.0,
  qa_pass_rate: 100.0, // 90 and 80 (at the mark) both pass
  cost_per_call: 50, // 100 ÷ 2
  agent_turnover: 0.0,
};

// Center, whole half hour: the sums of I1 and I2.
const CENTER_TOTAL: Figures = {
  service_level: 33.3, // 2 ÷ (7 − 1)
  answer_rate: 57.1, // 4 ÷ 7
  abandon_rate: 33.3, // (3 − 1) ÷ 6
  short_abandon_rate: 14.3, // 1 ÷ 7
  connection_rate_inbound: 50.0, // (1 + 4) ÷ 10
  connection_rate_outbound: 50.0,
  blocked_rate: 20.0, // 2 ÷ 10
  queue_rate: 70.0, // 7 ÷ 10
  asa_s: 71.3, // 285 ÷ 4 = 71.25
  avg_time_to_abandon_s: 75.0, // (60 + 90) ÷ 2
  longest_wait_s: 210.0,
  avg_ring_count: 0.7, // 6 ÷ 9
  aht_s: 159.2, // 955 ÷ 6
  avg_talk_s: 133.3, // 800 ÷ 6
  avg_hold_s: 15.0, // 90 ÷ 6
  avg_acw_s: 25.8, // 155 ÷ 6
  occupancy: 26.4, // 1045 ÷ (1045 + 2915)
  utilisation: 22.3, // 955 ÷ 4290
  calls_per_hour: 5.03, // 6 ÷ (4290 ÷ 3600)
  adherence: 57.1, // 3870 ÷ 6780
  attendance: 75.0,
  transfer_rate: 50.0, // 2 ÷ 4
  transfer_rate_blind: 25.0,
  transfer_rate_consulted: 25.0,
  fcr: 50.0,
  csat_average: 4, // (5 + 4 + 3 + 4) ÷ 4
  csat_satisfied: 75.0,
  csat_response_rate: 75.0, // c1, c2, c9 ÷ 4
  qa_pass_rate: 75.0,
  cost_per_call: 20, // 200 ÷ 10
  agent_turnover: 22.2,
};

// Sales, I1 (everything of Sales happens in I1): offered 4, answered 2 (c1 within, c2
// not), abandoned 2 (c3 short), blocked 1 (c6); incoming to the queue 4 + 1 = 5.
const SALES_I1: Figures = {
  ...NONE,
  service_level: 33.3, // 1 ÷ 3
  answer_rate: 50.0,
  abandon_rate: 33.3, // 1 ÷ 3
  short_abandon_rate: 25.0,
  connection_rate_inbound: 40.0, // 2 ÷ 5
  blocked_rate: 20.0, // 1 ÷ 5
  queue_rate: 80.0, // 4 ÷ 5
  asa_s: 27.5, // (10 + 45) ÷ 2
  avg_time_to_abandon_s: 60.0,
  longest_wait_s: 60.0,
  aht_s: 147.7, // the same three handled calls as the center's I1
  avg_talk_s: 119.3,
  avg_hold_s: 10.0,
  avg_acw_s: 28.3,
  transfer_rate: 50.0, // 1 ÷ 2
  transfer_rate_blind: 50.0,
  transfer_rate_consulted: 0.0,
  fcr: 50.0,
  csat_average: 4,
  csat_satisfied: 66.7,
  csat_response_rate: 100.0, // c1, c2 ÷ 2
  qa_pass_rate: 50.0,
};

// Support, I1: only c8 entered (answered in I2 after 210 s, counted where it entered).
const SUPPORT_I1: Figures = {
  ...NONE,
  service_level: 0.0, // 210 s > T = 30 s
  answer_rate: 100.0,
  abandon_rate: 0.0,
  short_abandon_rate: 0.0,
  connection_rate_inbound: 100.0,
  blocked_rate: 0.0,
  queue_rate: 100.0,
  asa_s: 210.0,
  longest_wait_s: 210.0,
  transfer_rate: 0.0,
  transfer_rate_blind: 0.0,
  transfer_rate_consulted: 0.0,
  csat_response_rate: 0.0,
};

const SUPPORT_I2: Figures = {
  ...NONE,
  service_level: 50.0,
  answer_rate: 50.0,
  abandon_rate: 50.0,
  short_abandon_rate: 0.0,
  connection_rate_inbound: 50.0,
  blocked_rate: 0.0,
  queue_rate: 100.0,
  asa_s: 20.0,
  avg_time_to_abandon_s: 90.0,
  longest_wait_s: 90.0,
  aht_s: 170.7,
  avg_talk_s: 147.3,
  avg_hold_s: 20.0,
  avg_acw_s: 23.3,
  transfer_rate: 100.0,
  transfer_rate_blind: 0.0,
  transfer_rate_consulted: 100.0,
  fcr: 50.0,
  csat_average: 4,
  csat_satisfied: 100.0,
  csat_response_rate: 100.0,
  qa_pass_rate: 100.0,
};

// ann, I1: answered c1 (10 s) and c8 (210 s, entered in I1); handled c1 (158 + 40, hold
// 30). Ready 462, logged in 900. Scheduled 660 working (break 09:10–09:14), worked 660.
const ANN_I1: Figures = {
  ...NONE,
  asa_s: 110.0,
  longest_wait_s: 210.0,
  aht_s: 198.0,
  avg_talk_s: 158.0,
  avg_hold_s: 30.0,
  avg_acw_s: 40.0,
  occupancy: 33.0, // 228 ÷ (228 + 462)
  utilisation: 22.0, // 198 ÷ 900
  calls_per_hour: 4,
  adherence: 100.0,
  attendance: 100.0,
  transfer_rate: 0.0,
  transfer_rate_blind: 0.0,
  transfer_rate_consulted: 0.0,
  fcr: 0.0, // c1 has a repeat
  csat_average: 4.5,
  csat_satisfied: 100.0,
  csat_response_rate: 50.0, // c1 ÷ 2 answered
  qa_pass_rate: 100.0,
};

// ann, I2: handled c8 (60 + 10); ready 530, logged in 600; worked 600 of 900 scheduled.
const ANN_I2: Figures = {
  ...NONE,
  aht_s: 70.0,
  avg_talk_s: 60.0,
  avg_hold_s: 0.0,
  avg_acw_s: 10.0,
  occupancy: 11.7, // 70 ÷ 600
  utilisation: 11.7,
  calls_per_hour: 6,
  adherence: 66.7,
  attendance: 100.0,
  fcr: 0.0,
  qa_pass_rate: 100.0,
};

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

// bob: answered c2 (45 s) and c9 (20 s); handled c2 (80 + 15) and c9 (262 + 30, hold 60);
// ready 625 + 38, logged in 900 + 330; worked 720 + 330 of 720 + 900 scheduled.
const BOB_TOTAL: Figures = {
  asa_s: 32.5,
  aht_s: 193.5,
  avg_talk_s: 171.0,
  avg_hold_s: 30.0,
  avg_acw_s: 22.5,
  occupancy: 40.3, // 447 ÷ (447 + 663)
  utilisation: 31.5, // 387 ÷ 1230
  calls_per_hour: 5.85,
  adherence: 64.8, // 1050 ÷ 1620
  transfer_rate: 50.0,
  transfer_rate_blind: 50.0,
  transfer_rate_consulted: 0.0,
  qa_pass_rate: 50.0,
  fcr: 100.0,
  csat_average: 4,
  service_level: null,
};

// cat answered nothing from a queue; took c2 and c8 by transfer (120 + 30 each).
const CAT_TOTAL: Figures = {
  asa_s: null,
  aht_s: 150.0,
  avg_talk_s: 120.0,
  avg_hold_s: 0.0,
  avg_acw_s: 30.0,
  occupancy: 19.2, // 300 ÷ (300 + 1260)
  utilisation: 19.2, // 300 ÷ 1560
  calls_per_hour: 4.62,
  adherence: 86.7, // 1560 ÷ 1800
  transfer_rate: null,
  qa_pass_rate: null,
  fcr: null,
  csat_average: 3,
  csat_satisfied: 0.0,
  csat_response_rate: null,
};

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
    avg_hold_s: 30.0,
    avg_acw_s: 30.0,
    occupancy: 38.9, // 502 ÷ (502 + 788)
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
