import { type Database, isoTime } from "../db/mod.ts";
import type { Span } from "./kpi/schedule_kpis.ts";

/**
 * Reads of what the rollups do not hold, for a period: surveys and QA evaluations (few
 * per call, read as they are), schedules with the agents' state log against them, costs
 * and tenure. Each item carries the agent and queue a scope filter needs.
 */

export interface ScoredItem {
  atMs: number;
  agentId: number | null;
  queueId: number | null;
  callId: string | null;
  score: number;
}

export function surveysIn(db: Database, fromMs: number, toMs: number): ScoredItem[] {
  return db.all<
    { at: string; agent_id: number | null; queue_id: number | null; call_id: string; score: number }
  >(
    `SELECT s.created_at AS at, s.agent_id, c.queue_id, s.call_id, s.score
     FROM surveys s LEFT JOIN calls c ON c.id = s.call_id
     WHERE s.created_at >= ? AND s.created_at < ?`,
    isoTime(fromMs),
    isoTime(toMs),
  ).map((r) => ({
    atMs: Date.parse(r.at),
    agentId: r.agent_id,
    queueId: r.queue_id,
    callId: r.call_id,
    score: r.score,
  }));
}

export function qaEvaluationsIn(
  db: Database,
  fromMs: number,
  toMs: number,
): (ScoredItem & { passMark: number })[] {
  return db.all<{
    at: string;
    agent_id: number | null;
    queue_id: number | null;
    call_id: string | null;
    score: number;
    pass_mark: number;
  }>(
    // The pass mark is the form's; a critical question failed fails the evaluation
    // whatever its score (src/quality), so it counts as scoring under the mark.
    `SELECT e.created_at AS at, e.agent_id, c.queue_id, e.call_id,
            CASE WHEN e.critical_failed THEN -1 ELSE e.score END AS score, f.pass_mark
     FROM qa_evaluations e JOIN qa_forms f ON f.id = e.form_id
     LEFT JOIN calls c ON c.id = e.call_id
     WHERE e.created_at >= ? AND e.created_at < ?`,
    isoTime(fromMs),
    isoTime(toMs),
  ).map((r) => ({
    atMs: Date.parse(r.at),
    agentId: r.agent_id,
    queueId: r.queue_id,
    callId: r.call_id,
    score: r.score,
    passMark: r.pass_mark,
  }));
}

export interface AgentSchedule {
  userId: number;
  shifts: Span[];
  breaks: Span[];
}

/** Every agent's shifts and breaks that overlap the period. */
export function schedulesIn(db: Database, fromMs: number, toMs: number): AgentSchedule[] {
  const rows = db.all<{ user_id: number; kind: string; starts_at: string; ends_at: string }>(
    // No block lasts longer than a day (the schedule store allows 16 hours), so the
    // search on the start time can stop a day before the period.
    `SELECT user_id, kind, starts_at, ends_at FROM schedule_blocks
     WHERE starts_at >= ? AND starts_at < ? AND ends_at > ? ORDER BY user_id, starts_at`,
    isoTime(fromMs - 86_400_000),
    isoTime(toMs),
    isoTime(fromMs),
  );
  const byUser = new Map<number, AgentSchedule>();
  for (const r of rows) {
    let s = byUser.get(r.user_id);
    if (!s) byUser.set(r.user_id, s = { userId: r.user_id, shifts: [], breaks: [] });
    const span = { startMs: Date.parse(r.starts_at), endMs: Date.parse(r.ends_at) };
    (r.kind === "shift" ? s.shifts : s.breaks).push(span);
  }
  return [...byUser.values()];
}

/** States in which a logged-in agent is working (KPI.md adherence). */
export const WORKING_STATES: ReadonlySet<string> = new Set([
  "ready",
  "ringing",
  "on_call",
  "wrap_up",
]);

/**
 * An agent's time in `[fromMs, toMs)` spent logged in (any state) and working (the
 * {@link WORKING_STATES}), from the state log; a state still going at `nowMs` runs to then.
 */
export function agentTime(
  db: Database,
  userId: number,
  fromMs: number,
  toMs: number,
  nowMs: number,
): { loggedIn: Span[]; working: Span[] } {
  const before = db.get<{ at: string; state: string }>(
    "SELECT at, state FROM agent_state_log WHERE user_id = ? AND at < ? ORDER BY at DESC, id DESC LIMIT 1",
    userId,
    isoTime(fromMs),
  );
  const rows = db.all<{ at: string; state: string }>(
    "SELECT at, state FROM agent_state_log WHERE user_id = ? AND at >= ? AND at < ? ORDER BY at, id",
    userId,
    isoTime(fromMs),
    isoTime(toMs),
  );
  const changes = [
    ...(before ? [{ atMs: fromMs, state: before.state }] : []),
    ...rows.map((r) => ({ atMs: Date.parse(r.at), state: r.state })),
  ];
  const loggedIn: Span[] = [];
  const working: Span[] = [];
  const end = Math.min(toMs, Math.max(fromMs, nowMs));
  changes.forEach((c, i) => {
    const until = Math.min(changes[i + 1]?.atMs ?? end, end);
    if (until <= c.atMs) return;
    const span = { startMs: c.atMs, endMs: until };
    if (c.state !== "logged_out") loggedIn.push(span);
    if (WORKING_STATES.has(c.state)) working.push(span);
  });
  return { loggedIn, working };
}

export function costsIn(db: Database, fromMs: number, toMs: number): (Span & { amount: number })[] {
  return db.all<{ starts_at: string; ends_at: string; amount: number }>(
    "SELECT starts_at, ends_at, amount FROM report_costs WHERE starts_at < ? AND ends_at > ?",
    isoTime(toMs),
    isoTime(fromMs),
  ).map((r) => ({
    startMs: Date.parse(r.starts_at),
    endMs: Date.parse(r.ends_at),
    amount: r.amount,
  }));
}

export function tenures(db: Database): { userId: number; startedMs: number; leftMs?: number }[] {
  return db.all<{ user_id: number; started_on: string; left_on: string | null }>(
    "SELECT user_id, started_on, left_on FROM agent_tenure",
  ).map((r) => ({
    userId: r.user_id,
    startedMs: Date.parse(r.started_on),
    leftMs: r.left_on === null ? undefined : Date.parse(r.left_on),
  }));
}
