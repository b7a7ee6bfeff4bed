/**
 * How a campaign dials: the agent previews, one line per free agent, predicted, or
 * agentless (a notice played to each answered customer, no agent).
 */
export const DIAL_MODES = ["preview", "progressive", "predictive", "agentless"] as const;
export type DialMode = typeof DIAL_MODES[number];

/** What the pacing decision looks at, all of it from the live campaign at one moment. */
export interface PacingInput {
  mode: DialMode;
  /** Campaign agents ready and not yet promised to a ringing line. */
  freeAgents: number;
  /** Agents on a call expected to end within the typical time a line takes to answer. */
  agentsFreeingSoon: number;
  /** Lines ringing now that no agent is yet promised to (predictive) or all (progressive). */
  linesRinging: number;
  /** The share of lines that answer, as observed (with a prior) today. */
  answerRate: number;
  /** Abandoned ÷ answered so far today, and the cap it must stay under (0.03). */
  abandonRate: number;
  abandonCap: number;
  /** Lines a predictive dialler may have out per agent at most; 3 by default. */
  maxLinesPerAgent?: number;
  /** Free lines on the trunk: the dialler waits rather than fail calls. */
  trunkLinesFree: number;
  /**
   * Abandons the cap still allows now, were every line beyond the free agents to become
   * one: `floor(cap × (answered + 1)) − abandoned`. When given, predictive never has more
   * lines out than free agents plus this, so the day's rate stays under the cap at every
   * moment, not only on average (the live dialler); the simulation paces on expectation.
   */
  abandonBudget?: number;
}

/**
 * How many new lines to dial now. Preview dials nothing by itself (the agent does);
 * progressive keeps one line per free agent, so no answered call waits for an agent;
 * predictive dials for the agents free now and part of those freeing soon, divided by
 * the answer rate, and lets that part shrink as the day's abandon rate nears its cap —
 * falling back to progressive once the abandon rate reaches 90 % of it, and (given an
 * abandon budget) never risking more abandons than the cap has room for. Never more than
 * the trunk's free lines. Pure: the same input always gives the same answer.
 */
export function linesToDial(input: PacingInput): number {
  const free = Math.max(0, input.freeAgents);
  let wanted: number;
  if (input.mode === "preview" || input.mode === "agentless") return 0;
  if (input.mode === "progressive" || input.abandonRate >= input.abandonCap * 0.9) {
    wanted = free - input.linesRinging;
  } else {
    const p = Math.min(1, Math.max(0.05, input.answerRate));
    const headroom = Math.max(0, 1 - input.abandonRate / (input.abandonCap * 0.9));
    const agents = free + headroom * Math.max(0, input.agentsFreeingSoon);
    const expectedFromRinging = input.linesRinging * p;
    wanted = Math.floor((agents - expectedFromRinging) / p);
    const cap = Math.ceil((free + input.agentsFreeingSoon) * (input.maxLinesPerAgent ?? 3)) -
      input.linesRinging;
    wanted = Math.min(wanted, cap);
    if (input.abandonBudget !== undefined) {
      wanted = Math.min(wanted, free + Math.max(0, input.abandonBudget) - input.linesRinging);
    }
    // Whatever the estimate, a free agent always has at least one line working for them.
    wanted = Math.max(wanted, free - input.linesRinging);
  }
  return Math.max(0, Math.min(wanted, input.trunkLinesFree));
}

/**
 * The answer rate to pace on: observed answers over attempts, pulled toward `prior` while
 * there are few attempts (a Beta prior worth `weight` attempts).
 */
export function estimateAnswerRate(
  answered: number,
  attempts: number,
  prior = 0.3,
  weight = 20,
): number {
  return (answered + prior * weight) / (attempts + weight);
}
