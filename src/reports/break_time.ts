/**
 * Not-ready time split into paid and unpaid breaks, by the paid flag the admin set on
 * each reason. KPI.md has no figure for it; payroll and adherence reviews ask for it.
 * The flag as it is now applies to the whole period: a reason changed from unpaid to paid
 * counts as paid in earlier reports too. Time without a reason, or with one no longer
 * configured, or the ACD's own reasons (an unanswered offer), is unpaid.
 *
 * @module
 */

/** Not-ready time in ms: paid, unpaid, and the two together. */
export interface BreakTime {
  paid_ms: number;
  unpaid_ms: number;
  total_ms: number;
}

/** Splits time per not-ready reason (ms by reason code) by the codes whose time is paid. */
export function breakTime(
  byReason: Readonly<Record<string, number>>,
  paidCodes: ReadonlySet<string>,
): BreakTime {
  let paid = 0;
  let unpaid = 0;
  for (const [code, ms] of Object.entries(byReason)) {
    if (paidCodes.has(code)) paid += ms;
    else unpaid += ms;
  }
  return { paid_ms: paid, unpaid_ms: unpaid, total_ms: paid + unpaid };
}
