import { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import { parse } from "./customers.ts";
import { NotFoundError, unknownReferences } from "./errors.ts";

export const FOLLOW_UP_KINDS = ["follow_up", "birthday", "renewal", "win_back"] as const;
export type FollowUpKind = typeof FOLLOW_UP_KINDS[number];
export const CARE_LISTS = ["birthday", "renewal", "win_back"] as const;
export type CareList = typeof CARE_LISTS[number];

export const NewFollowUpSchema = z.object({
  customer_id: z.number().int().positive(),
  due_at: z.iso.datetime({ offset: true }),
  note: z.string().max(5000).optional(),
  assignee_id: z.number().int().positive().nullable().optional(),
  case_id: z.number().int().positive().nullable().optional(),
}).strict();

export const FollowUpUpdateSchema = z.object({
  status: z.enum(["open", "done", "cancelled"]),
  due_at: z.iso.datetime({ offset: true }),
  note: z.string().max(5000),
  assignee_id: z.number().int().positive().nullable(),
}).partial().strict();

export const CareListSchema = z.object({
  kind: z.enum(CARE_LISTS),
  /** Birthdays and renewals falling within the next N days. */
  within_days: z.number().int().min(0).max(366).default(7),
  /** Win-back: customers with no contact for this many days. */
  inactive_days: z.number().int().min(1).max(3650).default(90),
  /** Who calls them; by default each customer's last agent. */
  assignee_id: z.number().int().positive().nullable().optional(),
  limit: z.number().int().min(1).max(10_000).default(500),
}).strict();

export interface FollowUp {
  id: number;
  customer_id: number;
  customer_name: string;
  phone: string | null;
  kind: FollowUpKind;
  due_at: string;
  assignee_id: number | null;
  case_id: number | null;
  note: string;
  status: "open" | "done" | "cancelled";
  created_at: string;
  done_at: string | null;
  /** Calls placed for the task so far, and the last one. */
  attempts: number;
  last_call_id: string | null;
  last_attempt_at: string | null;
}

const DAY_MS = 86_400_000;

const SELECT = `
  SELECT f.id, f.customer_id, c.name AS customer_name,
    (SELECT e164 FROM customer_phones p WHERE p.customer_id = f.customer_id ORDER BY p.id LIMIT 1)
      AS phone,
    f.kind, f.due_at, f.assignee_id, f.case_id, f.note, f.status, f.created_at, f.done_at,
    f.attempts, f.last_call_id, f.last_attempt_at
  FROM follow_ups f JOIN customers c ON c.id = f.customer_id`;

/** Scheduled call-backs and care lists, which make up agents' task lists. */
export class FollowUps {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  get(id: number): FollowUp | undefined {
    return this.db.get<FollowUp>(`${SELECT} WHERE f.id = ?`, id);
  }

  create(input: z.infer<typeof NewFollowUpSchema>, actorId: number | null): FollowUp {
    const data = parse(NewFollowUpSchema, input);
    return this.db.transaction(() => {
      if (!this.db.get("SELECT 1 AS x FROM customers WHERE id = ?", data.customer_id)) {
        throw new NotFoundError(`Customer ${data.customer_id}`);
      }
      this.#assertUser(data.assignee_id ?? null);
      this.#assertCase(data.case_id ?? null);
      const id = this.db.run(
        `INSERT INTO follow_ups (customer_id, kind, due_at, assignee_id, case_id, note, created_by, created_at)
         VALUES (?, 'follow_up', ?, ?, ?, ?, ?, ?)`,
        data.customer_id,
        new Date(data.due_at).toISOString(),
        data.assignee_id === undefined ? actorId : data.assignee_id,
        data.case_id ?? null,
        data.note ?? "",
        actorId,
        isoTime(this.clock.now()),
      ).lastInsertRowid;
      return this.get(id)!;
    });
  }

  update(id: number, change: z.infer<typeof FollowUpUpdateSchema>): FollowUp {
    const data = parse(FollowUpUpdateSchema, change);
    return this.db.transaction(() => {
      const current = this.get(id);
      if (!current) throw new NotFoundError(`Follow-up ${id}`);
      if (data.assignee_id !== undefined) this.#assertUser(data.assignee_id);
      const status = data.status ?? current.status;
      this.db.run(
        `UPDATE follow_ups SET status = ?, due_at = ?, note = ?, assignee_id = ?, done_at = ?
         WHERE id = ?`,
        status,
        data.due_at ? new Date(data.due_at).toISOString() : current.due_at,
        data.note ?? current.note,
        data.assignee_id === undefined ? current.assignee_id : data.assignee_id,
        status === "open" ? null : current.done_at ?? isoTime(this.clock.now()),
        id,
      );
      return this.get(id)!;
    });
  }

  /**
   * Counts a call placed for the task; it stays open (an unanswered call is not the task
   * done). Returns the task, or undefined when there is none by that id.
   */
  recordAttempt(id: number, callId: string): FollowUp | undefined {
    this.db.run(
      `UPDATE follow_ups SET attempts = attempts + 1, last_call_id = ?, last_attempt_at = ?
       WHERE id = ?`,
      callId,
      isoTime(this.clock.now()),
      id,
    );
    return this.get(id);
  }

  /** A person's open tasks, overdue first, up to `horizonDays` ahead. */
  tasksFor(userId: number, horizonDays = 7): FollowUp[] {
    return this.db.all<FollowUp>(
      `${SELECT} WHERE f.assignee_id = ? AND f.status = 'open' AND f.due_at <= ?
       ORDER BY f.due_at, f.id LIMIT 500`,
      userId,
      isoTime(this.clock.now() + horizonDays * DAY_MS),
    );
  }

  /**
   * Adds a care list's customers as tasks. A customer who already has an open task of
   * the same kind gets no second one, so running a list daily is safe.
   */
  generate(input: z.input<typeof CareListSchema>, actorId: number | null): { created: number } {
    const opts = parse(CareListSchema, input);
    if (opts.assignee_id) this.#assertUser(opts.assignee_id);
    const nowMs = this.clock.now();
    const today = isoTime(nowMs).slice(0, 10);
    const candidates = this.#candidates(opts.kind, opts, nowMs);
    let created = 0;
    this.db.transaction(() => {
      for (const c of candidates.slice(0, opts.limit)) {
        const assignee = opts.assignee_id === undefined ? c.last_agent_id : opts.assignee_id;
        const result = this.db.run(
          `INSERT OR IGNORE INTO follow_ups (customer_id, kind, due_at, assignee_id, note, created_by, created_at)
           SELECT ?, ?, ?, ?, ?, ?, ?
           WHERE NOT EXISTS (SELECT 1 FROM follow_ups WHERE customer_id = ? AND kind = ? AND status = 'open')`,
          c.id,
          opts.kind,
          `${c.due ?? today}T01:00:00.000Z`,
          assignee,
          c.note,
          actorId,
          isoTime(nowMs),
          c.id,
          opts.kind,
        );
        created += result.changes;
      }
    });
    return { created };
  }

  #candidates(kind: CareList, opts: z.infer<typeof CareListSchema>, nowMs: number) {
    type Candidate = { id: number; last_agent_id: number | null; due?: string; note: string };
    if (kind === "win_back") {
      const since = isoTime(nowMs - opts.inactive_days * DAY_MS);
      return this.db.all<{ id: number; last_agent_id: number | null; last: string }>(
        `SELECT c.id, c.last_agent_id,
           (SELECT max(started_at) FROM interactions i WHERE i.customer_id = c.id) AS last
         FROM customers c WHERE last IS NOT NULL AND last < ? ORDER BY last LIMIT ?`,
        since,
        opts.limit,
      ).map((r): Candidate => ({ ...r, note: `No contact since ${r.last.slice(0, 10)}` }));
    }
    const days = Array.from(
      { length: opts.within_days + 1 },
      (_, i) => isoTime(nowMs + i * DAY_MS).slice(0, 10),
    );
    if (kind === "renewal") {
      return this.db.all<{ id: number; last_agent_id: number | null; renewal_at: string }>(
        `SELECT id, last_agent_id, renewal_at FROM customers
         WHERE renewal_at >= ? AND renewal_at <= ? ORDER BY renewal_at, id`,
        days[0],
        days.at(-1)!,
      ).map((r): Candidate => ({ ...r, note: `Contract renews on ${r.renewal_at}` }));
    }
    // Birthdays repeat every year: match on month and day, the due day in this year or next.
    const byMonthDay = new Map(days.map((d) => [d.slice(5), d]));
    return this.db.all<{ id: number; last_agent_id: number | null; birthday: string }>(
      "SELECT id, last_agent_id, birthday FROM customers WHERE birthday IS NOT NULL",
    ).filter((r) => byMonthDay.has(r.birthday.slice(-5))).map((r): Candidate => ({
      ...r,
      due: byMonthDay.get(r.birthday.slice(-5)),
      note: "Birthday greetings",
    }));
  }

  /** A follow-up for a case that is not there is refused at that field. */
  #assertCase(id: number | null) {
    if (id === null || this.db.get("SELECT 1 AS x FROM cases WHERE id = ?", id)) return;
    throw unknownReferences([{ path: "case_id", what: "case", id }]);
  }

  /** A follow-up given to someone who is not there is refused at that field. */
  #assertUser(id: number | null) {
    if (id !== null && !this.db.get("SELECT 1 AS x FROM users WHERE id = ?", id)) {
      throw unknownReferences([{ path: "assignee_id", what: "user", id }]);
    }
  }
}
