import { stringify } from "csv-stringify/sync";
import { METRICS } from "./kpi/catalog.ts";
import type { Report } from "./report_service.ts";
import type { XlsxSheet } from "./xlsx/xlsx_workbook.ts";

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

/** A report's header and lines: one per interval and a last "total" line. */
function reportLines(report: Report): { header: string[]; rows: (string | number | null)[][] } {
  const header = ["row", "start", "end", ...METRICS.map((m) => m.id), ...COUNT_COLUMNS];
  const line = (label: string, row: Report["total"]) => [
    label,
    new Date(row.start).toISOString(),
    new Date(row.end).toISOString(),
    ...METRICS.map((m) => row.metrics[m.id] ?? null),
    ...COUNT_COLUMNS.map((c) => row.counts[c] ?? null),
  ];
  return {
    header,
    rows: [...report.rows.map((r) => line("interval", r)), line("total", report.total)],
  };
}

/**
 * A report as CSV: one line per interval and a last "total" line for the whole period; figures with no
 * denominator are empty cells (the page shows "—"). Times are ISO-8601 UTC.
 */
export function reportCsv(report: Report): string {
  const { header, rows } = reportLines(report);
  return stringify([header, ...rows.map((r) => r.map((v) => v ?? ""))]);
}

/** The same lines as {@link reportCsv}, as a worksheet; figures with no denominator are empty. */
export function reportSheet(report: Report): XlsxSheet {
  const { header, rows } = reportLines(report);
  return { name: `${report.request.scope.kind} ${report.request.granularity}`, header, rows };
}
