import { type Database, isoTime } from "../../db/mod.ts";
import { listOf, type ListRequest, type ReportList } from "./report_list.ts";

/** How many abandoned calls one list shows at most (newest first). */
export const ABANDONED_LIMIT = 5000;

/**
 * Calls whose caller hung up while waiting in a queue in the period, newest first: when,
 * which queue, the caller's number, how long they waited, whether it was a short abandon
 * (KPI.md), and the state of a callback request for the call if one was made.
 */
export function abandonedCalls(db: Database, req: ListRequest): ReportList {
  const rows = db.all<{
    call_id: string;
    at: string;
    queue: string | null;
    queue_id: number | null;
    caller: string | null;
    data: string;
    callback: string | null;
  }>(
    `SELECT e.call_id, e.at, q.name AS queue, e.queue_id, c.caller, e.data,
       (SELECT status FROM callbacks b WHERE b.call_id = e.call_id ORDER BY b.id DESC LIMIT 1)
         AS callback
     FROM call_events e
     LEFT JOIN calls c ON c.id = e.call_id
     LEFT JOIN queues q ON q.id = e.queue_id
     WHERE e.type = 'queue.abandoned' AND e.at >= ? AND e.at < ?
       AND (? IS NULL OR e.queue_id = ?)
     ORDER BY e.at DESC, e.seq DESC
     LIMIT ?`,
    isoTime(req.fromMs),
    isoTime(req.toMs),
    req.queueId ?? null,
    req.queueId ?? null,
    ABANDONED_LIMIT,
  );
  return listOf(
    "abandoned",
    [
      { id: "call_id", kind: "text" },
      { id: "abandoned_at", kind: "time" },
      { id: "queue", kind: "text" },
      { id: "caller", kind: "text" },
      { id: "wait_s", kind: "seconds" },
      { id: "short", kind: "flag" },
      { id: "callback", kind: "text" },
    ],
    rows.map((r) => {
      const data = JSON.parse(r.data) as { wait_ms?: number; short?: boolean | number };
      return {
        call_id: r.call_id,
        abandoned_at: new Date(Date.parse(r.at)).toISOString(),
        queue: r.queue ?? (r.queue_id === null ? null : String(r.queue_id)),
        caller: r.caller,
        wait_s: typeof data.wait_ms === "number" ? Math.round(data.wait_ms / 100) / 10 : null,
        short: data.short === true || data.short === 1 ? 1 : 0,
        callback: r.callback,
      };
    }),
  );
}

/** An abandoned call's caller and queue, for a callback request; undefined if unknown. */
export function abandonedCall(
  db: Database,
  callId: string,
): { number: string; queueId: number | null; customerId: number | null } | undefined {
  const row = db.get<
    { caller: string | null; queue_id: number | null; customer_id: number | null }
  >(
    `SELECT c.caller, e.queue_id, c.customer_id FROM call_events e
     JOIN calls c ON c.id = e.call_id
     WHERE e.call_id = ? AND e.type = 'queue.abandoned'
     ORDER BY e.seq DESC LIMIT 1`,
    callId,
  );
  if (!row?.caller) return undefined;
  return { number: row.caller, queueId: row.queue_id, customerId: row.customer_id };
}
