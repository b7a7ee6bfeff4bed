import type { Context } from "hono";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import type { ReasonCodeStore } from "../../queues/mod.ts";
import {
  breakTime,
  GRANULARITIES,
  METRICS,
  PeriodError,
  type Report,
  reportCsv,
  type ReportRequest,
  type ReportService,
  reportSheet,
  type Scope,
  SCOPE_KINDS,
  ScopeError,
  type StaffingService,
  whatIf,
  XLSX_TYPE,
  type XlsxCell,
  xlsxWorkbook,
} from "../../reports/mod.ts";
import { ApiError } from "../api_error.ts";
import { route, type RouteTarget } from "../route.ts";
import { readJson, readQuery } from "../validate.ts";

export interface ReportRouteDeps {
  reports: ReportService;
  staffing: StaffingService;
  /** Not-ready reasons, for which break time is paid. */
  reasons?: Pick<ReasonCodeStore, "list">;
}

const isoInstant = z.string().refine((s) => Number.isFinite(Date.parse(s)), {
  message: "must be an ISO-8601 date and time",
});

export const ReportQuerySchema = z.object({
  from: isoInstant.describe("start of the period (ISO-8601), on an interval boundary"),
  to: isoInstant.describe("end of the period (ISO-8601, not included)"),
  interval: z.enum(GRANULARITIES).default("60m"),
  scope: z.enum(SCOPE_KINDS).default("center"),
  id: z.coerce.number().int().positive().optional().describe("the queue, team or agent"),
  tz: z.string().min(1).max(64).optional().describe("IANA time zone; the appliance's by default"),
  compare: z.enum(["previous"]).optional().describe("also give the previous period's total"),
}).strict().refine((q) => q.scope === "center" || q.id !== undefined, {
  message: "id is required for a queue, team or agent scope",
  path: ["id"],
});

export const WhatIfSchema = z.object({
  calls: z.number().int().min(0).max(1_000_000).describe("calls in one interval"),
  interval_minutes: z.union([z.literal(15), z.literal(30), z.literal(60)]).default(30),
  aht_s: z.number().gt(0, { message: "aht_s must be more than 0 seconds" }).max(36_000),
  threshold_s: z.number().min(0).max(3600).default(20),
  target_percent: z.number()
    .gt(0, { message: "target_percent must be more than 0" })
    .lt(100, { message: "target_percent must be less than 100" }),
  shrinkage_percent: z.number().min(0).lt(100, {
    message: "shrinkage_percent must be less than 100",
  })
    .default(0),
  patience_s: z.number().gt(0).max(36_000).optional().describe(
    "callers' mean patience, for Erlang A",
  ),
}).strict();

export const StaffingQuerySchema = z.object({
  from: isoInstant,
  to: isoInstant,
  interval: z.enum(GRANULARITIES).default("30m"),
  scope: z.enum(["center", "queue"]).default("center"),
  id: z.coerce.number().int().positive().optional(),
  tz: z.string().min(1).max(64).optional(),
  target_percent: z.coerce.number().gt(0).lt(100).default(80),
  patience_s: z.coerce.number().gt(0).optional(),
}).strict().refine((q) => q.scope === "center" || q.id !== undefined, {
  message: "id is required for a queue scope",
  path: ["id"],
});

export const ForecastQuerySchema = z.object({
  scope: z.enum(["center", "queue"]).default("center"),
  id: z.coerce.number().int().positive().optional(),
  tz: z.string().min(1).max(64).optional(),
  weeks: z.coerce.number().int().min(1).max(10).default(4),
  special_days: z.string().regex(/^(\d{4}-\d{2}-\d{2})(,\d{4}-\d{2}-\d{2})*$/).optional()
    .describe("days to leave out of the history, comma-separated YYYY-MM-DD"),
}).strict().refine((q) => q.scope === "center" || q.id !== undefined, {
  message: "id is required for a queue scope",
  path: ["id"],
});

const FiguresSchema = z.record(z.string(), z.number().nullable());
const RowSchema = z.object({
  start: z.string(),
  end: z.string(),
  metrics: FiguresSchema,
  counts: z.record(z.string(), z.number()),
});
export const ReportResponseSchema = z.object({
  period: z.object({
    from: z.string(),
    to: z.string(),
    interval: z.enum(GRANULARITIES),
    time_zone: z.string(),
  }),
  scope: z.object({ kind: z.enum(SCOPE_KINDS), id: z.number().nullable() }),
  rollups_behind: z.number().describe("log rows not yet in the figures (0 once caught up)"),
  rows: z.array(RowSchema),
  total: RowSchema,
  previous: RowSchema.optional(),
});

