/**
 * Proposes shifts that cover each interval's required agents with few agent-hours, under
 * the manager's shift rules. Finding the very fewest is a covering problem with no fast
 * exact method; this takes, again and again, the shift that covers the most still-missing
 * agent-intervals per hour it costs (longer shifts win ties), which in practice lands
 * within a few percent of the lower bound (the sum of the needs).
 */

import { ManagerInputError } from "./manager_input_error.ts";

export interface ShiftRules {
  /** Allowed shift lengths, in intervals (16 = 8 hours of 30-minute intervals). */
  lengths: readonly number[];
  /** First interval a shift may start in (default 0). */
  earliestStart?: number;
  /** Interval after the last one a shift may cover (default: the end of the need). */
  latestEnd?: number;
}

/** A proposed shift: intervals `[start, start + length)`. */
export interface ProposedShift {
  start: number;
  length: number;
}

/**
 * Shifts covering `need` under `rules`. Rules that cannot cover it throw a
 * {@link ManagerInputError} naming the proposal request's field to change (`shift_hours`,
 * `earliest_start`, `latest_end`).
 */
export function proposeShifts(
  need: readonly number[],
  rules: ShiftRules,
): { shifts: ProposedShift[]; coverage: number[]; agentIntervals: number } {
  const lengths = [...new Set(rules.lengths)].sort((a, b) => b - a);
  if (lengths.length === 0 || lengths.some((l) => !Number.isInteger(l) || l < 1)) {
    throw new ManagerInputError(
      "Shift lengths must be whole numbers of intervals, at least one; allow longer shifts",
      { field: "shift_hours", code: "shift_too_short" },
    );
  }
  const earliest = rules.earliestStart ?? 0;
  const latest = rules.latestEnd ?? need.length;
  if (need.some((n, i) => n > 0 && (i < earliest || i >= latest))) {
    const tooEarly = need.some((n, i) => n > 0 && i < earliest);
    throw new ManagerInputError(
      "Some intervals that need agents lie outside the hours shifts may cover; " +
        (tooEarly ? "let shifts start earlier" : "let shifts end later"),
      { field: tooEarly ? "earliest_start" : "latest_end", code: "need_outside_hours" },
    );
  }
  if (lengths.at(-1)! > latest - earliest) {
    throw new ManagerInputError(
      "No allowed shift fits between the earliest start and the latest end; " +
        "allow a shorter shift or wider hours",
      { field: "shift_hours", code: "no_shift_fits" },
    );
  }
  const missing = need.map((n) => Math.max(0, Math.ceil(n)));
  const coverage = new Array<number>(need.length).fill(0);
  const shifts: ProposedShift[] = [];
  while (missing.some((m) => m > 0)) {
    let best: ProposedShift | undefined;
    let bestScore = -1;
    for (const length of lengths) {
      for (let start = earliest; start + length <= latest; start++) {
        let covered = 0;
        for (let i = start; i < start + length; i++) if (missing[i] > 0) covered++;
        const score = covered / length;
        if (score > bestScore + 1e-12) {
          bestScore = score;
          best = { start, length };
        }
      }
    }
    if (!best || bestScore <= 0) break;
    shifts.push(best);
    for (let i = best.start; i < best.start + best.length; i++) {
      coverage[i]++;
      if (missing[i] > 0) missing[i]--;
    }
  }
  shifts.sort((a, b) => a.start - b.start || b.length - a.length);
  return { shifts, coverage, agentIntervals: shifts.reduce((s, x) => s + x.length, 0) };
}
