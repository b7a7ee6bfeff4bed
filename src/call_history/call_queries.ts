import { z } from "zod";
import type { Database } from "../db/mod.ts";

export const CallListQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).optional().describe(
    "calls started at or after (ISO 8601)",
  ),
  to: z.iso.datetime({ offset: true }).optional().describe("calls started before (ISO 8601)"),
  number: z.string().max(40).optional().describe("caller or dialed number contains this"),
  state: z.string().max(20).optional().describe(
    "offered, answered, queued, connected, ended; or live",
  ),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.string().max(64).optional().describe("page: started_at of the last call seen"),
});
export type CallListQuery = z.infer<typeof CallListQuerySchema>;

export interface CallRow {
  id: string;
  direction: string;
  state: string;
  trunk_id: number | null;
  did: string | null;
  caller: string | null;
  customer_id: number | null;
  queue_id: number | null;
  agent_id: number | null;
  started_at: string;
  answered_at: string | null;
  ended_at: string | null;
  end_cause: string | null;
}

/** Reads calls for the API: recent and live, filtered, newest first. */
export function listCalls(db: Database, q: CallListQuery): CallRow[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (q.from) (where.push("started_at >= ?"), params.push(new Date(q.from).toISOString()));
  if (q.to) (where.push("started_at < ?"), params.push(new Date(q.to).toISOString()));
  if (q.before) (where.push("started_at < ?"), params.push(q.before));
  if (q.number) {
    where.push("(instr(caller, ?) > 0 OR instr(did, ?) > 0)");
    params.push(q.number, q.number);
  }
  if (q.state === "live") where.push("state <> 'ended'");
  else if (q.state) (where.push("state = ?"), params.push(q.state));
  const sql = `SELECT * FROM calls ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
    ORDER BY started_at DESC LIMIT ?`;
  return db.all<CallRow>(sql, ...params, q.limit);
}

export function getCall(db: Database, id: string): CallRow | undefined {
  return db.get<CallRow>("SELECT * FROM calls WHERE id = ?", id);
}
