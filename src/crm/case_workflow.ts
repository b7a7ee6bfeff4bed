/**
 * The life of a case. Tier 1 opens and works it, may wait on the customer or hand it
 * to tier 2 (escalated); a resolved case is closed after the customer confirms or the
 * wait runs out, and either may be reopened when the problem comes back.
 */
export const CASE_STATUSES = [
  "new",
  "open",
  "pending_customer",
  "escalated",
  "resolved",
  "closed",
  "reopened",
] as const;
export type CaseStatus = typeof CASE_STATUSES[number];

export const CASE_PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type CasePriority = typeof CASE_PRIORITIES[number];

/** Statuses in which someone still owes the customer something. */
export const OPEN_STATUSES: readonly CaseStatus[] = [
  "new",
  "open",
  "pending_customer",
  "escalated",
  "reopened",
];

const WORKING = ["open", "pending_customer", "escalated", "resolved"] as const;

const MOVES: Record<CaseStatus, readonly CaseStatus[]> = {
  // A new case may be closed outright: a duplicate, a wrong number, spam.
  new: [...WORKING, "closed"],
  open: ["pending_customer", "escalated", "resolved"],
  pending_customer: ["open", "escalated", "resolved", "closed"],
  escalated: ["open", "pending_customer", "resolved"],
  resolved: ["closed", "reopened"],
  closed: ["reopened"],
  reopened: WORKING,
};

/** A status change the workflow does not allow. */
export class IllegalTransitionError extends Error {
  override name = "IllegalTransitionError";

  constructor(readonly from: CaseStatus, readonly to: CaseStatus) {
    const allowed = MOVES[from];
    super(
      `A case cannot go from ${from} to ${to}; from ${from} it can go to ${allowed.join(", ")}`,
    );
  }
}

/** The moves allowed from `from`. */
export function allowedMoves(from: CaseStatus): readonly CaseStatus[] {
  return MOVES[from];
}

/** Returns `to` when the move is allowed; throws {@link IllegalTransitionError} otherwise. */
export function transition(from: CaseStatus, to: CaseStatus): CaseStatus {
  if (!MOVES[from]?.includes(to)) throw new IllegalTransitionError(from, to);
  return to;
}
