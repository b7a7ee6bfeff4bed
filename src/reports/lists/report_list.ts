/**
 * A report that is a table of rows rather than figures by interval (the IVR, abandoned
 * calls, trunk usage, dispositions): named columns of a kind, and rows of cells in that
 * column order. The page labels columns from its catalogs; exports use the ids.
 */

/** How a column's cells read: text, a count, a percentage (0–100), seconds, an instant (ISO-8601) or a yes/no flag (1/0). */
export type ColumnKind = "text" | "count" | "percent" | "seconds" | "time" | "flag";

export interface ListColumn {
  id: string;
  kind: ColumnKind;
}

/** A cell: text, a number, or null for "nothing to show" (the page shows "—"). */
export type ListCell = string | number | null;

export interface ReportList {
  kind: ListKind;
  columns: ListColumn[];
  rows: ListCell[][];
}

export const LIST_KINDS = ["ivr", "ivr-hangups", "abandoned", "trunks", "dispositions"] as const;
export type ListKind = typeof LIST_KINDS[number];

/** What every list is asked for: a period, and optionally one queue. */
export interface ListRequest {
  fromMs: number;
  toMs: number;
  queueId?: number;
}

/** A percentage with one decimal, or null with nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round(part / whole * 1000) / 10 : null;
}

/** Builds a list from column specs and row objects keyed by column id. */
export function listOf(
  kind: ListKind,
  columns: ListColumn[],
  rows: Record<string, ListCell>[],
): ReportList {
  return { kind, columns, rows: rows.map((r) => columns.map((c) => r[c.id] ?? null)) };
}
