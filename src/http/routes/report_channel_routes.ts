import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import {
  type ChannelReport,
  type ChannelReports,
  GRANULARITIES,
  PeriodError,
  REPORT_CHANNELS,
} from "../../reports/mod.ts";
import { ApiError } from "../api_error.ts";
import { route, type RouteTarget } from "../route.ts";
import { readQuery } from "../validate.ts";

export interface ReportChannelRouteDeps {
  channelReports: ChannelReports;
}

const isoInstant = z.string().refine((s) => Number.isFinite(Date.parse(s)), {
  message: "must be an ISO-8601 date and time",
});

export const ChannelReportQuerySchema = z.object({
  from: isoInstant.describe("start of the period (ISO-8601), on an interval boundary"),
  to: isoInstant.describe("end of the period (ISO-8601, not included)"),
  interval: z.enum(GRANULARITIES).default("60m"),
  tz: z.string().min(1).max(64).optional().describe("IANA time zone; the appliance's by default"),
  channel: z.enum(REPORT_CHANNELS).optional().describe("only this channel; all when absent"),
}).strict();

const FiguresSchema = z.record(z.string(), z.number().nullable());
const RowSchema = z.object({ start: z.string(), end: z.string(), figures: FiguresSchema });
export const ChannelReportResponseSchema = z.object({
  period: z.object({
    from: z.string(),
    to: z.string(),
    interval: z.enum(GRANULARITIES),
    time_zone: z.string(),
  }),
  rollups_behind: z.number(),
  channels: z.array(z.object({
    channel: z.enum(REPORT_CHANNELS),
    rows: z.array(RowSchema),
    total: FiguresSchema,
  })),
});

function toJson(report: ChannelReport) {
  const { request } = report;
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    period: {
      from: iso(request.from),
      to: iso(request.to),
      interval: request.granularity,
      time_zone: request.timeZone,
    },
    rollups_behind: report.behind,
    channels: report.channels.map((c) => ({
      channel: c.channel,
      rows: c.rows.map((r) => ({ start: iso(r.start), end: iso(r.end), figures: r.figures })),
      total: c.total,
    })),
  };
}

/** Figures by channel (voice, chat, e-mail, SMS) for supervisors, managers and admins. */
export function mountReportChannelRoutes(
  target: RouteTarget,
  deps: ReportChannelRouteDeps,
): void {
  route(target, {
    method: "get",
    path: "/reports/channels",
    summary:
      "Offered, handled, abandoned, service level, ASA, AHT, first response and the bot's share, by channel",
    tag: "reports",
    access: ROLE_GROUPS.supervisors,
    query: ChannelReportQuerySchema,
    response: ChannelReportResponseSchema,
  }, (c) => {
    const q = readQuery(c, ChannelReportQuerySchema);
    try {
      return c.json(toJson(deps.channelReports.report({
        from: Date.parse(q.from),
        to: Date.parse(q.to),
        granularity: q.interval,
        timeZone: q.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
        channel: q.channel,
      })));
    } catch (error) {
      if (error instanceof PeriodError) {
        throw ApiError.badRequest(error.message, { field: "period" });
      }
      throw error;
    }
  });
}
