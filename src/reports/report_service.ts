import type { Clock } from "../clock/mod.ts";
import { type FcrContact, firstContactResolution } from "../crm/mod.ts";
import type { Database } from "../db/mod.ts";
import {
  addCounters,
  type Counters,
  emptyCounters,
  loggedInMs,
  type StateTime,
} from "./counters.ts";
import {
  buckets,
  checkTimeZone,
  type Granularity,
  INTERVAL_MS,
  PeriodError,
  previousPeriod,
} from "./intervals.ts";
import { callsPerHour, occupancy, utilisation } from "./kpi/agent_time_kpis.ts";
import { costPerCall, periodCost, turnover } from "./kpi/cost_kpis.ts";
import {
  averageAfterCallWork,
  averageHandleTime,
  averageHoldTime,
  averageTalkTime,
  blindTransferRate,
  consultedTransferRate,
  transferRate,
} from "./kpi/handling_kpis.ts";
import { caseSlaRate, csat, firstContactResolutionRate, qaPassRate } from "./kpi/quality_kpis.ts";
import {
  abandonRate,
  answerRate,
  averageRingCount,
  averageSpeedOfAnswer,
  averageTimeToAbandon,
  blockedRate,
  inboundConnectionRate,
  longestWait,
  outboundConnectionRate,
  queueRate,
  serviceLevel,
  shortAbandonRate,
} from "./kpi/queue_kpis.ts";
import {
  adherence,
  type AgentPlanAndWork,
  attendance,
  overlapMs,
  type Span,
  subtractSpans,
} from "./kpi/schedule_kpis.ts";
import { intervalCounters, intervalStates } from "./rollup_reads.ts";
import type { RollupFeed } from "./rollup_feed.ts";
import { type Scope, ScopeError } from "./scope.ts";
import {
  agentTime,
  costsIn,
  qaEvaluationsIn,
  schedulesIn,
  type ScoredItem,
  surveysIn,
  tenures,
  WORKING_STATES,
} from "./side_reads.ts";

/** Log rows a report reads into the rollups itself before answering; more waits for the feed. */
export const REPORT_CATCH_UP_ROWS = 5_000;

/** Where FCR's contacts come from (the CRM owns dispositions and interactions). */
export interface FcrSource {
  /** Contacts that started in `[fromMs, toMs)`. */
  contacts(fromMs: number, toMs: number): FcrContact[];
  windowDays(): number;
}

/** Where cases resolved against their SLA come from (the CRM owns cases and rules). */
export interface CaseSlaSource {
  /** Cases resolved in `[fromMs, toMs)` that had a due time. */
  outcomes(
    fromMs: number,
    toMs: number,
  ): { resolvedMs: number; agentId: number | null; withinSla: boolean }[];
}

export interface ReportRequest {
  from: number;
  to: number;
  granularity: Granularity;
  scope: Scope;
  timeZone: string;
  /** Also give the total of as many intervals right before the period. */
  comparePrevious?: boolean;
}

export type Figures = Record<string, number | null>;

export interface ReportRow {
  start: number;
  end: number;
  metrics: Figures;
  counts: Counters & {
    logged_in_ms: number;
    ready_ms: number;
    scheduled_ms: number;
    surveys: number;
    qa_evaluations: number;
  };
}

export interface Report {
  request: ReportRequest;
  /** Log rows the rollups had yet to read when the report was made (0: it is complete). */
  behind: number;
  rows: ReportRow[];
  total: ReportRow;
  /** The previous period's total, when asked for. */
  previous?: ReportRow;
}

/** Everything a bucket's figures are computed from. */
interface BucketInputs {
  counters: Counters;
  states: StateTime;
  surveys: ScoredItem[];
  qa: (ScoredItem & { passMark: number })[];
  fcr: { answered: number; resolved: number };
  cases: { within: number; breached: number };
  plans: Map<number, AgentPlanAndWork>;
  cost: number;
}

/**
 * Reports: every KPI.md figure for a scope over a period, by 15/30/60-minute interval,
 * day, week or month, summed from the 15-minute rollups (which it first brings up to
 * date) and the few tables the rollups do not cover.
 */
export class ReportService {
  constructor(
    private readonly deps: {
      db: Database;
      feed: RollupFeed;
      clock: Clock;
      fcr?: FcrSource;
      caseSla?: CaseSlaSource;
    },
  ) {}

