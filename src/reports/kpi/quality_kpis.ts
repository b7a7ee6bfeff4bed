import { percent, ratio } from "./ratio.ts";

/** Quality figures (KPI.md): CSAT from surveys, QA pass rate, first-contact resolution. */

export interface CsatFigures {
  /** Average score (1–5), two decimals. */
  average: number | null;
  /** % of surveys scoring 4 or 5. */
  satisfied: number | null;
  /** Surveyed calls ÷ answered calls × 100. */
  responseRate: number | null;
  surveys: number;
}

/** CSAT: the average post-call survey score and % at 4–5 of 5, with the response rate. */
export function csat(
  scores: readonly number[],
  surveyedCalls: number,
  answered: number,
): CsatFigures {
  const sum = scores.reduce((s, x) => s + x, 0);
  return {
    average: ratio(sum, scores.length, 2),
    satisfied: percent(scores.filter((s) => s >= 4).length, scores.length),
    responseRate: percent(surveyedCalls, answered),
    surveys: scores.length,
  };
}

/** QA pass rate = evaluations at or above the pass mark ÷ evaluations × 100. */
export function qaPassRate(
  evaluations: readonly { score: number; passMark: number }[],
): number | null {
  return percent(evaluations.filter((e) => e.score >= e.passMark).length, evaluations.length);
}

/** FCR = answered calls resolved with no repeat within N days ÷ answered × 100. */
export function firstContactResolutionRate(
  resolvedFirstContact: number,
  answered: number,
): number | null {
  return percent(resolvedFirstContact, answered);
}

/** Cases resolved within SLA = cases resolved by their due time ÷ cases resolved with one × 100. */
export function caseSlaRate(withinSla: number, resolvedWithDue: number): number | null {
  return percent(withinSla, resolvedWithDue);
}
