/**
 * Post-call surveys as the center reads them: the scores callers gave (stored per call
 * and agent by the IVR's `survey` verb, which a queue's survey flow runs after the agent
 * hangs up first) and the CSAT of KPI.md — the average score, the share of scores at 4–5
 * and the response rate — by agent, queue or period. The hand-over itself is the queue
 * desk's (src/queues), through the call core's `handTo`.
 *
 * @module
 */
export { csatFigures, CsatQuerySchema } from "./csat_figures.ts";
export type { CsatQuery, CsatRow } from "./csat_figures.ts";
export { scoresOfCall } from "./call_scores.ts";
export type { CallScore } from "./call_scores.ts";
