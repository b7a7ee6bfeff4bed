import { z } from "zod";
import type { Database } from "../db/mod.ts";

export const CsatQuerySchema = z.object({
  by: z.enum(["agent", "queue", "day", "week", "month"]).default("agent").describe(
    "What each row is: an agent, a queue, or a period (UTC days, ISO-like weeks, months)",
  ),
  from: z.iso.datetime({ offset: true }).optional().describe("Start of the period (inclusive)"),
  to: z.iso.datetime({ offset: true }).optional().describe("End of the period (exclusive)"),
  agent_id: z.coerce.number().int().positive().optional(),
  queue_id: z.coerce.number().int().positive().optional(),
}).strict();
export type CsatQuery = z.infer<typeof CsatQuerySchema>;

/** CSAT of one agent, queue or period, as KPI.md defines it. */
export interface CsatRow {
  /** The agent's or queue's id, or the period (`2026-12-06`, `2026-W49`, `2026-12`). */
  key: string;
  /** The agent's username or the queue's name; the period itself for periods. */
  label: string;
  /** Calls handed to a survey (the agent hung up first on a queue with one). */
  offered: number;
  /** Of those, calls on which the caller gave at least one score. */
  responded: number;
  /** Scores given (each question answered counts once). */
  scores: number;
  /** Average score, 1–5, two decimals; null without scores. */
  average: number | null;
  /** Scores at 4 or 5 ÷ scores × 100, one decimal; null without scores. */
  satisfied_pct: number | null;
  /** Responded ÷ offered × 100, one decimal; null when nothing was offered. */
  response_rate_pct: number | null;
}

const PERIOD: Record<string, string> = {
  day: "substr(%s, 1, 10)",
  month: "substr(%s, 1, 7)",
  week: "strftime('%Y-W%W', %s)",
};

/**
 * CSAT per agent, queue or period from the stored scores and the `survey.offered` call
 * events (KPI.md: average score and share at 4–5, with the response rate beside it).
 * Scores count by when they were given, offers by when they were made.
 */
export function csatFigures(db: Database, query: CsatQuery): CsatRow[] {
  const scoreKey = keyOf(query.by, "s.agent_id", "c.queue_id", "s.created_at");
  const offerKey = keyOf(query.by, "e.agent_id", "e.queue_id", "e.at");
  const scoreWhere: string[] = [];
  const offerWhere: string[] = ["e.type = 'survey.offered'"];
  const scoreArgs: (string | number)[] = [];
  const offerArgs: (string | number)[] = [];
  const filter = (sql: string, offerSql: string, value: string | number | undefined) => {
    if (value === undefined) return;
    scoreWhere.push(sql);
    scoreArgs.push(value);
    offerWhere.push(offerSql);
    offerArgs.push(value);
  };
  filter("s.created_at >= ?", "e.at >= ?", query.from && new Date(query.from).toISOString());
  filter("s.created_at < ?", "e.at < ?", query.to && new Date(query.to).toISOString());
  filter("s.agent_id = ?", "e.agent_id = ?", query.agent_id);
  filter("c.queue_id = ?", "e.queue_id = ?", query.queue_id);
  const scores = db.all<{ key: string | null; scores: number; total: number; satisfied: number }>(
    `SELECT ${scoreKey} AS key, count(*) AS scores, sum(s.score) AS total,
       sum(s.score >= 4) AS satisfied
     FROM surveys s LEFT JOIN calls c ON c.id = s.call_id
     ${scoreWhere.length ? `WHERE ${scoreWhere.join(" AND ")}` : ""}
     GROUP BY key`,
    ...scoreArgs,
  );
  const offers = db.all<{ key: string | null; offered: number; responded: number }>(
    `SELECT ${offerKey} AS key, count(DISTINCT e.call_id) AS offered,
       count(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM surveys s WHERE s.call_id = e.call_id)
         THEN e.call_id END) AS responded
     FROM call_events e WHERE ${offerWhere.join(" AND ")}
     GROUP BY key`,
    ...offerArgs,
  );
  const rows = new Map<string, CsatRow>();
  const row = (key: string | null) => {
    const k = key === null ? "" : String(key);
    let r = rows.get(k);
    if (!r) {
      r = {
        key: k,
        label: k,
        offered: 0,
        responded: 0,
        scores: 0,
        average: null,
        satisfied_pct: null,
        response_rate_pct: null,
      };
      rows.set(k, r);
    }
    return r;
  };
  for (const s of scores) {
    const r = row(s.key);
    r.scores = s.scores;
    r.average = round(s.total / s.scores, 2);
    r.satisfied_pct = round((s.satisfied / s.scores) * 100, 1);
  }
  for (const o of offers) {
    const r = row(o.key);
    r.offered = o.offered;
    r.responded = o.responded;
    r.response_rate_pct = o.offered ? round((o.responded / o.offered) * 100, 1) : null;
  }
  labelRows(db, query.by, rows);
  return [...rows.values()].sort((a, b) => a.key.localeCompare(b.key, "en", { numeric: true }));
}

function keyOf(by: CsatQuery["by"], agent: string, queue: string, at: string): string {
  if (by === "agent") return agent;
  if (by === "queue") return queue;
  return PERIOD[by].replaceAll("%s", at);
}

function labelRows(db: Database, by: CsatQuery["by"], rows: Map<string, CsatRow>): void {
  if (by !== "agent" && by !== "queue") return;
  const names = new Map(
    db.all<{ id: number; name: string }>(
      by === "agent" ? "SELECT id, username AS name FROM users" : "SELECT id, name FROM queues",
    ).map((r) => [String(r.id), r.name]),
  );
  for (const r of rows.values()) {
    r.label = names.get(r.key) ?? (r.key === "" ? "(none)" : r.key);
  }
}

function round(value: number, places: number): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}
