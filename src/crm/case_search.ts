import { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import { CASE_PRIORITIES, CASE_STATUSES, OPEN_STATUSES } from "./case_workflow.ts";
import type { Case } from "./case_record.ts";
import { parse } from "./customers.ts";

export const CaseSearchSchema = z.object({
  /** Words of the subject, or a case number. */
  q: z.string().trim().max(200).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  open: z.boolean().optional(),
  tier: z.number().int().min(1).max(3).optional(),
  assignee_id: z.number().int().positive().optional(),
  team_id: z.number().int().positive().optional(),
  customer_id: z.number().int().positive().optional(),
  category: z.string().trim().min(1).max(60).optional(),
  priority: z.enum(CASE_PRIORITIES).optional(),
  /** Due before this time (ISO). */
  due_before: z.iso.datetime().optional(),
  breached: z.boolean().optional(),
  limit: z.number().int().min(1).max(200).optional(),
}).strict();
export type CaseQuery = z.input<typeof CaseSearchSchema>;

/** A case as lists show it: with the customer's name and the owner's. */
export interface CaseRow extends Case {
  customer: string;
  assignee: string | null;
  team: string | null;
}

/** The counts of an agent's "my work" lists, as the desktop's header shows them. */
export interface WorkCounts {
  assigned: number;
  due_today: number;
  breached: number;
  waiting: number;
  follow_ups: number;
}

export const WORK_LISTS = ["assigned", "due_today", "breached", "waiting", "tier2"] as const;
export type WorkList = typeof WORK_LISTS[number];

// Written exactly as the partial indexes of migration 016 are, so SQLite can use them.
const OPEN_SQL = `(${OPEN_STATUSES.map((s) => `'${s}'`).join(",")})`;
const PRIORITY_RANK =
  "(CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END)";
const ROW_SELECT = `SELECT c.*, cu.name AS customer, u.display_name AS assignee, t.name AS team
  FROM cases c JOIN customers cu ON cu.id = c.customer_id
  LEFT JOIN users u ON u.id = c.assignee_id LEFT JOIN teams t ON t.id = c.team_id`;

/**
 * Finding cases outside a call: a search with filters, each agent's "my work" lists and
 * a tier-2 team's queue. Every list is bounded and walks an index, so it stays fast on
 * millions of cases.
 */
export class CaseSearch {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  search(input: CaseQuery): CaseRow[] {
    const f = parse(CaseSearchSchema, input);
    const where: string[] = [];
    const params: (string | number)[] = [];
    const add = (sql: string, ...values: (string | number)[]) => {
      where.push(sql), params.push(...values);
    };
    const q = f.q ?? "";
    if (/^#?\d{1,12}$/.test(q)) add("c.id = ?", Number(q.replace("#", "")));
    else if (q) add("c.subject LIKE ? ESCAPE '\\'", `%${q.replace(/[%_\\]/g, "\\$&")}%`);
    if (f.status) add("c.status = ?", f.status);
    if (f.open) where.push(`c.status IN ${OPEN_SQL}`);
    if (f.tier !== undefined) add("c.tier = ?", f.tier);
    if (f.assignee_id !== undefined) add("c.assignee_id = ?", f.assignee_id);
    if (f.team_id !== undefined) add("c.team_id = ?", f.team_id);
    if (f.customer_id !== undefined) add("c.customer_id = ?", f.customer_id);
    if (f.category) add("c.category = ?", f.category);
    if (f.priority) add("c.priority = ?", f.priority);
    if (f.due_before) add("c.due_at < ?", isoTime(Date.parse(f.due_before)));
    if (f.breached) {
      add(`c.status IN ${OPEN_SQL} AND c.due_at < ?`, isoTime(this.clock.now()));
    }
    // An owner's cases are walked in the order shown rather than all read and sorted (an
    // agent may own tens of thousands); the planner without statistics would not choose so.
    const hint = f.assignee_id !== undefined && f.customer_id === undefined && !/^#?\d/.test(q)
      ? "INDEXED BY cases_assignee_updated"
      : "";
    return this.db.all<CaseRow>(
      `${ROW_SELECT.replace("FROM cases c", `FROM cases c ${hint}`)} ${
        where.length ? `WHERE ${where.join(" AND ")}` : ""
      }
       ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`,
      ...params,
      f.limit ?? 50,
    );
  }

  /** One case with the names of its customer, owner and team, as the case page shows it. */
  row(id: number): CaseRow | undefined {
    return this.db.get<CaseRow>(`${ROW_SELECT} WHERE c.id = ?`, id);
  }

  /** One of an agent's "my work" lists; `tier2` is the queue of their team's escalations. */
  workList(list: WorkList, userId: number, limit = 100): CaseRow[] {
    const now = this.clock.now();
    switch (list) {
      case "assigned":
        return this.#mine(userId, "", [], limit);
      case "due_today":
        return this.#mine(userId, "AND c.due_at >= ? AND c.due_at < ?", [
          isoTime(now),
          isoTime(endOfDay(now)),
        ], limit);
      case "breached":
        return this.#mine(userId, "AND c.due_at < ?", [isoTime(now)], limit);
      case "waiting":
        return this.db.all<CaseRow>(
          `${ROW_SELECT} WHERE c.assignee_id = ? AND c.status = 'pending_customer'
           ORDER BY c.due_at IS NULL, c.due_at LIMIT ?`,
          userId,
          limit,
        );
      case "tier2":
        return this.tier2Queue(this.#teamOf(userId), limit);
    }
  }

  /**
   * A tier-2 team's queue: escalated cases sent to the team (or to nobody in
   * particular when `teamId` is null), most urgent first, then the soonest due.
   */
  tier2Queue(teamId: number | null, limit = 100): CaseRow[] {
    // One ordered walk of the queue index per team (the team's, then nobody's), merged.
    const walk = (team: number | null) =>
      this.db.all<{ id: number; rank: number; due: string }>(
        `SELECT id, ${PRIORITY_RANK} AS rank, coalesce(due_at, '9999') AS due FROM cases
         WHERE tier = 2 AND status = 'escalated' AND team_id ${team === null ? "IS NULL" : "= ?"}
         ORDER BY ${PRIORITY_RANK}, coalesce(due_at, '9999'), id LIMIT ?`,
        ...(team === null ? [] : [team]),
        limit,
      );
    const ids = [...(teamId === null ? [] : walk(teamId)), ...walk(null)]
      .sort((a, b) => a.rank - b.rank || a.due.localeCompare(b.due) || a.id - b.id)
      .slice(0, limit);
    return ids.map((r) => this.row(r.id)!).filter(Boolean);
  }

  counts(userId: number): WorkCounts {
    const now = this.clock.now();
    const row = this.db.get<Omit<WorkCounts, "follow_ups">>(
      `SELECT count(*) AS assigned,
         coalesce(sum(due_at >= ? AND due_at < ?), 0) AS due_today,
         coalesce(sum(due_at < ?), 0) AS breached,
         coalesce(sum(status = 'pending_customer'), 0) AS waiting
       FROM cases WHERE assignee_id = ? AND status IN ${OPEN_SQL}`,
      isoTime(now),
      isoTime(endOfDay(now)),
      isoTime(now),
      userId,
    )!;
    const followUps = this.db.get<{ n: number }>(
      "SELECT count(*) AS n FROM follow_ups WHERE assignee_id = ? AND status = 'open'",
      userId,
    )?.n ?? 0;
    return { ...row, follow_ups: followUps };
  }

  /** Teams a case may be escalated to, with the active people in each, by name. */
  escalationTargets(): { id: number; name: string; people: { id: number; name: string }[] }[] {
    const people = this.db.all<{ id: number; name: string; team_id: number }>(
      `SELECT id, display_name AS name, team_id FROM users
       WHERE active = 1 AND team_id IS NOT NULL ORDER BY display_name`,
    );
    return this.db.all<{ id: number; name: string }>("SELECT id, name FROM teams ORDER BY name")
      .map((t) => ({
        ...t,
        people: people.filter((p) => p.team_id === t.id).map(({ id, name }) => ({ id, name })),
      }));
  }

  /**
   * An owner's open cases, soonest due first, walked along (owner, due time) and stopped
   * at `limit`; cases without a due time come after those with one.
   */
  #mine(userId: number, extra: string, params: string[], limit: number): CaseRow[] {
    const dated = this.db.all<CaseRow>(
      `${ROW_SELECT.replace("FROM cases c", "FROM cases c INDEXED BY cases_assignee_due")}
       WHERE c.assignee_id = ? AND c.due_at IS NOT NULL AND c.status IN ${OPEN_SQL} ${extra}
       ORDER BY c.due_at, c.id LIMIT ?`,
      userId,
      ...params,
      limit,
    );
    if (dated.length === limit || extra !== "") return dated;
    return [
      ...dated,
      ...this.db.all<CaseRow>(
        `${ROW_SELECT} WHERE c.assignee_id = ? AND c.due_at IS NULL AND c.status IN ${OPEN_SQL}
         ORDER BY c.id LIMIT ?`,
        userId,
        limit - dated.length,
      ),
    ];
  }

  #teamOf(userId: number): number | null {
    return this.db.get<{ team_id: number | null }>(
      "SELECT team_id FROM users WHERE id = ?",
      userId,
    )?.team_id ?? null;
  }
}

/** The end of the UTC day holding `ms`. */
function endOfDay(ms: number): number {
  return Math.floor(ms / 86_400_000) * 86_400_000 + 86_400_000;
}
