import { type Database, isoTime } from "../../src/db/mod.ts";
import type { FcrContact } from "../../src/crm/mod.ts";
import type { CaseSlaSource, FcrSource } from "../../src/reports/mod.ts";

/**
 * A fixed half hour of a small center (Monday 2 March 2026, 09:00–09:30 UTC, two
 * 15-minute intervals) whose every figure is worked out by hand in report_figures_test.ts.
 *
 * Teams A (601) and B (602). Agents ann (611, A), bob (612, A until 09:15, then B), cat
 * (613, B), dan (614, B, scheduled, never logs in), eve (615, A, leaves at 09:10).
 * Queues Sales (621, T = 20 s) and Support (622, T = 30 s).
 *
 * Interval 1 (09:00–09:15):
 * - c1: rings 12 s (2 rings), Sales, answered by ann after 10 s (within T); held 30 s;
 *   talk 158 s, ACW 40 s.
 * - c2: no ring, Sales, answered by bob after 45 s (after T); bob transfers blind to cat;
 *   bob talk 80 s ACW 15 s; cat talk 120 s ACW 30 s.
 * - c3: rings 6 s (1 ring), Sales, caller leaves after 10 s (short abandon).
 * - c4: Sales, caller leaves after 60 s (long abandon).
 * - c5: refused for lack of trunk capacity (blocked before the IVR).
 * - c6: Sales is full (blocked before the queue).
 * - c7: finished in IVR self-service.
 * - c8: enters Support at 09:12, answered by ann at 09:15:30 after 210 s (counted in
 *   interval 1, where it entered); ann conferences cat in (the caller holds 10 s while
 *   cat's phone rings), then leaves cat the call at 09:16:30: a consulted transfer.
 * Interval 2 (09:15–09:30):
 * - c9: rings 18 s (3 rings), Support, answered by bob after 20 s (within T); a
 *   consultation bob cancels (the caller holds 20 s for it); held 60 s more; talk 262 s,
 *   ACW 30 s.
 * - c10: Support, caller leaves after 90 s (long abandon).
 * - c13: the IVR finds the center closed and only says goodbye: blocked (closed with no
 *   alternative).
 * - c11, c12: outbound calls, one connected.
 */
export const FIXTURE_DAY = "2026-03-02";
export const ZONE = "UTC";
export const T0 = Date.parse(`${FIXTURE_DAY}T09:00:00Z`);
export const T15 = T0 + 15 * 60_000;
export const T30 = T0 + 30 * 60_000;

export const TEAM_A = 601;
export const TEAM_B = 602;
export const ANN = 611;
export const BOB = 612;
export const CAT = 613;
export const DAN = 614;
export const EVE = 615;
export const SALES = 621;
export const SUPPORT = 622;

/** Milliseconds of a wall time on the fixture day ("09:00:12"). */
export function at(time: string): number {
  return Date.parse(`${FIXTURE_DAY}T${time}Z`);
}

type Ev = [
  call: string,
  time: string,
  type: string,
  refs?: { q?: number; a?: number },
  data?: object,
];

