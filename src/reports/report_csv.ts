import { stringify } from "csv-stringify/sync";
import { METRICS } from "./kpi/catalog.ts";
import type { Report } from "./report_service.ts";

/** Counts exported beside the figures, so a reader can check every ratio. */
const COUNT_COLUMNS = [
  "incoming",
  "offered",
  "answered",
  "answered_within",
  "abandoned",
  "short_abandoned",
  "blocked",
  "handled",
] as const;

/**
 * A report as CSV: one line per interval and a last "total" line for the whole period; figures with no
 * denominator are empty cells (the page shows "—"). Times are ISO-8601 UTC.
 */
export function reportCsv(report: Report): string {
  const header = ["row", "start", "end", ...METRICS.map((m) => m.id), ...COUNT_COLUMNS];
  const line = (label: string, row: Report["total"]) => [
    label,
    new Date(row.start).toISOString(),
    new Date(row.end).toISOString(),
    ...METRICS.map((m) => row.metrics[m.id] ?? ""),
    ...COUNT_COLUMNS.map((c) => row.counts[c]),
  ];
  return stringify([
    header,
    ...report.rows.map((r) => line("interval", r)),
    line("total", report.total),
  ]);
}
