/**
 * Quality review: evaluation forms (sections of yes/no and 1–5 questions, weights,
 * critical questions that fail the whole evaluation, a pass mark), evaluations of
 * recorded calls with comments pinned to moments of the recording, the agent's
 * acknowledgement or dispute, and the QA pass rate of KPI.md by agent, team, form and
 * period. Sampling rules fill each evaluator's review worklist (N calls per agent a week,
 * or a share of the week's calls, filtered by queue, team, agent, length and disposition,
 * at random and spread over queues); calibration sessions have several evaluators score
 * the same call and show the spread between them.
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
export { EvaluationInputSchema, PassRateQuerySchema, QualityReview } from "./quality_review.ts";
export { QualityError } from "./quality_error.ts";
export {
  QaSampling,
  SamplingRuleInputSchema,
  stratifiedPick,
  weekStart,
  WorklistQuerySchema,
} from "./qa_sampling.ts";
export type {
  SamplingRule,
  SamplingRuleInput,
  WorklistItem,
  WorklistQuery,
} from "./qa_sampling.ts";
export {
  CalibrationInputSchema,
  CalibrationScoreSchema,
  QaCalibrations,
  spreadOf,
} from "./qa_calibration.ts";
export type {
  Calibration,
  CalibrationDetail,
  CalibrationInput,
  CalibrationScore,
  CalibrationSpread,
} from "./qa_calibration.ts";
export type {
  Evaluation,
  EvaluationInput,
  PassRateQuery,
  QaForm,
  QualityActor,
} from "./quality_review.ts";
