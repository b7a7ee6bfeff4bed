import { stringify } from "csv-stringify/sync";
import type { Database } from "../../db/mod.ts";
import type { XlsxSheet } from "../xlsx/xlsx_workbook.ts";
import { abandonedCalls } from "./abandoned_calls.ts";
import { dispositionReport } from "./disposition_report.ts";
import { ivrHangupReport, ivrReport } from "./ivr_lists.ts";
import type { ListKind, ListRequest, ReportList } from "./report_list.ts";
import { trunkUsage } from "./trunk_usage.ts";

/** The list report of a kind for a period (and queue, where the kind has one). */
export function reportList(db: Database, kind: ListKind, req: ListRequest): ReportList {
  switch (kind) {
    case "ivr":
      return ivrReport(db, req);
    case "ivr-hangups":
      return ivrHangupReport(db, req);
    case "abandoned":
      return abandonedCalls(db, req);
    case "trunks":
      return trunkUsage(db, req);
    case "dispositions":
      return dispositionReport(db, req);
  }
}

/**
 * Keeps the columns asked for, in the order asked; unknown ids are left out. No columns
 * asked: all of them.
 */
export function pickColumns(list: ReportList, columns?: readonly string[]): ReportList {
  if (!columns || columns.length === 0) return list;
  const index = columns.map((id) => list.columns.findIndex((c) => c.id === id))
    .filter((i) => i >= 0);
  if (index.length === 0) return list;
  return {
    kind: list.kind,
    columns: index.map((i) => list.columns[i]),
    rows: list.rows.map((r) => index.map((i) => r[i])),
  };
}

/** A list as CSV: a header of column ids, then the rows; empty cells for nothing. */
export function listCsv(list: ReportList): string {
  return stringify([list.columns.map((c) => c.id), ...list.rows.map((r) => r.map((v) => v ?? ""))]);
}

/** A list as one worksheet. */
export function listSheet(list: ReportList): XlsxSheet {
  return { name: list.kind, header: list.columns.map((c) => c.id), rows: list.rows };
}
