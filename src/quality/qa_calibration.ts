import { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import {
  type Answer,
  AnswerError,
  AnswerSchema,
  type FormDefinition,
  scoreAnswers,
} from "./qa_form.ts";
import { answerRefused, QualityError, retired } from "./quality_error.ts";

export const CalibrationInputSchema = z.object({
  name: z.string().trim().min(1).max(120),
  recording_id: z.number().int().positive(),
  form_id: z.number().int().positive(),
}).strict();
export type CalibrationInput = z.infer<typeof CalibrationInputSchema>;

export const CalibrationScoreSchema = z.object({
  answers: z.record(z.string(), AnswerSchema),
}).strict();

/** One evaluator's score in a calibration session. */
export interface CalibrationScore {
  evaluator_id: number;
  evaluator_name: string | null;
  answers: Record<string, Answer>;
  score: number;
  critical_failed: boolean;
  passed: boolean;
  scored_at: string;
}

/** How far apart the evaluators are: on the score, on pass or fail, and per question. */
export interface CalibrationSpread {
  scores: number;
  min: number;
  max: number;
  /** Highest score less lowest: the figure calibration tries to bring down. */
  range: number;
  mean: number;
  /** Population standard deviation of the scores. */
  std_dev: number;
  /** True when every evaluator reached the same pass or fail. */
  verdict_agreed: boolean;
  questions: {
    id: string;
    text: string;
    /** Each evaluator's answer, in the order of `scores`. */
    answers: Answer[];
    agreed: boolean;
  }[];
}

export interface Calibration {
  id: number;
  name: string;
  recording_id: number;
  call_id: string;
  form_id: number;
  form_name: string;
  pass_mark: number;
  status: "open" | "closed";
  created_by: number | null;
  created_at: string;
  closed_at: string | null;
  /** How many evaluators have scored. */
  score_count: number;
  /** Whether the asker has scored it. */
  scored_by_me: boolean;
}

export interface CalibrationDetail extends Calibration {
  form: FormDefinition;
  /**
   * The scores and their spread: shown to an evaluator once they have scored (so no one
   * is swayed by the others first), to whoever started the session, and to all once closed.
   */
  scores: CalibrationScore[] | null;
  spread: CalibrationSpread | null;
}

type StoredCalibration = Omit<Calibration, "scored_by_me"> & { form_snapshot: string };

/**
 * Calibration sessions: several evaluators score the same recorded call on the same
 * form, each blind to the others until they have scored, and the spread between them is
 * shown. The scores are kept apart from evaluations: they do not count in the agent's
 * pass rate and the agent is not asked to acknowledge them.
 */
export class QaCalibrations {
  constructor(private readonly deps: { db: Database; clock: Clock }) {}

  create(input: CalibrationInput, by: number): CalibrationDetail {
    const { db, clock } = this.deps;
    const form = db.get<
      { id: number; name: string; pass_mark: number; definition: string; active: number }
    >(
      "SELECT id, name, pass_mark, definition, active FROM qa_forms WHERE id = ?",
      input.form_id,
    );
    // The form and the call are chosen in the request, so one that is gone is refused at
    // its field (the page shows it there), not answered as a missing page.
    if (!form) {
      throw new QualityError("invalid", `There is no form ${input.form_id}; choose another`, {
        field: "form_id",
        code: "unknown_form",
      });
    }
    if (form.active !== 1) throw retired(form.name);
    const recording = db.get<{ call_id: string }>(
      "SELECT call_id FROM recordings WHERE id = ?",
      input.recording_id,
    );
    if (!recording) {
      throw new QualityError(
        "invalid",
        `There is no recording ${input.recording_id}; it may have been removed`,
        { field: "recording_id", code: "unknown_recording" },
      );
    }
    const id = db.run(
      `INSERT INTO qa_calibrations (name, recording_id, call_id, form_id, form_snapshot, pass_mark,
         created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      input.name,
      input.recording_id,
      recording.call_id,
      form.id,
      form.definition,
      form.pass_mark,
      by,
      isoTime(clock.now()),
    ).lastInsertRowid;
    return this.get(by, id);
  }

  /** Sessions, open ones first, newest first. */
  list(asker: number): Calibration[] {
    return this.deps.db.all<StoredCalibration & { mine: number }>(
      `${SELECT}, EXISTS (SELECT 1 FROM qa_calibration_scores m
         WHERE m.calibration_id = k.id AND m.evaluator_id = ?) AS mine
       FROM qa_calibrations k JOIN qa_forms f ON f.id = k.form_id
       ORDER BY k.status = 'closed', k.created_at DESC, k.id DESC LIMIT 200`,
      asker,
    ).map(({ form_snapshot: _, mine, ...row }) => ({ ...row, scored_by_me: mine === 1 }));
  }

  get(asker: number, id: number): CalibrationDetail {
    const row = this.deps.db.get<StoredCalibration>(
      `${SELECT} FROM qa_calibrations k JOIN qa_forms f ON f.id = k.form_id WHERE k.id = ?`,
      id,
    );
    if (!row) throw new QualityError("not_found", `Calibration ${id}`);
    const { form_snapshot, ...calibration } = row;
    const form = JSON.parse(form_snapshot) as FormDefinition;
    const scores = this.#scores(id);
    const scoredByMe = scores.some((s) => s.evaluator_id === asker);
    const visible = scoredByMe || calibration.status === "closed" ||
      calibration.created_by === asker;
    return {
      ...calibration,
      scored_by_me: scoredByMe,
      form,
      scores: visible ? scores : null,
      spread: visible && scores.length > 0 ? spreadOf(form, scores) : null,
    };
  }

  /** An evaluator's score; scoring again while the session is open replaces it. */
  score(evaluatorId: number, id: number, answers: Record<string, Answer>): CalibrationDetail {
    const session = this.get(evaluatorId, id);
    if (session.status === "closed") {
      throw new QualityError("conflict", `Calibration ${session.name} is closed`, {
        code: "calibration_closed",
      });
    }
    let scored;
    try {
      scored = scoreAnswers(session.form, session.pass_mark, answers);
    } catch (error) {
      if (error instanceof AnswerError) throw answerRefused(error);
      throw error;
    }
    this.deps.db.run(
      `INSERT INTO qa_calibration_scores (calibration_id, evaluator_id, answers, score,
         critical_failed, passed, scored_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (calibration_id, evaluator_id) DO UPDATE SET answers = excluded.answers,
         score = excluded.score, critical_failed = excluded.critical_failed,
         passed = excluded.passed, scored_at = excluded.scored_at`,
      id,
      evaluatorId,
      JSON.stringify(answers),
      scored.score,
      scored.critical_failed ? 1 : 0,
      scored.passed ? 1 : 0,
      isoTime(this.deps.clock.now()),
    );
    return this.get(evaluatorId, id);
  }

  /** Ends scoring; everyone sees the scores from then on. */
  close(asker: number, id: number): CalibrationDetail {
    const session = this.get(asker, id);
    if (session.status === "open") {
      this.deps.db.run(
        "UPDATE qa_calibrations SET status = 'closed', closed_at = ? WHERE id = ?",
        isoTime(this.deps.clock.now()),
        id,
      );
    }
    return this.get(asker, id);
  }

  #scores(id: number): CalibrationScore[] {
    return this.deps.db.all<
      Omit<CalibrationScore, "answers" | "critical_failed" | "passed"> & {
        answers: string;
        critical_failed: number;
        passed: number;
      }
    >(
      `SELECT s.evaluator_id, u.display_name AS evaluator_name, s.answers, s.score,
         s.critical_failed, s.passed, s.scored_at
       FROM qa_calibration_scores s LEFT JOIN users u ON u.id = s.evaluator_id
       WHERE s.calibration_id = ? ORDER BY s.scored_at, s.rowid`,
      id,
    ).map((r) => ({
      ...r,
      answers: JSON.parse(r.answers),
      critical_failed: r.critical_failed === 1,
      passed: r.passed === 1,
    }));
  }
}

const SELECT = `SELECT k.id, k.name, k.recording_id, k.call_id, k.form_id, f.name AS form_name,
    k.pass_mark, k.status, k.created_by, k.created_at, k.closed_at, k.form_snapshot,
    (SELECT count(*) FROM qa_calibration_scores s WHERE s.calibration_id = k.id) AS score_count`;

/** The spread between evaluators' scores of one call. */
export function spreadOf(form: FormDefinition, scores: CalibrationScore[]): CalibrationSpread {
  const values = scores.map((s) => s.score);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    scores: values.length,
    min: Math.min(...values),
    max: Math.max(...values),
    range: round(Math.max(...values) - Math.min(...values)),
    mean: round(mean),
    std_dev: round(Math.sqrt(variance)),
    verdict_agreed: scores.every((s) => s.passed === scores[0].passed),
    questions: form.sections.flatMap((s) => s.questions).map((q) => {
      const answers = scores.map((s) => s.answers[q.id]);
      return { id: q.id, text: q.text, answers, agreed: answers.every((a) => a === answers[0]) };
    }),
  };
}
