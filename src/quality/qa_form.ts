import { z } from "zod";

/** One question of a form: yes/no or 1–5, weighted; a critical one fails the evaluation. */
export const QuestionSchema = z.object({
  id: z.string().regex(/^[a-z0-9_]{1,40}$/, "lowercase letters, digits and _"),
  text: z.string().trim().min(1).max(300),
  kind: z.enum(["yes_no", "scale"]),
  weight: z.number().min(0).max(100).default(1),
  /** Answered "no" (or 1 on a scale), the whole evaluation fails whatever the score. */
  critical: z.boolean().default(false),
  /** The evaluator may answer N/A; the question then counts for nothing. */
  allow_na: z.boolean().default(true),
}).strict();
export type Question = z.infer<typeof QuestionSchema>;

export const FormDefinitionSchema = z.object({
  sections: z.array(
    z.object({
      title: z.string().trim().min(1).max(120),
      questions: z.array(QuestionSchema).min(1).max(50),
    }).strict(),
  ).min(1).max(20),
}).strict().refine((d) => {
  const ids = d.sections.flatMap((s) => s.questions.map((q) => q.id));
  return new Set(ids).size === ids.length;
}, "question ids must be unique within a form");
export type FormDefinition = z.infer<typeof FormDefinitionSchema>;

export const FormInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  pass_mark: z.number().min(0).max(100).default(80),
  definition: FormDefinitionSchema,
  active: z.boolean().default(true),
}).strict();
export type FormInput = z.infer<typeof FormInputSchema>;

/** An answer: "yes" / "no", 1–5, or "na". */
export const AnswerSchema = z.union([z.enum(["yes", "no", "na"]), z.int().min(1).max(5)]);
export type Answer = z.infer<typeof AnswerSchema>;

/** What an evaluation's answers come to. */
export interface Scored {
  /** 0–100, one decimal: weighted share of the points of the questions answered. */
  score: number;
  critical_failed: boolean;
  passed: boolean;
}

/** An answer a form cannot take; `code` says why, for clients that word it themselves. */
export class AnswerError extends RangeError {
  override name = "AnswerError";
  constructor(
    readonly question: string,
    readonly code: "not_answered" | "na_not_allowed" | "yes_or_no" | "one_to_five",
    message: string,
  ) {
    super(message);
  }
}

/**
 * Scores answers on a form: yes is full marks and no none; on a scale 1 is none and 5
 * full; N/A leaves the question out. A critical question answered no (or 1) fails the
 * evaluation, whose score is then 0. Throws an AnswerError for a question left unanswered,
 * an answer of the wrong kind, or N/A where the form does not allow it.
 */
export function scoreAnswers(
  definition: FormDefinition,
  passMark: number,
  answers: Record<string, Answer>,
): Scored {
  let points = 0;
  let weights = 0;
  let criticalFailed = false;
  for (const question of definition.sections.flatMap((s) => s.questions)) {
    const answer = answers[question.id];
    const refuse = (code: AnswerError["code"], why: string) =>
      new AnswerError(question.id, code, `Question ${question.id} ${why}`);
    if (answer === undefined) throw refuse("not_answered", "is not answered");
    if (answer === "na") {
      if (!question.allow_na) throw refuse("na_not_allowed", "cannot be N/A");
      continue;
    }
    let value: number;
    if (question.kind === "yes_no") {
      if (answer !== "yes" && answer !== "no") {
        throw refuse("yes_or_no", "is answered yes or no");
      }
      value = answer === "yes" ? 1 : 0;
    } else {
      if (typeof answer !== "number") {
        throw refuse("one_to_five", "is answered 1 to 5");
      }
      value = (answer - 1) / 4;
    }
    if (question.critical && value === 0) criticalFailed = true;
    points += value * question.weight;
    weights += question.weight;
  }
  const score = criticalFailed
    ? 0
    : weights === 0
    ? 100
    : Math.round((points / weights) * 1000) / 10;
  return { score, critical_failed: criticalFailed, passed: !criticalFailed && score >= passMark };
}