  /** Throws {@link PeriodError} or {@link ScopeError} for a request that cannot be answered. */
  report(req: ReportRequest): Report {
    const list = this.#prepare(req);
    const inputs = list.map((): BucketInputs => ({
      counters: emptyCounters(),
      states: { byState: {}, byReason: {} },
      surveys: [],
      qa: [],
      fcr: { answered: 0, resolved: 0 },
      cases: { within: 0, breached: 0 },
      plans: new Map(),
      cost: 0,
    }));
    const starts = list.map((b) => b.start);
    const at = (ms: number) => bucketIndex(starts, ms, req.to);
    const { db } = this.deps;

    for (const row of intervalCounters(db, req.scope, req.from, req.to)) {
      const i = at(row.start_ms);
      if (i >= 0) addCounters(inputs[i].counters, row);
    }
    for (const row of intervalStates(db, req.scope, req.from, req.to)) {
      const i = at(row.start_ms);
      if (i < 0) continue;
      const s = inputs[i].states;
      s.byState[row.state] = (s.byState[row.state] ?? 0) + row.ms;
      if (row.state === "not_ready") {
        s.byReason[row.reason] = (s.byReason[row.reason] ?? 0) + row.ms;
      }
    }
    const inScope = this.#scopeFilter(req.scope);
    for (const s of surveysIn(db, req.from, req.to)) {
      const i = at(s.atMs);
      if (i >= 0 && inScope(s)) inputs[i].surveys.push(s);
    }
    for (const q of qaEvaluationsIn(db, req.from, req.to)) {
      const i = at(q.atMs);
      if (i >= 0 && inScope(q)) inputs[i].qa.push(q);
    }
    this.#addFcr(req, inputs, at, inScope);
    for (const c of this.deps.caseSla?.outcomes(req.from, req.to) ?? []) {
      const i = at(c.resolvedMs);
      if (i < 0 || !inScope({ atMs: c.resolvedMs, agentId: c.agentId })) continue;
      if (c.withinSla) inputs[i].cases.within++;
      else inputs[i].cases.breached++;
    }
    if (req.scope.kind !== "queue") this.#addPlans(req, list, inputs, inScope);
    if (req.scope.kind === "center") {
      const costs = costsIn(db, req.from, req.to);
      list.forEach((b, i) =>
        inputs[i].cost = periodCost(costs, { startMs: b.start, endMs: b.end })
      );
    }

    const rows = list.map((b, i) => this.#row(b.start, b.end, inputs[i], req.scope));
    const total = this.#row(req.from, req.to, mergeInputs(inputs), req.scope);
    const behind = this.deps.db.readOnly ? 0 : this.deps.feed.backlog();
    if (!req.comparePrevious) return { request: req, behind, rows, total };
    const before = previousPeriod(req.from, req.to, req.granularity, req.timeZone);
    // One bucket the length of the previous period: its total, computed the same way.
    const previous = this.report({
      ...req,
      ...before,
      granularity: req.granularity,
      comparePrevious: false,
    }).total;
    return { request: req, behind, rows, total, previous };
  }

  /** Time per agent state and not-ready reason over the period, in ms. */
  stateTime(req: ReportRequest): StateTime {
    this.#prepare(req);
    const s: StateTime = { byState: {}, byReason: {} };
    for (const row of intervalStates(this.deps.db, req.scope, req.from, req.to)) {
      s.byState[row.state] = (s.byState[row.state] ?? 0) + row.ms;
      if (row.state === "not_ready") {
        s.byReason[row.reason] = (s.byReason[row.reason] ?? 0) + row.ms;
      }
    }
    return s;
  }

  /** Checks the request, brings the rollups up to date and returns the buckets. */
  #prepare(req: ReportRequest): { start: number; end: number }[] {
    try {
      checkTimeZone(req.timeZone);
    } catch {
      throw new PeriodError(`Unknown time zone ${req.timeZone}`);
    }
    const list = buckets(req.from, req.to, req.granularity, req.timeZone);
    this.#checkScope(req.scope);
    // A standby's database is read-only: it reports what the primary rolled up. A long
    // backlog (the first start on a big history) is left to the feed's timer, which works
    // it off in slices: a report must not hold up the loop that serves calls.
    if (!this.deps.db.readOnly && this.deps.feed.backlog() <= REPORT_CATCH_UP_ROWS) {
      this.deps.feed.catchUp();
    }
    return list;
  }