/** The call log, in the order it was written. */
export const CALL_EVENTS: Ev[] = [
  ["c1", "09:00:00", "call.offered"],
  ["c1", "09:00:12", "call.answered", {}, { by: "ivr" }],
  ["c1", "09:00:12", "queue.entered", { q: SALES }],
  ["c1", "09:00:22", "queue.answered", { q: SALES, a: ANN }, {
    wait_ms: 10_000,
    outcome: "answered",
  }],
  ["c1", "09:01:00", "call.held"],
  ["c1", "09:01:30", "call.resumed"],
  ["c2", "09:02:00", "call.offered"],
  ["c2", "09:02:00", "call.answered"],
  ["c2", "09:02:00", "queue.entered", { q: SALES }],
  ["c2", "09:02:45", "queue.answered", { q: SALES, a: BOB }, { wait_ms: 45_000 }],
  ["c1", "09:03:00", "call.ended"],
  ["c1", "09:03:40", "agent.work_done", { a: ANN }, {
    talk_ms: 158_000,
    acw_ms: 40_000,
    handle_ms: 198_000,
  }],
  ["c2", "09:04:00", "transfer.handover", { q: SALES, a: BOB }, { mode: "blind" }],
  ["c2", "09:04:05", "transfer.completed", { q: SALES, a: CAT }, { talk_ms: 80_000 }],
  ["c2", "09:04:20", "agent.work_done", { a: BOB }, { talk_ms: 80_000, acw_ms: 15_000 }],
  ["c3", "09:05:00", "call.offered"],
  ["c3", "09:05:06", "call.answered"],
  ["c3", "09:05:06", "queue.entered", { q: SALES }],
  ["c3", "09:05:16", "queue.abandoned", { q: SALES }, { wait_ms: 10_000, short: true }],
  ["c3", "09:05:16", "call.ended"],
  ["c4", "09:06:00", "call.offered"],
  ["c4", "09:06:00", "call.answered"],
  ["c4", "09:06:00", "queue.entered", { q: SALES }],
  ["c2", "09:06:05", "call.ended"],
  ["c2", "09:06:35", "agent.work_done", { a: CAT }, { talk_ms: 120_000, acw_ms: 30_000 }],
  ["c4", "09:07:00", "queue.abandoned", { q: SALES }, { wait_ms: 60_000, short: false }],
  ["c4", "09:07:00", "call.ended"],
  ["c5", "09:08:00", "call.blocked", {}, { reason: "trunk_capacity" }],
  ["c6", "09:09:00", "call.offered"],
  ["c6", "09:09:00", "call.answered"],
  ["c6", "09:09:05", "queue.blocked", { q: SALES }, { reason: "queue_full" }],
  ["c6", "09:09:05", "call.ended"],
  ["c7", "09:10:00", "call.offered"],
  ["c7", "09:10:00", "call.answered"],
  ["c7", "09:10:30", "ivr.self_service", {}, { query: "case_status", found: true }],
  ["c7", "09:11:00", "call.ended"],
  ["c8", "09:12:00", "call.offered"],
  ["c8", "09:12:00", "call.answered"],
  ["c8", "09:12:00", "queue.entered", { q: SUPPORT }],
  ["c9", "09:15:00", "call.offered"],
  ["c9", "09:15:18", "call.answered"],
  ["c9", "09:15:18", "queue.entered", { q: SUPPORT }],
  ["c8", "09:15:30", "queue.answered", { q: SUPPORT, a: ANN }, { wait_ms: 210_000 }],
  ["c9", "09:15:38", "queue.answered", { q: SUPPORT, a: BOB }, { wait_ms: 20_000 }],
  ["c8", "09:16:00", "transfer.handover", { q: SUPPORT, a: ANN }, { mode: "conference" }],
  ["c8", "09:16:00", "call.held", { q: SUPPORT, a: ANN }, { reason: "consult" }],
  ["c8", "09:16:10", "call.resumed", { q: SUPPORT, a: ANN }, { reason: "consult" }],
  ["c8", "09:16:10", "call.conference"],
  ["c8", "09:16:30", "transfer.completed", { q: SUPPORT, a: CAT }],
  ["c8", "09:16:40", "agent.work_done", { a: ANN }, { talk_ms: 60_000, acw_ms: 10_000 }],
  ["c9", "09:17:00", "transfer.handover", { q: SUPPORT, a: BOB }, { mode: "consult" }],
  ["c9", "09:17:00", "call.held", { q: SUPPORT, a: BOB }, { reason: "consult" }],
  ["c9", "09:17:20", "transfer.cancelled", { q: SUPPORT, a: BOB }],
  ["c9", "09:17:20", "call.resumed", { q: SUPPORT, a: BOB }, { reason: "consult" }],
  ["c9", "09:18:00", "call.held"],
  ["c8", "09:18:30", "call.ended"],
  ["c9", "09:19:00", "call.resumed"],
  ["c8", "09:19:00", "agent.work_done", { a: CAT }, { talk_ms: 120_000, acw_ms: 30_000 }],
  ["c10", "09:20:00", "call.offered"],
  ["c10", "09:20:00", "call.answered"],
  ["c10", "09:20:00", "queue.entered", { q: SUPPORT }],
  ["c9", "09:20:00", "call.ended"],
  ["c9", "09:20:30", "agent.work_done", { a: BOB }, { talk_ms: 262_000, acw_ms: 30_000 }],
  ["c10", "09:21:30", "queue.abandoned", { q: SUPPORT }, { wait_ms: 90_000, short: false }],
  ["c10", "09:21:30", "call.ended"],
  ["c13", "09:22:00", "call.offered"],
  ["c13", "09:22:00", "call.answered", {}, { by: "ivr" }],
  ["c13", "09:22:00", "ivr.hours", {}, { schedule: "office", status: "closed" }],
  ["c13", "09:22:15", "call.blocked", {}, { reason: "closed", node: "hours" }],
  ["c13", "09:22:15", "call.ended"],
  ["c11", "09:25:00", "call.ended"],
  ["c12", "09:23:30", "call.ended"],
];