/** The appliance's own time zone: the center's, unless a request names another. */
function defaultZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function readRequest(c: Context): ReportRequest {
  const q = readQuery(c, ReportQuerySchema);
  const scope = (q.scope === "center" ? { kind: "center" } : { kind: q.scope, id: q.id! }) as Scope;
  return {
    from: Date.parse(q.from),
    to: Date.parse(q.to),
    granularity: q.interval,
    scope,
    timeZone: q.tz ?? defaultZone(),
    comparePrevious: q.compare === "previous",
  };
}

/** Runs a report, turning a period or scope it cannot answer into a 400. */
function run<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof PeriodError) throw ApiError.badRequest(error.message, { field: "period" });
    if (error instanceof ScopeError) throw ApiError.badRequest(error.message, { field: "scope" });
    throw error;
  }
}

function toJson(report: Report) {
  const row = (r: Report["total"]) => ({
    start: new Date(r.start).toISOString(),
    end: new Date(r.end).toISOString(),
    metrics: r.metrics,
    counts: r.counts,
  });
  const { request } = report;
  return {
    period: {
      from: new Date(request.from).toISOString(),
      to: new Date(request.to).toISOString(),
      interval: request.granularity,
      time_zone: request.timeZone,
    },
    scope: {
      kind: request.scope.kind,
      id: request.scope.kind === "center" ? null : request.scope.id,
    },
    rollups_behind: report.behind,
    rows: report.rows.map(row),
    total: row(report.total),
    ...(report.previous ? { previous: row(report.previous) } : {}),
  };
}

/** A table as a CSV or XLSX download named `file` (without the extension). */
function tableFile(
  c: Context,
  format: "csv" | "xlsx",
  file: string,
  header: string[],
  rows: XlsxCell[][],
): Response {
  if (format === "csv") {
    return c.body(stringify([header, ...rows.map((r) => r.map((v) => v ?? ""))]), 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file}.csv"`,
    });
  }
  return c.body(xlsxWorkbook([{ name: file.slice(0, 31), header, rows }]), 200, {
    "Content-Type": XLSX_TYPE,
    "Content-Disposition": `attachment; filename="${file}.xlsx"`,
  });
}

