import type { PlaceOutcome } from "../calls/mod.ts";
import type { RetryRules } from "./outbound_policy.ts";

/** What becomes of a callback after an attempt, decided from its outcome and the rules. */
export interface AttemptResult {
  status: "pending" | "done" | "failed" | "cancelled";
  /** Whether the attempt counts against the request's maximum (the customer was tried). */
  counted: boolean;
  /** When to try again (clock ms), for a pending request. */
  nextAt?: number;
}

/** Waits when the failure was ours (no agent answered, no free line), not the customer's. */
const AGENT_RETRY_MS = 30_000;
/** Waits when it is outside calling hours: looked at again a quarter of an hour later. */
const HOURS_RETRY_MS = 15 * 60_000;

/**
 * The retry rule: a conversation ends the request; busy, no answer and failure are tried
 * again after the rule's wait until the maximum attempts are used; a missed or
 * unreachable agent, or calling hours, put it back without counting; the do-not-call
 * list cancels it.
 */
export function afterAttempt(
  outcome: PlaceOutcome | "do_not_call" | "outside_hours",
  attemptsBefore: number,
  rules: RetryRules,
  now: number,
): AttemptResult {
  switch (outcome) {
    case "connected":
      return { status: "done", counted: true };
    case "do_not_call":
      return { status: "cancelled", counted: false };
    case "outside_hours":
      return { status: "pending", counted: false, nextAt: now + HOURS_RETRY_MS };
    case "agent_no_answer":
    case "agent_unreachable":
    case "cancelled":
      return { status: "pending", counted: false, nextAt: now + AGENT_RETRY_MS };
    case "busy":
    case "no_answer":
    case "failed": {
      if (attemptsBefore + 1 >= rules.max_attempts) return { status: "failed", counted: true };
      const waitS = outcome === "busy"
        ? rules.busy_s
        : outcome === "no_answer"
        ? rules.no_answer_s
        : rules.failed_s;
      return { status: "pending", counted: true, nextAt: now + waitS * 1000 };
    }
  }
}