/** Agent states, in the order they were written: [agent, time, state, reason]. */
export const STATES: [number, string, string, string?][] = [
  [ANN, "09:00:00", "ready"],
  [BOB, "09:00:00", "ready"],
  [ANN, "09:00:22", "on_call"],
  [BOB, "09:02:45", "on_call"],
  [ANN, "09:03:00", "wrap_up"],
  [ANN, "09:03:40", "ready"],
  [CAT, "09:04:00", "ready"],
  [BOB, "09:04:05", "wrap_up"],
  [CAT, "09:04:05", "on_call"],
  [BOB, "09:04:20", "ready"],
  [CAT, "09:06:05", "wrap_up"],
  [CAT, "09:06:35", "ready"],
  [ANN, "09:10:00", "not_ready", "break"],
  [BOB, "09:12:00", "not_ready", "lunch"],
  [ANN, "09:14:00", "ready"],
  [BOB, "09:15:00", "ready"],
  [ANN, "09:15:30", "on_call"],
  [BOB, "09:15:38", "on_call"],
  [ANN, "09:16:30", "wrap_up"],
  [CAT, "09:16:30", "on_call"],
  [ANN, "09:16:40", "ready"],
  [CAT, "09:18:30", "wrap_up"],
  [CAT, "09:19:00", "ready"],
  [BOB, "09:20:00", "wrap_up"],
  [BOB, "09:20:30", "logged_out"],
  [ANN, "09:25:00", "logged_out"],
  [CAT, "09:30:00", "logged_out"],
];

