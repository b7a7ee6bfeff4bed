import { type Database, isoTime } from "../../db/mod.ts";
import { listOf, type ListRequest, percent, type ReportList } from "./report_list.ts";

/**
 * Wrap-up dispositions chosen for contacts that started in the period (optionally in one
 * queue): per disposition its count, its share of all dispositioned contacts and whether
 * it resolves the issue (what first-contact resolution counts), most used first.
 */
export function dispositionReport(db: Database, req: ListRequest): ReportList {
  const rows = db.all<{ code: string; label: string; resolves: number; n: number }>(
    `SELECT d.code, d.label, d.resolves, count(*) AS n
     FROM interactions i JOIN dispositions d ON d.id = i.disposition_id
     WHERE i.started_at >= ? AND i.started_at < ? AND (? IS NULL OR i.queue_id = ?)
     GROUP BY d.id ORDER BY n DESC, d.code`,
    isoTime(req.fromMs),
    isoTime(req.toMs),
    req.queueId ?? null,
    req.queueId ?? null,
  );
  const total = rows.reduce((sum, r) => sum + r.n, 0);
  return listOf(
    "dispositions",
    [
      { id: "code", kind: "text" },
      { id: "label", kind: "text" },
      { id: "resolves", kind: "flag" },
      { id: "contacts", kind: "count" },
      { id: "share", kind: "percent" },
    ],
    rows.map((r) => ({
      code: r.code,
      label: r.label,
      resolves: r.resolves ? 1 : 0,
      contacts: r.n,
      share: percent(r.n, total),
    })),
  );
}