  #checkScope(scope: Scope): void {
    const table = { queue: "queues", team: "teams", agent: "users", center: "" }[scope.kind];
    if (!table) return;
    const id = (scope as { id: number }).id;
    if (!this.deps.db.get(`SELECT 1 FROM ${table} WHERE id = ?`, id)) {
      throw new ScopeError(`There is no ${scope.kind} ${id}`);
    }
  }

  #scopeFilter(
    scope: Scope,
  ): (item: { atMs: number; agentId?: number | null; queueId?: number | null }) => boolean {
    const teams = this.deps.feed.teams;
    switch (scope.kind) {
      case "center":
        return () => true;
      case "queue":
        return (x) => x.queueId === scope.id;
      case "agent":
        return (x) => x.agentId === scope.id;
      case "team":
        return (x) => x.agentId != null && teams.teamAt(x.agentId, x.atMs) === scope.id;
    }
  }

  #addFcr(
    req: ReportRequest,
    inputs: BucketInputs[],
    at: (ms: number) => number,
    inScope: (x: { atMs: number; agentId?: number | null; queueId?: number | null }) => boolean,
  ): void {
    const source = this.deps.fcr;
    if (!source) return;
    const windowDays = source.windowDays();
    const contacts = source.contacts(req.from, req.to + windowDays * 86_400_000);
    // Whether a call resolved the issue on first contact does not depend on the period
    // asked for, only on later contacts: one pass finds them all, buckets count them.
    const result = firstContactResolution(contacts, { from: req.from, to: req.to, windowDays });
    const resolved = new Set(result.resolved_ids);
    for (const c of contacts) {
      if (c.channel !== "call" || c.direction !== "inbound" || !c.answered) continue;
      const i = at(c.at);
      if (i < 0 || !inScope({ atMs: c.at, agentId: c.agentId, queueId: c.queueId })) continue;
      inputs[i].fcr.answered++;
      if (resolved.has(c.id)) inputs[i].fcr.resolved++;
    }
  }

  #addPlans(
    req: ReportRequest,
    list: { start: number; end: number }[],
    inputs: BucketInputs[],
    inScope: (x: { atMs: number; agentId?: number | null }) => boolean,
  ): void {
    const { db } = this.deps;
    const now = this.deps.clock.now();
    const starts = list.map((b) => b.start);
    const schedules = schedulesIn(db, req.from, req.to);
    if (schedules.length === 0) return;
    const rolledUp = db.readOnly || this.deps.feed.backlog() === 0
      ? quarterHourWork(db, req.from, req.to)
      : undefined;
    for (const schedule of schedules) {
      const workingSpans = subtractSpans(schedule.shifts, schedule.breaks);
      const working = byBucket(workingSpans, list, starts);
      if (working.every((w) => w.length === 0)) continue;
      const time = rolledUp && this.#rollupsSuffice(schedule, workingSpans, req, now)
        ? rolledUp.get(schedule.userId) ?? { loggedIn: [], working: [] }
        : agentTime(db, schedule.userId, req.from, req.to, now);
      const worked = byBucket(time.working, list, starts);
      const shifts = byBucket(schedule.shifts, list, starts);
      const loggedIn = byBucket(time.loggedIn, list, starts);
      working.forEach((planned, i) => {
        if (planned.length === 0) return;
        if (!inScope({ atMs: planned[0].startMs, agentId: schedule.userId })) return;
        inputs[i].plans.set(schedule.userId, {
          agentId: schedule.userId,
          working: planned,
          worked: worked[i],
          loggedIn: overlapMs(shifts[i], loggedIn[i]) > 0,
        });
      });
    }
  }

  /**
   * Whether the quarter-hour rollups give this agent's adherence exactly: every shift and
   * break starts and ends on a quarter hour (so each quarter hour is wholly planned or not),
   * and the state log has no state still open inside the period (the rollups count a
   * state once the next one is written).
   */
  #rollupsSuffice(
    schedule: { userId: number; shifts: Span[]; breaks: Span[] },
    working: Span[],
    req: ReportRequest,
    now: number,
  ): boolean {
    const aligned = (ms: number) => ms % INTERVAL_MS === 0;
    const blocks = [...schedule.shifts, ...schedule.breaks, ...working];
    if (!blocks.every((b) => aligned(b.startMs) && aligned(b.endMs))) return false;
    const last = this.deps.db.get<{ at: string; state: string }>(
      "SELECT at, state FROM agent_state_log WHERE user_id = ? ORDER BY at DESC, id DESC LIMIT 1",
      schedule.userId,
    );
    return !last || last.state === "logged_out" || Date.parse(last.at) >= Math.min(req.to, now);
  }

  #row(start: number, end: number, x: BucketInputs, scope: Scope): ReportRow {
    const c = x.counters;
    const incoming = scope.kind === "center"
      ? c.incoming
      : scope.kind === "queue"
      ? c.offered + c.blocked
      : 0;
    const loggedIn = loggedInMs(x.states);
    const ready = x.states.byState.ready ?? 0;
    const plans = [...x.plans.values()];
    const survey = csat(
      x.surveys.map((s) => s.score),
      new Set(x.surveys.map((s) => s.callId)).size,
      c.answered,
    );
    const withIncoming = scope.kind === "center" || scope.kind === "queue";
    const withCases = this.deps.caseSla !== undefined && scope.kind !== "queue";
    const metrics: Figures = {
      service_level: serviceLevel(c),
      answer_rate: answerRate(c),
      abandon_rate: abandonRate(c),
      short_abandon_rate: shortAbandonRate(c),
      connection_rate_inbound: withIncoming ? inboundConnectionRate(c, incoming) : null,
      connection_rate_outbound: outboundConnectionRate(c),
      blocked_rate: withIncoming ? blockedRate(c, incoming) : null,
      queue_rate: withIncoming ? queueRate(c, incoming) : null,
      asa_s: averageSpeedOfAnswer(c),
      avg_time_to_abandon_s: averageTimeToAbandon(c),
      longest_wait_s: longestWait(c),
      avg_ring_count: averageRingCount(c),
      aht_s: averageHandleTime(c),
      avg_talk_s: averageTalkTime(c),
      avg_hold_s: averageHoldTime(c),
      avg_acw_s: averageAfterCallWork(c),
      occupancy: scope.kind === "queue" ? null : occupancy(c, ready),
      utilisation: scope.kind === "queue" ? null : utilisation(c, loggedIn),
      calls_per_hour: scope.kind === "queue" ? null : callsPerHour(c, loggedIn),
      adherence: adherence(plans),
      attendance: attendance(plans),
      transfer_rate: transferRate(c),
      transfer_rate_blind: blindTransferRate(c),
      transfer_rate_consulted: consultedTransferRate(c),
      fcr: firstContactResolutionRate(x.fcr.resolved, x.fcr.answered),
      // Cases belong to agents and teams, not to queues; without the CRM there are none.
      cases_within_sla: withCases ? x.cases.within : null,
      cases_breached: withCases ? x.cases.breached : null,
      case_sla_rate: withCases
        ? caseSlaRate(x.cases.within, x.cases.within + x.cases.breached)
        : null,
      csat_average: survey.average,
      csat_satisfied: survey.satisfied,
      csat_response_rate: survey.responseRate,
      qa_pass_rate: qaPassRate(x.qa),
      cost_per_call: scope.kind === "center" ? costPerCall(x.cost, incoming) : null,
      agent_turnover: scope.kind === "center" || scope.kind === "team"
        ? this.#turnover(scope, start, end)
        : null,
    };
    return {
      start,
      end,
      metrics,
      counts: {
        ...c,
        incoming: withIncoming ? incoming : 0,
        logged_in_ms: loggedIn,
        ready_ms: ready,
        scheduled_ms: plans.reduce(
          (sum, p) => sum + p.working.reduce((s, w) => s + w.endMs - w.startMs, 0),
          0,
        ),
        surveys: survey.surveys,
        qa_evaluations: x.qa.length,
      },
    };
  }

  #turnover(scope: Scope, start: number, end: number): number | null {
    const teams = this.deps.feed.teams;
    const all = tenures(this.deps.db);
    const mine = scope.kind === "team"
      ? all.filter((t) => teams.teamAt(t.userId, Math.min(end, t.leftMs ?? end) - 1) === scope.id)
      : all;
    return turnover(mine, { startMs: start, endMs: end });
  }
}