/** Writes the center's teams, agents, queues and everything but the two logs. */
export function writeCenter(db: Database): void {
  const now = isoTime(T0);
  db.run(
    "INSERT INTO teams (id, name, created_at) VALUES (?, 'A', ?), (?, 'B', ?)",
    TEAM_A,
    now,
    TEAM_B,
    now,
  );
  for (
    const [id, name, team] of [[ANN, "ann", TEAM_A], [BOB, "bob", TEAM_B], [CAT, "cat", TEAM_B], [
      DAN,
      "dan",
      TEAM_B,
    ], [EVE, "eve", TEAM_A]] as const
  ) {
    db.run(
      `INSERT INTO users (id, username, display_name, role, password_hash, team_id, created_at, updated_at)
       VALUES (?, ?, ?, 'agent', 'x', ?, ?, ?)`,
      id,
      `fixture_${name}`,
      name,
      team,
      now,
      now,
    );
  }
  // bob was in team A until 09:15.
  db.run(
    "INSERT INTO team_memberships (user_id, team_id, since) VALUES (?, ?, ?)",
    BOB,
    TEAM_A,
    "2026-01-01T00:00:00.000Z",
  );
  db.run(
    "INSERT INTO team_memberships (user_id, team_id, since) VALUES (?, ?, ?)",
    BOB,
    TEAM_B,
    isoTime(T15),
  );
  db.run(
    `INSERT INTO queues (id, name, service_level_s, short_abandon_s, created_at, updated_at)
     VALUES (?, 'Fixture sales', 20, 20, ?, ?), (?, 'Fixture support', 30, 20, ?, ?)`,
    SALES,
    now,
    now,
    SUPPORT,
    now,
    now,
  );
  // The calls' rows as the journal keeps them: surveys and QA find a call's queue there.
  for (
    const [id, queue, started] of [
      ["c1", SALES, "09:00:00"],
      ["c2", SALES, "09:02:00"],
      ["c3", SALES, "09:05:00"],
      ["c4", SALES, "09:06:00"],
      ["c5", null, "09:08:00"],
      ["c6", null, "09:09:00"],
      ["c7", null, "09:10:00"],
      ["c8", SUPPORT, "09:12:00"],
      ["c9", SUPPORT, "09:15:00"],
      ["c10", SUPPORT, "09:20:00"],
    ] as const
  ) {
    db.run(
      "INSERT INTO calls (id, direction, state, queue_id, started_at) VALUES (?, 'inbound', 'ended', ?, ?)",
      id,
      queue,
      isoTime(at(started)),
    );
  }
  for (
    const [id, started, answered] of [["c11", "09:22:00", "09:22:10"], ["c12", "09:23:00", null]]
  ) {
    db.run(
      "INSERT INTO calls (id, direction, state, started_at, answered_at) VALUES (?, 'outbound', 'ended', ?, ?)",
      id,
      isoTime(at(started!)),
      answered ? isoTime(at(answered)) : null,
    );
  }
  // Surveys: c1 answers two questions (one surveyed call), c2 and c9 one each.
  for (
    const [call, agent, score, time] of [
      ["c1", ANN, 5, "09:04:00"],
      ["c1", ANN, 4, "09:04:10"],
      ["c2", CAT, 3, "09:07:00"],
      ["c9", BOB, 4, "09:21:00"],
    ] as const
  ) {
    db.run(
      "INSERT INTO surveys (call_id, agent_id, question, score, created_at) VALUES (?, ?, 'q', ?, ?)",
      call,
      agent,
      score,
      isoTime(at(time)),
    );
  }
  // QA: pass marks of 80; bob's 70 fails, ann's 80 passes at the mark.
  // QA evaluations on a form whose pass mark is 80 (one exactly at the mark).
  const qaForm = db.run(
    "INSERT INTO qa_forms (name, pass_mark, definition, created_at, updated_at) VALUES ('Calls', 80, '{}', ?, ?)",
    isoTime(at("08:00:00")),
    isoTime(at("08:00:00")),
  ).lastInsertRowid;
  for (
    const [call, agent, score, time] of [
      ["c1", ANN, 85, "09:05:00"],
      ["c2", BOB, 70, "09:06:00"],
      ["c9", BOB, 90, "09:22:00"],
      ["c8", ANN, 80, "09:23:00"],
    ] as const
  ) {
    db.run(
      `INSERT INTO qa_evaluations (form_id, form_snapshot, call_id, agent_id, answers, score,
         critical_failed, passed, created_at)
       VALUES (?, '{}', ?, ?, '[]', ?, 0, ?, ?)`,
      qaForm,
      call,
      agent,
      score,
      score >= 80 ? 1 : 0,
      isoTime(at(time)),
    );
  }
  // Schedules: everyone 09:00–09:30; ann breaks 09:10–09:14, bob 09:12–09:15.
  for (const user of [ANN, BOB, CAT, DAN]) {
    db.run(
      "INSERT INTO schedule_blocks (user_id, kind, starts_at, ends_at) VALUES (?, 'shift', ?, ?)",
      user,
      isoTime(T0),
      isoTime(T30),
    );
  }
  for (
    const [user, from, to] of [[ANN, "09:10:00", "09:14:00"], [
      BOB,
      "09:12:00",
      "09:15:00",
    ]] as const
  ) {
    db.run(
      "INSERT INTO schedule_blocks (user_id, kind, starts_at, ends_at) VALUES (?, 'break', ?, ?)",
      user,
      isoTime(at(from)),
      isoTime(at(to)),
    );
  }
  // 400 for the hour 09:00–10:00: 100 per quarter hour.
  db.run(
    "INSERT INTO report_costs (starts_at, ends_at, amount) VALUES (?, ?, 400)",
    isoTime(T0),
    isoTime(T0 + 3600_000),
  );
  for (
    const [user, started, left] of [
      [ANN, "2025-01-01T00:00:00Z", null],
      [BOB, "2025-06-01T00:00:00Z", null],
      [CAT, "2026-01-01T00:00:00Z", null],
      [DAN, "2026-03-02T09:00:00Z", null],
      [EVE, "2025-01-01T00:00:00Z", "2026-03-02T09:10:00Z"],
    ] as const
  ) {
    db.run(
      "INSERT INTO agent_tenure (user_id, started_on, left_on) VALUES (?, ?, ?)",
      user,
      started,
      left,
    );
  }
}

/** Appends the log rows from `from` up to (not including) `to`, by index. */
export function writeCallEvents(db: Database, from = 0, to = CALL_EVENTS.length): void {
  for (const [call, time, type, refs, data] of CALL_EVENTS.slice(from, to)) {
    db.run(
      "INSERT INTO call_events (call_id, at, type, queue_id, agent_id, data) VALUES (?, ?, ?, ?, ?, ?)",
      call,
      isoTime(at(time)),
      type,
      refs?.q ?? null,
      refs?.a ?? null,
      JSON.stringify(data ?? {}),
    );
  }
}

export function writeStates(db: Database, from = 0, to = STATES.length): void {
  for (const [user, time, state, reason] of STATES.slice(from, to)) {
    db.run(
      "INSERT INTO agent_state_log (user_id, at, state, reason) VALUES (?, ?, ?, ?)",
      user,
      isoTime(at(time)),
      state,
      reason ?? null,
    );
  }
}

/**
 * The CRM's contacts for FCR (7-day window): c1 (ann, billing, resolved, but customer
 * 100 calls again on billing three days later), c2 (bob, resolved, no repeat), c8 (ann,
 * not resolved), c9 (bob, resolved; the customer's next call is on another category).
 */
