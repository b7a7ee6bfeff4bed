import type { Context } from "hono";
import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import {
  GRANULARITIES,
  METRICS,
  PeriodError,
  type Report,
  reportCsv,
  type ReportRequest,
  type ReportService,
  type Scope,
  SCOPE_KINDS,
  ScopeError,
} from "../../reports/mod.ts";
import { ApiError } from "../api_error.ts";
import { route, type RouteTarget } from "../route.ts";
import { readQuery } from "../validate.ts";

export interface ReportRouteDeps {
  reports: ReportService;
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
}).strict().refine((q) => q.scope === "center" || q.id !== undefined, {
  message: "id is required for a queue, team or agent scope",
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
  rows: z.array(RowSchema),
  total: RowSchema,
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
    rows: report.rows.map(row),
    total: row(report.total),
  };
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
    path: "/reports/agent-states",
    summary: "Time in each agent state and not-ready reason over a period (ms)",
    tag: "reports",
    access: ROLE_GROUPS.supervisors,
    query: ReportQuerySchema,
  }, (c) => {
    const request = readRequest(c);
    const time = run(() => deps.reports.stateTime(request));
    return c.json({ by_state: time.byState, by_reason: time.byReason });
  });
}
