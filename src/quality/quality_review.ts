import { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import {
  type Answer,
  AnswerError,
  AnswerSchema,
  type FormDefinition,
  type FormInput,
  scoreAnswers,
} from "./qa_form.ts";
import { QaCalibrations } from "./qa_calibration.ts";
import { QaSampling } from "./qa_sampling.ts";
import { answerRefused, QualityError, retired } from "./quality_error.ts";

export const EvaluationInputSchema = z.object({
  form_id: z.number().int().positive(),
  recording_id: z.number().int().positive(),
  answers: z.record(z.string(), AnswerSchema),
  comments: z.array(
    z.object({
      at_ms: z.number().int().min(0),
      text: z.string().trim().min(1).max(2000),
    }).strict(),
  ).max(100).default([]),
}).strict();
export type EvaluationInput = z.infer<typeof EvaluationInputSchema>;

export const PassRateQuerySchema = z.object({
  by: z.enum(["agent", "team", "form", "day", "week", "month"]).default("agent"),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  agent_id: z.coerce.number().int().positive().optional(),
  form_id: z.coerce.number().int().positive().optional(),
}).strict();
export type PassRateQuery = z.infer<typeof PassRateQuerySchema>;

export interface QaForm extends FormInput {
  id: number;
}

export interface Evaluation {
  id: number;
  form_id: number;
  form_name: string;
  recording_id: number | null;
  call_id: string;
  agent_id: number | null;
  agent_name: string | null;
  evaluator_id: number | null;
  evaluator_name: string | null;
  answers: Record<string, Answer>;
  comments: { at_ms: number; text: string }[];
  score: number;
  critical_failed: boolean;
  passed: boolean;
  pass_mark: number;
  status: "submitted" | "acknowledged" | "disputed";
  agent_note: string;
  created_at: string;
  answered_at: string | null;
  form: FormDefinition;
}

/** Who asks: evaluators (QA, supervisors) see all; agents their own evaluations. */
export interface QualityActor {
  userId: number;
  evaluator: boolean;
}

const SELECT = `SELECT e.*, f.name AS form_name, f.pass_mark, a.display_name AS agent_name,
    v.display_name AS evaluator_name
  FROM qa_evaluations e JOIN qa_forms f ON f.id = e.form_id
  LEFT JOIN users a ON a.id = e.agent_id LEFT JOIN users v ON v.id = e.evaluator_id`;

/**
 * Evaluation forms, evaluations of recorded calls scored on them, the agent's answer
 * (acknowledge or dispute), and the QA pass rate of KPI.md.
 */
export class QualityReview {
  /** Sampling rules and the review worklist they fill. */
  readonly sampling: QaSampling;
  /** Calibration sessions: several evaluators score one call; the spread is shown. */
  readonly calibrations: QaCalibrations;

  constructor(private readonly deps: { db: Database; clock: Clock; random?: () => number }) {
    this.sampling = new QaSampling(deps);
    this.calibrations = new QaCalibrations(deps);
  }

  /** Agents an evaluator may pick calls of: id and name of every active agent. */
  agents(): { id: number; name: string; username: string }[] {
    return this.deps.db.all<{ id: number; name: string; username: string }>(
      `SELECT id, display_name AS name, username FROM users
       WHERE active = 1 AND role IN ('agent', 'team_lead') ORDER BY display_name`,
    ).map((r) => ({ ...r }));
  }

  forms(activeOnly = false): QaForm[] {
    return this.deps.db.all<
      { id: number; name: string; pass_mark: number; definition: string; active: number }
    >(`SELECT id, name, pass_mark, definition, active FROM qa_forms ${
      activeOnly ? "WHERE active = 1" : ""
    } ORDER BY name`).map(formOf);
  }

  form(id: number): QaForm | undefined {
    const row = this.deps.db.get<
      { id: number; name: string; pass_mark: number; definition: string; active: number }
    >("SELECT id, name, pass_mark, definition, active FROM qa_forms WHERE id = ?", id);
    return row && formOf(row);
  }

  saveForm(input: FormInput, by: number, id?: number): QaForm {
    const { db, clock } = this.deps;
    const now = isoTime(clock.now());
    const clash = db.get<{ id: number }>("SELECT id FROM qa_forms WHERE name = ?", input.name);
    if (clash && clash.id !== id) {
      throw new QualityError(
        "conflict",
        `A form named ${input.name} exists; choose another name`,
        { field: "name", code: "already_exists" },
      );
    }
    if (id === undefined) {
      id = db.run(
        `INSERT INTO qa_forms (name, pass_mark, definition, active, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        input.name,
        input.pass_mark,
        JSON.stringify(input.definition),
        input.active ? 1 : 0,
        by,
        now,
        now,
      ).lastInsertRowid;
    } else {
      if (!this.form(id)) throw new QualityError("not_found", `Form ${id}`);
      db.run(
        "UPDATE qa_forms SET name = ?, pass_mark = ?, definition = ?, active = ?, updated_at = ? WHERE id = ?",
        input.name,
        input.pass_mark,
        JSON.stringify(input.definition),
        input.active ? 1 : 0,
        now,
        id,
      );
    }
    return this.form(id)!;
  }

  /** Scores a recorded call on a form, for the call's agent. */
  evaluate(input: EvaluationInput, evaluatorId: number): Evaluation {
    const { db, clock } = this.deps;
    const form = this.form(input.form_id);
    // The form and the call are chosen in the request, so one that is gone is refused at
    // its field, as a calibration's are, not answered as a missing page.
    if (!form) {
      throw new QualityError("invalid", `There is no form ${input.form_id}; choose another`, {
        field: "form_id",
        code: "unknown_form",
      });
    }
    if (!form.active) throw retired(form.name);
    const recording = db.get<
      { call_id: string; agent_id: number | null; duration_ms: number | null }
    >(
      `SELECT r.call_id, c.agent_id, r.duration_ms FROM recordings r
       JOIN calls c ON c.id = r.call_id WHERE r.id = ?`,
      input.recording_id,
    );
    if (!recording) {
      throw new QualityError(
        "invalid",
        `There is no recording ${input.recording_id}; it may have been removed`,
        { field: "recording_id", code: "unknown_recording" },
      );
    }
    let scored;
    try {
      scored = scoreAnswers(form.definition, form.pass_mark, input.answers);
    } catch (error) {
      if (error instanceof AnswerError) throw answerRefused(error);
      throw error;
    }
    const id = db.run(
      `INSERT INTO qa_evaluations (form_id, form_snapshot, recording_id, call_id, agent_id,
         evaluator_id, answers, comments, score, critical_failed, passed, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      form.id,
      JSON.stringify(form.definition),
      input.recording_id,
      recording.call_id,
      recording.agent_id,
      evaluatorId,
      JSON.stringify(input.answers),
      JSON.stringify(input.comments),
      scored.score,
      scored.critical_failed ? 1 : 0,
      scored.passed ? 1 : 0,
      isoTime(clock.now()),
    ).lastInsertRowid;
    return this.#get(id)!;
  }

  evaluation(actor: QualityActor, id: number): Evaluation {
    const e = this.#get(id);
    if (!e) throw new QualityError("not_found", `Evaluation ${id}`);
    if (!actor.evaluator && e.agent_id !== actor.userId) {
      throw new QualityError("forbidden", "Agents see only their own evaluations");
    }
    return e;
  }

  evaluations(
    actor: QualityActor,
    filter: { agent_id?: number; call_id?: string; status?: string },
  ): Evaluation[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const agent = actor.evaluator ? filter.agent_id : actor.userId;
    if (agent !== undefined) where.push("e.agent_id = ?"), args.push(agent);
    if (filter.call_id) where.push("e.call_id = ?"), args.push(filter.call_id);
    if (filter.status) where.push("e.status = ?"), args.push(filter.status);
    return this.deps.db.all<StoredEvaluation>(
      `${SELECT} ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY e.created_at DESC, e.id DESC LIMIT 200`,
      ...args,
    ).map(evaluationOf);
  }

  /** The agent acknowledges the evaluation or disputes it (with a note). */
  answer(actor: QualityActor, id: number, how: "acknowledged" | "disputed", note = ""): Evaluation {
    const e = this.evaluation(actor, id);
    if (e.agent_id !== actor.userId) {
      throw new QualityError("forbidden", "Only the evaluated agent acknowledges or disputes");
    }
    if (how === "disputed" && !note.trim()) {
      throw new QualityError("invalid", "Say why you dispute the evaluation", {
        field: "note",
        code: "required",
      });
    }
    this.deps.db.run(
      "UPDATE qa_evaluations SET status = ?, agent_note = ?, answered_at = ? WHERE id = ?",
      how,
      note,
      isoTime(this.deps.clock.now()),
      id,
    );
    return this.#get(id)!;
  }

  /** QA pass rate (KPI.md): evaluations at or above the pass mark ÷ evaluations × 100. */
  passRate(query: PassRateQuery): {
    key: string;
    label: string;
    evaluations: number;
    passed: number;
    pass_rate_pct: number;
    average_score: number;
  }[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (query.from) where.push("e.created_at >= ?"), args.push(new Date(query.from).toISOString());
    if (query.to) where.push("e.created_at < ?"), args.push(new Date(query.to).toISOString());
    if (query.agent_id) where.push("e.agent_id = ?"), args.push(query.agent_id);
    if (query.form_id) where.push("e.form_id = ?"), args.push(query.form_id);
    const key = {
      agent: "e.agent_id",
      team: "u.team_id",
      form: "e.form_id",
      day: "substr(e.created_at, 1, 10)",
      week: "strftime('%Y-W%W', e.created_at)",
      month: "substr(e.created_at, 1, 7)",
    }[query.by];
    const label = {
      agent: "u.display_name",
      team: "t.name",
      form: "f.name",
      day: key,
      week: key,
      month: key,
    }[query.by];
    return this.deps.db.all<
      {
        key: string | number | null;
        label: string | null;
        n: number;
        passed: number;
        total: number;
      }
    >(
      `SELECT ${key} AS key, ${label} AS label, count(*) AS n, sum(e.passed) AS passed,
         sum(e.score) AS total
       FROM qa_evaluations e JOIN qa_forms f ON f.id = e.form_id
       LEFT JOIN users u ON u.id = e.agent_id LEFT JOIN teams t ON t.id = u.team_id
       ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       GROUP BY key ORDER BY key`,
      ...args,
    ).map((r) => ({
      key: r.key === null ? "" : String(r.key),
      label: r.label ?? "",
      evaluations: r.n,
      passed: r.passed,
      pass_rate_pct: Math.round((r.passed / r.n) * 1000) / 10,
      average_score: Math.round((r.total / r.n) * 10) / 10,
    }));
  }

  #get(id: number): Evaluation | undefined {
    const row = this.deps.db.get<StoredEvaluation>(`${SELECT} WHERE e.id = ?`, id);
    return row && evaluationOf(row);
  }
}

type StoredEvaluation =
  & Omit<
    Evaluation,
    "answers" | "comments" | "critical_failed" | "passed" | "form"
  >
  & {
    answers: string;
    comments: string;
    critical_failed: number;
    passed: number;
    form_snapshot: string;
  };

function formOf(
  row: { id: number; name: string; pass_mark: number; definition: string; active: number },
): QaForm {
  return {
    id: row.id,
    name: row.name,
    pass_mark: row.pass_mark,
    definition: JSON.parse(row.definition),
    active: row.active === 1,
  };
}

function evaluationOf(row: StoredEvaluation): Evaluation {
  const { form_snapshot, ...rest } = row;
  return {
    ...rest,
    answers: JSON.parse(row.answers),
    comments: JSON.parse(row.comments),
    critical_failed: row.critical_failed === 1,
    passed: row.passed === 1,
    form: JSON.parse(form_snapshot),
  };
}