/**
 * Per agent, the period's logged-in and working time from the quarter-hour rollups, as
 * spans that start each quarter hour and last as long as the time spent: their overlap
 * with quarter-hour-aligned shifts is exactly the time inside them.
 */
function quarterHourWork(
  db: Database,
  fromMs: number,
  toMs: number,
): Map<number, { loggedIn: Span[]; working: Span[] }> {
  const out = new Map<number, { loggedIn: Span[]; working: Span[] }>();
  const rows = db.all<{ start_ms: number; agent_id: number; logged_in: number; working: number }>(
    `SELECT start_ms, agent_id,
       sum(CASE WHEN state <> 'logged_out' THEN ms ELSE 0 END) AS logged_in,
       sum(CASE WHEN state IN (${[...WORKING_STATES].map((s) => `'${s}'`).join(", ")})
         THEN ms ELSE 0 END) AS working
     FROM report_agent_states WHERE start_ms >= ? AND start_ms < ?
     GROUP BY start_ms, agent_id ORDER BY start_ms`,
    fromMs,
    toMs,
  );
  for (const r of rows) {
    let agent = out.get(r.agent_id);
    if (!agent) out.set(r.agent_id, agent = { loggedIn: [], working: [] });
    if (r.logged_in > 0) {
      agent.loggedIn.push({ startMs: r.start_ms, endMs: r.start_ms + r.logged_in });
    }
    if (r.working > 0) agent.working.push({ startMs: r.start_ms, endMs: r.start_ms + r.working });
  }
  return out;
}

