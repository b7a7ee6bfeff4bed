import { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import { QualityError } from "./quality_error.ts";

const optionalId = z.number().int().positive().nullable().default(null);
const optionalSeconds = z.number().int().min(0).max(86_400).nullable().default(null);

export const SamplingRuleInputSchema = z.object({
  name: z.string().trim().min(1).max(80),
  active: z.boolean().default(true),
  /** `per_agent`: `amount` calls of each agent a week; `percent`: `amount` % of the week's calls. */
  mode: z.enum(["per_agent", "percent"]),
  amount: z.number().positive().max(100),
  queue_id: optionalId,
  team_id: optionalId,
  agent_id: optionalId,
  /** Only calls at least this long (recorded seconds). */
  min_duration_s: optionalSeconds,
  /** Only calls at most this long. */
  max_duration_s: optionalSeconds,
  /** Only calls wrapped up with one of these disposition codes; empty: any. */
  dispositions: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  /** The form the picked calls are to be scored on; null: the evaluator chooses. */
  form_id: optionalId,
  /** Whose worklist the picked calls go to; null: every evaluator's. */
  evaluator_id: optionalId,
}).strict()
  // Issues zod's own codes name (with the bound), so the page can word them itself.
  .superRefine((r, ctx) => {
    if (r.mode === "percent") return;
    const message = "a number of calls per agent is a whole number from 1 to 50";
    if (!Number.isInteger(r.amount)) {
      ctx.addIssue({ code: "invalid_type", expected: "int", path: ["amount"], message });
    } else if (r.amount > 50) {
      ctx.addIssue({
        code: "too_big",
        origin: "number",
        maximum: 50,
        inclusive: true,
        path: ["amount"],
        message,
      });
    }
  })
  .refine(
    (r) =>
      r.min_duration_s === null || r.max_duration_s === null ||
      r.min_duration_s <= r.max_duration_s,
    { message: "the shortest length must not be more than the longest", path: ["min_duration_s"] },
  );
export type SamplingRuleInput = z.infer<typeof SamplingRuleInputSchema>;

export interface SamplingRule extends SamplingRuleInput {
  id: number;
  created_at: string;
  updated_at: string;
}

export const WorklistQuerySchema = z.object({
  /** `open`: not yet scored (default); `done`: scored; `all`. */
  status: z.enum(["open", "done", "all"]).default("open"),
  /** Every evaluator's items, not only the asker's and the shared ones. */
  everyone: z.enum(["1", "true"]).optional(),
}).strict();
export type WorklistQuery = z.infer<typeof WorklistQuerySchema>;

/** A call picked for review, with what the evaluator needs to find and score it. */
export interface WorklistItem {
  id: number;
  rule_id: number;
  rule_name: string;
  period: string;
  recording_id: number;
  call_id: string;
  caller: string | null;
  agent_id: number | null;
  agent_name: string | null;
  queue_name: string | null;
  evaluator_id: number | null;
  evaluator_name: string | null;
  form_id: number | null;
  duration_ms: number | null;
  call_started_at: string;
  picked_at: string;
  /** The evaluation that covers the call, once scored. */
  evaluation_id: number | null;
}

interface Candidate {
  recording_id: number;
  call_id: string;
  agent_id: number;
  queue_id: number | null;
}

type StoredRule = Omit<SamplingRule, "active" | "dispositions"> & {
  active: number;
  dispositions: string;
};

const DAY_MS = 86_400_000;

/** The Monday 00:00 UTC that starts the week holding `ms`. */
export function weekStart(ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 is 3 days after a Monday.
  return (day - ((day + 3) % 7)) * DAY_MS;
}

/**
 * Picks `n` of `candidates` at random, spread over their queues: queues take turns (in
 * random order), each giving its next call at random, so a busy queue does not crowd
 * out a quiet one.
 */
export function stratifiedPick<T extends { queue_id: number | null }>(
  candidates: readonly T[],
  n: number,
  random: () => number,
): T[] {
  const groups = new Map<number | null, T[]>();
  for (const c of candidates) {
    const group = groups.get(c.queue_id) ?? [];
    group.push(c);
    groups.set(c.queue_id, group);
  }
  const queues = shuffle([...groups.values()].map((g) => shuffle(g, random)), random);
  const picked: T[] = [];
  while (picked.length < n && queues.some((q) => q.length > 0)) {
    for (const queue of queues) {
      const next = queue.shift();
      if (next && picked.length < n) picked.push(next);
    }
  }
  return picked;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * Sampling rules and the review worklist they fill: each active rule picks, for the
 * current week (Monday 00:00 UTC on), recorded agent calls that match its filters and
 * that no evaluation or earlier pick covers, either N per agent or a share of the
 * week's calls, at random and spread over queues. A call is picked once, by one rule;
 * it leaves the open list when any evaluation covers it.
 */
export class QaSampling {
  readonly #random: () => number;

  constructor(private readonly deps: { db: Database; clock: Clock; random?: () => number }) {
    this.#random = deps.random ?? Math.random;
  }

  /** Who picked calls can be given to: active QA staff, team leads, supervisors and admins. */
  evaluators(): { id: number; name: string }[] {
    return this.deps.db.all<{ id: number; name: string }>(
      `SELECT id, display_name AS name FROM users
       WHERE active = 1 AND role IN ('qa', 'team_lead', 'supervisor', 'admin')
       ORDER BY display_name`,
    ).map((r) => ({ ...r }));
  }

  rules(): SamplingRule[] {
    return this.deps.db.all<StoredRule>("SELECT * FROM qa_sampling_rules ORDER BY name")
      .map(ruleOf);
  }

  rule(id: number): SamplingRule | undefined {
    const row = this.deps.db.get<StoredRule>("SELECT * FROM qa_sampling_rules WHERE id = ?", id);
    return row && ruleOf(row);
  }

  saveRule(input: SamplingRuleInput, by: number, id?: number): SamplingRule {
    const { db, clock } = this.deps;
    // A rule that is not there is a 404 before anything about the new values.
    if (id !== undefined && !this.rule(id)) {
      throw new QualityError("not_found", `Sampling rule ${id}`);
    }
    const clash = db.get<{ id: number }>(
      "SELECT id FROM qa_sampling_rules WHERE name = ?",
      input.name,
    );
    if (clash && clash.id !== id) {
      throw new QualityError(
        "conflict",
        `A sampling rule named ${input.name} exists; choose another name`,
        { field: "name", code: "already_exists" },
      );
    }
    this.#assertReferences(input);
    const now = isoTime(clock.now());
    const values = [
      input.name,
      input.active ? 1 : 0,
      input.mode,
      input.amount,
      input.queue_id,
      input.team_id,
      input.agent_id,
      input.min_duration_s,
      input.max_duration_s,
      JSON.stringify(input.dispositions),
      input.form_id,
      input.evaluator_id,
    ];
    try {
      if (id === undefined) {
        id = db.run(
          `INSERT INTO qa_sampling_rules (name, active, mode, amount, queue_id, team_id, agent_id,
             min_duration_s, max_duration_s, dispositions, form_id, evaluator_id, created_by,
             created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ...values,
          by,
          now,
          now,
        ).lastInsertRowid;
      } else {
        db.run(
          `UPDATE qa_sampling_rules SET name = ?, active = ?, mode = ?, amount = ?, queue_id = ?,
             team_id = ?, agent_id = ?, min_duration_s = ?, max_duration_s = ?, dispositions = ?,
             form_id = ?, evaluator_id = ?, updated_at = ?
           WHERE id = ?`,
          ...values,
          now,
          id,
        );
      }
    } catch (error) {
      if (String(error).includes("FOREIGN KEY")) {
        throw new QualityError(
          "invalid",
          "The queue, team, agent, form or evaluator does not exist",
        );
      }
      throw error;
    }
    return this.rule(id)!;
  }

  /** A queue, team, agent, form or evaluator that is not there is refused at its field. */
  #assertReferences(input: SamplingRuleInput): void {
    // field, the table its id is in, what it is called, the code a client words it by
    const references = [
      ["queue_id", "queues", "queue", "unknown_queue"],
      ["team_id", "teams", "team", "unknown_team"],
      ["agent_id", "users", "agent", "unknown_agent"],
      ["form_id", "qa_forms", "form", "unknown_form"],
      ["evaluator_id", "users", "evaluator", "unknown_user"],
    ] as const;
    for (const [field, table, what, code] of references) {
      const id = input[field];
      if (id === null || this.deps.db.get(`SELECT 1 AS x FROM ${table} WHERE id = ?`, id)) continue;
      throw new QualityError(
        "invalid",
        `There is no ${what} ${id}; choose another or leave it empty`,
        { field, code },
      );
    }
  }

  /** Removes a rule; calls it picked and not yet scored leave the worklist with it. */
  removeRule(id: number): void {
    if (!this.rule(id)) throw new QualityError("not_found", `Sampling rule ${id}`);
    this.deps.db.run("DELETE FROM qa_sampling_rules WHERE id = ?", id);
  }

  /**
   * Runs the active rules (or one) for the current week; returns how many calls each
   * picked. Running again picks only what is still missing, so it is safe to repeat.
   */
  run(ruleId?: number): { rule_id: number; picked: number }[] {
    const rules = ruleId === undefined
      ? this.rules().filter((r) => r.active)
      : [this.rule(ruleId) ?? notFound(ruleId)];
    const now = this.deps.clock.now();
    const start = weekStart(now);
    return this.deps.db.transaction(() =>
      rules.map((rule) => ({ rule_id: rule.id, picked: this.#runRule(rule, start, now) }))
    );
  }

  #runRule(rule: SamplingRule, start: number, now: number): number {
    const { db } = this.deps;
    const period = isoTime(start).slice(0, 10);
    const filter = this.#filter(rule, start, now);
    const candidates = db.all<Candidate>(
      `SELECT min(r.id) AS recording_id, c.id AS call_id, c.agent_id, c.queue_id
       FROM calls c JOIN recordings r ON r.call_id = c.id
       WHERE ${filter.sql}
         AND NOT EXISTS (SELECT 1 FROM qa_evaluations e WHERE e.call_id = c.id)
         AND NOT EXISTS (SELECT 1 FROM qa_worklist w WHERE w.call_id = c.id)
       GROUP BY c.id ORDER BY c.id`,
      ...filter.args,
    );
    let picked: Candidate[];
    if (rule.mode === "per_agent") {
      const already = new Map(
        db.all<{ agent_id: number; n: number }>(
          `SELECT agent_id, count(*) AS n FROM qa_worklist
           WHERE rule_id = ? AND period = ? GROUP BY agent_id`,
          rule.id,
          period,
        ).map((r) => [r.agent_id, r.n]),
      );
      const byAgent = new Map<number, Candidate[]>();
      for (const c of candidates) byAgent.set(c.agent_id, [...byAgent.get(c.agent_id) ?? [], c]);
      picked = [...byAgent].flatMap(([agent, calls]) =>
        stratifiedPick(calls, Math.max(0, rule.amount - (already.get(agent) ?? 0)), this.#random)
      );
    } else {
      const total = db.get<{ n: number }>(
        `SELECT count(DISTINCT c.id) AS n FROM calls c JOIN recordings r ON r.call_id = c.id
         WHERE ${filter.sql}`,
        ...filter.args,
      )!.n;
      const already = db.get<{ n: number }>(
        "SELECT count(*) AS n FROM qa_worklist WHERE rule_id = ? AND period = ?",
        rule.id,
        period,
      )!.n;
      const target = Math.ceil((total * rule.amount) / 100);
      picked = stratifiedPick(candidates, Math.max(0, target - already), this.#random);
    }
    const pickedAt = isoTime(now);
    for (const c of picked) {
      db.run(
        `INSERT INTO qa_worklist (rule_id, period, recording_id, call_id, agent_id, queue_id,
           evaluator_id, form_id, picked_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        rule.id,
        period,
        c.recording_id,
        c.call_id,
        c.agent_id,
        c.queue_id,
        rule.evaluator_id,
        rule.form_id,
        pickedAt,
      );
    }
    return picked.length;
  }

  /** The calls a rule considers this week: recorded conversations with an agent. */
  #filter(rule: SamplingRule, start: number, now: number) {
    const where = [
      "c.started_at >= ?",
      "c.started_at < ?",
      "c.agent_id IS NOT NULL",
      "r.duration_ms IS NOT NULL",
      // The conversation (caller and agent), not the caller's IVR part.
      "r.channels = 2",
    ];
    const args: (string | number)[] = [isoTime(start), isoTime(now + 1)];
    const add = (sql: string, ...values: (string | number)[]) => {
      where.push(sql);
      args.push(...values);
    };
    if (rule.queue_id !== null) add("c.queue_id = ?", rule.queue_id);
    if (rule.agent_id !== null) add("c.agent_id = ?", rule.agent_id);
    if (rule.team_id !== null) {
      add("c.agent_id IN (SELECT id FROM users WHERE team_id = ?)", rule.team_id);
    }
    if (rule.min_duration_s !== null) add("r.duration_ms >= ?", rule.min_duration_s * 1000);
    if (rule.max_duration_s !== null) add("r.duration_ms <= ?", rule.max_duration_s * 1000);
    if (rule.dispositions.length > 0) {
      add(
        `EXISTS (SELECT 1 FROM interactions i JOIN dispositions d ON d.id = i.disposition_id
          WHERE i.call_id = c.id AND d.code IN (${rule.dispositions.map(() => "?").join(", ")}))`,
        ...rule.dispositions,
      );
    }
    return { sql: where.join(" AND "), args };
  }

  /**
   * The review worklist: an evaluator's own items and the shared ones (or everyone's),
   * open ones (no evaluation covers the call yet) by default, oldest call first.
   */
  worklist(evaluatorId: number, query: WorklistQuery): WorklistItem[] {
    const where: string[] = [];
    const args: number[] = [];
    if (!query.everyone) {
      where.push("(w.evaluator_id IS NULL OR w.evaluator_id = ?)");
      args.push(evaluatorId);
    }
    if (query.status === "open") where.push("ev.id IS NULL");
    if (query.status === "done") where.push("ev.id IS NOT NULL");
    return this.deps.db.all<WorklistItem>(
      `SELECT w.id, w.rule_id, s.name AS rule_name, w.period, w.recording_id, w.call_id,
         c.caller, w.agent_id, a.display_name AS agent_name, q.name AS queue_name, w.evaluator_id,
         v.display_name AS evaluator_name, w.form_id, r.duration_ms,
         c.started_at AS call_started_at, w.picked_at, ev.id AS evaluation_id
       FROM qa_worklist w
       JOIN qa_sampling_rules s ON s.id = w.rule_id
       JOIN calls c ON c.id = w.call_id
       JOIN recordings r ON r.id = w.recording_id
       LEFT JOIN users a ON a.id = w.agent_id
       LEFT JOIN users v ON v.id = w.evaluator_id
       LEFT JOIN queues q ON q.id = w.queue_id
       LEFT JOIN qa_evaluations ev ON ev.id =
         (SELECT max(e.id) FROM qa_evaluations e WHERE e.call_id = w.call_id)
       ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY c.started_at, w.id LIMIT 500`,
      ...args,
    ).map((row) => ({ ...row }));
  }
}

function notFound(id: number): never {
  throw new QualityError("not_found", `Sampling rule ${id}`);
}

function ruleOf(row: StoredRule): SamplingRule {
  return { ...row, active: row.active === 1, dispositions: JSON.parse(row.dispositions) };
}
