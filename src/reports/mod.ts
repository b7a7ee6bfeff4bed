/**
 * Reports: every figure of KPI.md for the center, a queue, a team or an agent over any
 * period, by 15/30/60-minute interval, day, week or month, in the center's time zone.
 *
 * {@link RollupFeed} keeps 15-minute rollups (interval × queue × agent × team of the
 * moment) level with `call_events` and `agent_state_log`, reading what was appended
 * since its cursor; {@link RollupFeed.rebuild} reads the logs again from the start
 * through the same path. {@link ReportService} sums rollups into the buckets asked for
 * and computes the figures with the pure functions of `kpi/` (one file per family);
 * surveys, QA evaluations, schedules, costs and tenure are read for the period as they
 * are. A figure whose denominator is zero is null (shown as "—").
 *
 * @module
 */
export { RollupFeed } from "./rollup_feed.ts";
export { TeamHistory } from "./team_history.ts";
export {
  type FcrSource,
  type Figures,
  type Report,
  type ReportRequest,
  type ReportRow,
  ReportService,
} from "./report_service.ts";
export { reportCsv } from "./report_csv.ts";
export { type ProposedShift, proposeShifts, type ShiftRules } from "./shift_proposal.ts";
export { type CostEntry, ManagerInputs } from "./manager_inputs.ts";
export {
  type BlockKind,
  type ScheduleBlock,
  ScheduleError,
  ScheduleStore,
} from "./schedule_store.ts";
export { type ForecastAnswer, StaffingService } from "./staffing_service.ts";
export { type Scope, SCOPE_KINDS, ScopeError } from "./scope.ts";
export {
  buckets,
  GRANULARITIES,
  type Granularity,
  INTERVAL_MS,
  MAX_PERIOD_DAYS,
  PeriodError,
} from "./intervals.ts";
export { type MetricInfo, METRICS } from "./kpi/catalog.ts";
export type { Counters, StateTime } from "./counters.ts";
export { breakTime } from "./break_time.ts";
export type { BreakTime } from "./break_time.ts";
export { backtest, mape, sameIntervalLastWeek, seasonalForecast } from "./forecast.ts";
export {
  type StaffingAnswer,
  staffingByInterval,
  type StaffingInterval,
  whatIf,
  type WhatIfInput,
} from "./staffing.ts";