/** Index of the bucket holding `ms`, or -1 outside the period. */
function bucketIndex(starts: readonly number[], ms: number, to: number): number {
  if (ms < starts[0] || ms >= to) return -1;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= ms) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The spans cut at bucket boundaries, per bucket: linear in spans and buckets, so a month
 * of an agent's state changes by half hour costs thousands of steps, not millions.
 */
function byBucket(
  spans: readonly Span[],
  list: readonly { start: number; end: number }[],
  starts: readonly number[],
): Span[][] {
  const out: Span[][] = list.map(() => []);
  const to = list.length > 0 ? list[list.length - 1].end : 0;
  for (const s of spans) {
    let i = Math.max(0, bucketIndex(starts, Math.max(s.startMs, starts[0] ?? 0), to));
    if (s.startMs >= to) continue;
    for (; i < list.length && list[i].start < s.endMs; i++) {
      const startMs = Math.max(s.startMs, list[i].start);
      const endMs = Math.min(s.endMs, list[i].end);
      if (endMs > startMs) out[i].push({ startMs, endMs });
    }
  }
  return out;
}

function mergeInputs(all: readonly BucketInputs[]): BucketInputs {
  const out: BucketInputs = {
    counters: emptyCounters(),
    states: { byState: {}, byReason: {} },
    surveys: [],
    qa: [],
    fcr: { answered: 0, resolved: 0 },
    cases: { within: 0, breached: 0 },
    plans: new Map(),
    cost: 0,
  };
  for (const x of all) {
    addCounters(out.counters, x.counters);
    for (const [k, v] of Object.entries(x.states.byState)) {
      out.states.byState[k] = (out.states.byState[k] ?? 0) + v;
    }
    for (const [k, v] of Object.entries(x.states.byReason)) {
      out.states.byReason[k] = (out.states.byReason[k] ?? 0) + v;
    }
    out.surveys.push(...x.surveys);
    out.qa.push(...x.qa);
    out.fcr.answered += x.fcr.answered;
    out.fcr.resolved += x.fcr.resolved;
    out.cases.within += x.cases.within;
    out.cases.breached += x.cases.breached;
    out.cost += x.cost;
    for (const [id, p] of x.plans) {
      const had = out.plans.get(id);
      if (had) {
        // Appended in place: buckets come in time order, so the spans stay in order.
        for (const w of p.working) had.working.push(w);
        for (const w of p.worked) had.worked.push(w);
        had.loggedIn ||= p.loggedIn;
      } else out.plans.set(id, { ...p, working: [...p.working], worked: [...p.worked] });
    }
  }
  return out;
}