export const FCR_CONTACTS: FcrContact[] = [
  fc(1, 100, "billing", at("09:00:22"), { agentId: ANN, queueId: SALES }),
  fc(2, 101, "tech", at("09:02:45"), { agentId: BOB, queueId: SALES }),
  fc(8, 102, "billing", at("09:15:30"), { agentId: ANN, queueId: SUPPORT, resolves: false }),
  fc(9, 103, "tech", at("09:15:38"), { agentId: BOB, queueId: SUPPORT }),
  fc(20, 100, "billing", T0 + 3 * 86_400_000, { agentId: CAT, queueId: SALES }),
  fc(21, 103, "billing", T0 + 86_400_000, { agentId: CAT, queueId: SALES }),
];

function fc(
  id: number,
  customerId: number,
  category: string,
  atMs: number,
  more: { agentId: number; queueId: number; resolves?: boolean },
): FcrContact {
  return {
    id,
    customerId,
    category,
    at: atMs,
    channel: "call",
    direction: "inbound",
    answered: true,
    resolves: more.resolves ?? true,
    queueId: more.queueId,
    agentId: more.agentId,
  };
}

export const FIXTURE_FCR: FcrSource = {
  contacts: (fromMs, toMs) => FCR_CONTACTS.filter((c) => c.at >= fromMs && c.at < toMs),
  windowDays: () => 7,
};

/** The same contacts as {@link FCR_CONTACTS}, written where the CRM keeps them. */
export function writeCrmContacts(db: Database): void {
  const now = isoTime(T0);
  db.run(
    `INSERT INTO dispositions (id, code, label, resolves) VALUES
       (631, 'fixture_solved', 'Solved', 1), (632, 'fixture_open', 'Still open', 0)`,
  );
  for (const customer of new Set(FCR_CONTACTS.map((c) => c.customerId))) {
    db.run(
      "INSERT INTO customers (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
      customer,
      `Customer ${customer}`,
      now,
      now,
    );
  }
  for (const c of FCR_CONTACTS) {
    db.run(
      `INSERT INTO interactions (id, customer_id, channel, direction, queue_id, agent_id,
         disposition_id, started_at, category)
       VALUES (?, ?, 'call', 'inbound', ?, ?, ?, ?, ?)`,
      700 + c.id,
      c.customerId,
      c.queueId ?? null,
      c.agentId ?? null,
      c.resolves ? 631 : 632,
      isoTime(c.at),
      c.category,
    );
  }
}

/**
 * Cases resolved against their SLA, by who owned them: k1 ann 09:05 within, k2 bob 09:10
 * breached (bob in team A), k3 cat 09:20 within, k4 bob 09:25 within (bob now in team
 * B), k5 ann 09:40 within (after the period).
 */
const CASE_OUTCOMES = [
  { resolvedMs: at("09:05:00"), agentId: ANN, withinSla: true },
  { resolvedMs: at("09:10:00"), agentId: BOB, withinSla: false },
  { resolvedMs: at("09:20:00"), agentId: CAT, withinSla: true },
  { resolvedMs: at("09:25:00"), agentId: BOB, withinSla: true },
  { resolvedMs: at("09:40:00"), agentId: ANN, withinSla: true },
];

export const FIXTURE_CASE_SLA: CaseSlaSource = {
  outcomes: (fromMs, toMs) =>
    CASE_OUTCOMES.filter((c) => c.resolvedMs >= fromMs && c.resolvedMs < toMs),
};

/** The same cases as {@link FIXTURE_CASE_SLA}, written where the CRM keeps them. */
export function writeCrmCases(db: Database): void {
  const now = isoTime(T0);
  db.run(
    "INSERT INTO customers (id, name, created_at, updated_at) VALUES (690, 'Case owner', ?, ?)",
    now,
    now,
  );
  for (const [i, c] of CASE_OUTCOMES.entries()) {
    const resolved = isoTime(c.resolvedMs);
    db.run(
      `INSERT INTO cases (id, customer_id, subject, category, priority, status, tier,
         assignee_id, due_at, created_at, updated_at, resolved_at)
       VALUES (?, 690, ?, 'general', 'normal', 'resolved', 1, ?, ?, ?, ?, ?)`,
      801 + i,
      `k${i + 1}`,
      c.agentId,
      isoTime(c.resolvedMs + (c.withinSla ? 60_000 : -60_000)),
      isoTime(T0 - 3_600_000),
      resolved,
      resolved,
    );
  }
}
