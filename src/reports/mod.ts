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
 * {@link ChannelReports} splits the main figures by channel (voice, chat, e-mail, SMS),
 * each channel from the data it leaves: rollups for calls, `interactions` for written
 * contacts (docs/decisions/038-sms-and-reports-by-channel.md).
 *
 * Beside the figures, list reports ({@link reportList}: the IVR, where callers hang up in
 * it, abandoned calls, trunk usage, dispositions) read the logs for a period directly.
 * Every table exports as CSV and as XLSX ({@link xlsxWorkbook}, written here without a
 * dependency). {@link SavedReports} keeps each user's named report definitions.
 *
 * @module
 */
export { RollupFeed } from "./rollup_feed.ts";
export {
  type ChannelFigures,
  type ChannelReport,
  type ChannelReportRequest,
  ChannelReports,
  DEFAULT_RESPONSE_TARGET_S,
  REPORT_CHANNELS,
  type ReportChannel,
} from "./channel_report.ts";
export { TeamHistory } from "./team_history.ts";
export {
  type CaseSlaSource,
  type FcrSource,
  type Figures,
  type Report,
  type ReportRequest,
  type ReportRow,
  ReportService,
} from "./report_service.ts";
export { reportCsv, reportSheet } from "./report_csv.ts";
export { type SavedReport, SavedReports } from "./saved_reports.ts";
export {
  type ColumnKind,
  LIST_KINDS,
  type ListCell,
  type ListColumn,
  type ListKind,
  type ListRequest,
  type ReportList,
} from "./lists/report_list.ts";
export { listCsv, listSheet, pickColumns, reportList } from "./lists/report_lists.ts";
export { abandonedCall } from "./lists/abandoned_calls.ts";
export { XLSX_TYPE, type XlsxCell, type XlsxSheet, xlsxWorkbook } from "./xlsx/xlsx_workbook.ts";
export { type ProposedShift, proposeShifts, type ShiftRules } from "./shift_proposal.ts";
export { type CostEntry, ManagerInputs } from "./manager_inputs.ts";
export { ManagerInputError } from "./manager_input_error.ts";
export { type BlockKind, type ScheduleBlock, ScheduleStore } from "./schedule_store.ts";
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
