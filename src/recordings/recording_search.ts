import { z } from "zod";
import type { Database } from "../db/mod.ts";

export const RecordingSearchSchema = z.object({
  from: z.iso.datetime({ offset: true }).optional().describe("Calls started at or after"),
  to: z.iso.datetime({ offset: true }).optional().describe("Calls started before"),
  agent_id: z.coerce.number().int().positive().optional(),
  team_id: z.coerce.number().int().positive().optional(),
  queue_id: z.coerce.number().int().positive().optional(),
  caller: z.string().trim().min(3).max(32).optional().describe("The caller's number, or its end"),
  customer_id: z.coerce.number().int().positive().optional(),
  case_id: z.coerce.number().int().positive().optional(),
  disposition: z.string().min(1).max(40).optional().describe("A disposition code"),
  direction: z.enum(["inbound", "outbound", "internal"]).optional(),
  min_duration_s: z.coerce.number().min(0).optional(),
  max_duration_s: z.coerce.number().min(0).optional(),
  not_reviewed: z.enum(["1", "true"]).optional().describe("Only calls no QA evaluation covers yet"),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
}).strict();
export type RecordingSearch = z.infer<typeof RecordingSearchSchema>;

/** A recording with what its call was, as the search lists it. */
export interface RecordingHit {
  id: number;
  call_id: string;
  channels: number;
  started_at: string;
  duration_ms: number | null;
  pauses: { at_ms: number; duration_ms: number }[];
  direction: string;
  caller: string | null;
  agent_id: number | null;
  agent_name: string | null;
  queue_id: number | null;
  queue_name: string | null;
  customer_id: number | null;
  customer_name: string | null;
  call_started_at: string;
}

/**
 * Finds recordings by their calls: period, agent or team, queue, caller, customer, case,
 * disposition, direction and length, newest first. The period and the agent (or queue)
 * go through `calls`' own indexes, so a month of one agent's calls is found without
 * reading the rest.
 */
export function searchRecordings(db: Database, q: RecordingSearch): RecordingHit[] {
  const where: string[] = ["r.duration_ms IS NOT NULL"];
  const args: (string | number)[] = [];
  const add = (sql: string, ...values: (string | number)[]) => {
    where.push(sql);
    args.push(...values);
  };
  if (q.from) add("c.started_at >= ?", new Date(q.from).toISOString());
  if (q.to) add("c.started_at < ?", new Date(q.to).toISOString());
  if (q.agent_id !== undefined) add("c.agent_id = ?", q.agent_id);
  if (q.team_id !== undefined) {
    add("c.agent_id IN (SELECT id FROM users WHERE team_id = ?)", q.team_id);
  }
  if (q.queue_id !== undefined) add("c.queue_id = ?", q.queue_id);
  if (q.caller) add("c.caller LIKE ?", `%${q.caller.replace(/[%_]/g, "")}`);
  if (q.customer_id !== undefined) add("c.customer_id = ?", q.customer_id);
  if (q.direction) add("c.direction = ?", q.direction);
  if (q.case_id !== undefined) {
    add(
      "EXISTS (SELECT 1 FROM interactions i WHERE i.call_id = c.id AND i.case_id = ?)",
      q.case_id,
    );
  }
  if (q.disposition) {
    add(
      `EXISTS (SELECT 1 FROM interactions i JOIN dispositions d ON d.id = i.disposition_id
        WHERE i.call_id = c.id AND d.code = ?)`,
      q.disposition,
    );
  }
  if (q.not_reviewed) {
    where.push("NOT EXISTS (SELECT 1 FROM qa_evaluations e WHERE e.call_id = c.id)");
  }
  if (q.min_duration_s !== undefined) add("r.duration_ms >= ?", q.min_duration_s * 1000);
  if (q.max_duration_s !== undefined) add("r.duration_ms <= ?", q.max_duration_s * 1000);
  const rows = db.all<Omit<RecordingHit, "pauses"> & { pauses: string }>(
    `SELECT r.id, r.call_id, r.channels, r.started_at, r.duration_ms, r.pauses,
       c.direction, c.caller, c.agent_id, u.display_name AS agent_name, c.queue_id,
       q.name AS queue_name, c.customer_id, k.name AS customer_name,
       c.started_at AS call_started_at
     FROM calls c
     JOIN recordings r ON r.call_id = c.id
     LEFT JOIN users u ON u.id = c.agent_id
     LEFT JOIN queues q ON q.id = c.queue_id
     LEFT JOIN customers k ON k.id = c.customer_id
     WHERE ${where.join(" AND ")}
     ORDER BY c.started_at DESC, r.id DESC
     LIMIT ? OFFSET ?`,
    ...args,
    q.limit,
    q.offset,
  );
  return rows.map((r) => ({ ...r, pauses: JSON.parse(r.pauses) }));
}
