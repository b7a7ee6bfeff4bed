/**
 * Quality review: evaluation forms (sections of yes/no and 1–5 questions, weights,
 * critical questions that fail the whole evaluation, a pass mark), evaluations of
 * recorded calls with comments pinned to moments of the recording, the agent's
 * acknowledgement or dispute, and the QA pass rate of KPI.md by agent, team, form and
 * period.
 *
 * @module
 */
export {
  AnswerSchema,
  FormDefinitionSchema,
  FormInputSchema,
  QuestionSchema,
  scoreAnswers,
} from "./qa_form.ts";
export type { Answer, FormDefinition, FormInput, Question, Scored } from "./qa_form.ts";
export {
  EvaluationInputSchema,
  PassRateQuerySchema,
  QualityError,
  QualityReview,
} from "./quality_review.ts";
export type {
  Evaluation,
  EvaluationInput,
  PassRateQuery,
  QaForm,
  QualityActor,
} from "./quality_review.ts";