/** Reports for supervisors, managers and admins: figures by interval, as JSON or CSV. */
export function mountReportRoutes(target: RouteTarget, deps: ReportRouteDeps): void {
  route(target, {
    method: "get",
    path: "/reports/metrics",
    summary: "Every figure reports show, with its unit and formula",
    tag: "reports",
    access: ROLE_GROUPS.supervisors,
  }, (c) => c.json({ metrics: METRICS }));

  route(target, {
    method: "get",
    path: "/reports/figures",
    summary: "KPI figures for a scope over a period, by interval, with the period's total",
    tag: "reports",
    access: ROLE_GROUPS.supervisors,
    query: ReportQuerySchema,
    response: ReportResponseSchema,
  }, (c) => {
    const request = readRequest(c);
    return c.json(toJson(run(() => deps.reports.report(request))));
  });

  route(target, {
    method: "get",
    path: "/reports/figures.csv",
    summary: "The same figures as CSV (one line per interval and a total line)",
    tag: "reports",
    access: ROLE_GROUPS.supervisors,
    query: ReportQuerySchema,
  }, (c) => {
    const request = readRequest(c);
    const csv = reportCsv(run(() => deps.reports.report(request)));
    const day = new Date(request.from).toISOString().slice(0, 10);
    return c.body(csv, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="report-${request.scope.kind}-${day}.csv"`,
    });
  });

  route(target, {
    method: "get",
    path: "/reports/figures.xlsx",
    summary: "The same figures as an Excel workbook (the CSV's lines on one sheet)",
    tag: "reports",
    access: ROLE_GROUPS.supervisors,
    query: ReportQuerySchema,
  }, (c) => {
    const request = readRequest(c);
    const book = xlsxWorkbook([reportSheet(run(() => deps.reports.report(request)))]);
    const day = new Date(request.from).toISOString().slice(0, 10);
    return c.body(book, 200, {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": `attachment; filename="report-${request.scope.kind}-${day}.xlsx"`,
    });
  });

  route(target, {
    method: "post",
    path: "/reports/what-if",
    summary: "Agents needed for a load (Erlang C, and Erlang A with a patience)",
    tag: "reports",
    access: ROLE_GROUPS.supervisors,
    body: WhatIfSchema,
  }, async (c) => {
    const input = await readJson(c, WhatIfSchema);
    const answer = whatIf({
      calls: input.calls,
      intervalMinutes: input.interval_minutes,
      ahtSeconds: input.aht_s,
      thresholdSeconds: input.threshold_s,
      targetPercent: input.target_percent,
      shrinkagePercent: input.shrinkage_percent,
      patienceSeconds: input.patience_s,
    });
    const json = (a: typeof answer.erlangC) => ({
      agents: a.agents,
      scheduled: a.scheduled,
      service_level: a.serviceLevel,
      asa_s: a.asaSeconds,
      occupancy: a.occupancy,
      ...(a.abandonment === undefined ? {} : { abandon_rate: a.abandonment }),
    });
    return c.json({
      erlang_c: json(answer.erlangC),
      erlang_a: answer.erlangA ? json(answer.erlangA) : null,
    });
  });

  const staffingOf = (c: Context) => {
    const q = readQuery(c, StaffingQuerySchema);
    const scope =
      (q.scope === "center" ? { kind: "center" } : { kind: "queue", id: q.id! }) as Scope;
    const intervals = run(() =>
      deps.staffing.staffing({
        from: Date.parse(q.from),
        to: Date.parse(q.to),
        granularity: q.interval,
        scope,
        timeZone: q.tz ?? defaultZone(),
      }, { targetPercent: q.target_percent, patienceSeconds: q.patience_s })
    );
    return {
      day: q.from.slice(0, 10),
      intervals: intervals.map((i) => ({
        start: new Date(i.start).toISOString(),
        end: new Date(i.end).toISOString(),
        calls: i.calls,
        aht_s: i.ahtSeconds,
        needed: i.needed,
        needed_erlang_a: i.neededErlangA,
        scheduled: i.scheduled,
        logged_in: i.loggedIn,
      })),
    };
  };

  route(target, {
    method: "get",
    path: "/reports/staffing",
    summary: "Per interval: calls, AHT, agents Erlang says are needed, scheduled and logged in",
    tag: "reports",
    access: ROLE_GROUPS.supervisors,
    query: StaffingQuerySchema,
  }, (c) => c.json({ intervals: staffingOf(c).intervals }));

  for (const format of ["csv", "xlsx"] as const) {
    route(target, {
      method: "get",
      path: `/reports/staffing.${format}`,
      summary: `The staffing table as ${format === "csv" ? "CSV" : "an Excel workbook"}`,
      tag: "reports",
      access: ROLE_GROUPS.supervisors,
      query: StaffingQuerySchema,
    }, (c) => {
      const { day, intervals } = staffingOf(c);
      const header = [
        "start",
        "end",
        "calls",
        "aht_s",
        "needed",
        "needed_erlang_a",
        "scheduled",
        "logged_in",
      ];
      const rows = intervals.map((i) => header.map((h) => i[h as keyof typeof i] ?? null));
      return tableFile(c, format, `staffing-${day}`, header, rows);
    });

    route(target, {
      method: "get",
      path: `/reports/agent-states.${format}`,
      summary: `Time in each agent state and not-ready reason as ${
        format === "csv" ? "CSV" : "an Excel workbook"
      } (seconds)`,
      tag: "reports",
      access: ROLE_GROUPS.supervisors,
      query: ReportQuerySchema,
    }, (c) => {
      const request = readRequest(c);
      const time = run(() => deps.reports.stateTime(request));
      const rows: XlsxCell[][] = [
        ...Object.entries(time.byState).map(([k, ms]) => ["state", k, Math.round(ms / 1000)]),
        ...Object.entries(time.byReason).map(([k, ms]) => ["reason", k, Math.round(ms / 1000)]),
      ];
      const day = new Date(request.from).toISOString().slice(0, 10);
      return tableFile(c, format, `agent-states-${day}`, ["kind", "name", "seconds"], rows);
    });
  }

  route(target, {
    method: "get",
    path: "/reports/forecast",
    summary: "Calls and AHT per half hour for the coming week, with the forecast's MAPE",
    tag: "reports",
    access: ROLE_GROUPS.supervisors,
    query: ForecastQuerySchema,
  }, (c) => {
    const q = readQuery(c, ForecastQuerySchema);
    const scope =
      (q.scope === "center" ? { kind: "center" } : { kind: "queue", id: q.id! }) as Scope;
    const f = run(() =>
      deps.staffing.forecast(
        scope,
        q.tz ?? defaultZone(),
        q.weeks,
        q.special_days?.split(",") ?? [],
      )
    );
    return c.json({
      intervals: f.starts.map((start, i) => ({
        start: new Date(start).toISOString(),
        calls: f.calls[i],
        aht_s: f.ahtSeconds[i],
      })),
      mape: f.mape,
      baseline_mape: f.baselineMape,
      weeks_of_history: f.weeksOfHistory,
    });
  });

  route(target, {
    method: "get",
    path: "/reports/agent-states",
    summary:
      "Time in each agent state and not-ready reason over a period (ms), with not-ready time " +
      "split into paid and unpaid breaks by each reason's paid flag as set now",
    tag: "reports",
    access: ROLE_GROUPS.supervisors,
    query: ReportQuerySchema,
  }, (c) => {
    const request = readRequest(c);
    const time = run(() => deps.reports.stateTime(request));
    const paid = new Set(deps.reasons?.list().filter((r) => r.paid).map((r) => r.code));
    return c.json({
      by_state: time.byState,
      by_reason: time.byReason,
      breaks: breakTime(time.byReason, paid),
    });
  });
}
