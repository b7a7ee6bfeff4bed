import type { CampaignOptions } from "./campaign_schema.ts";

/** How long an abandoned contact rests before the dialler may call them again. */
export const ABANDON_REST_MS = 72 * 3600_000;

/** What a contact becomes after an attempt. */
export interface ContactStep {
  state: "pending" | "done" | "failed" | "skipped";
  counted: boolean;
  nextAt?: number;
}

/**
 * A campaign's retry rule for one attempt: a conversation is done; busy, no answer and
 * failure are retried as often as the campaign allows for that outcome (counting the
 * earlier tries that ended the same way) and within its maximum attempts; the agent's
 * miss and calling hours put the contact back without counting; the do-not-call list
 * and refused consent skip it for good; an abandoned call rests the contact three days.
 */
export function contactAfterAttempt(
  outcome: string,
  history: { attempts: number; sameOutcome: number },
  options: CampaignOptions,
  now: number,
): ContactStep {
  switch (outcome) {
    case "connected":
    case "machine_message":
    case "delivered":
    case "opted_out":
    case "to_agent":
    case "hung_up":
      return { state: "done", counted: true };
    case "do_not_call":
    case "no_consent":
    case "not_allowed_on_trunk":
      return { state: "skipped", counted: false };
    case "abandoned":
      // Heard the message and nobody: not called again by a machine for three days, as
      // the UK's rules ask, and never once the tries are used up.
      return history.attempts + 1 >= options.max_attempts
        ? { state: "failed", counted: true }
        : { state: "pending", counted: true, nextAt: now + ABANDON_REST_MS };
    case "outside_hours":
      return { state: "pending", counted: false, nextAt: now + 15 * 60_000 };
    case "busy":
    case "no_answer":
    case "failed":
    case "machine": {
      const rule = options.retries[outcome];
      const attempts = history.attempts + 1;
      if (history.sameOutcome >= rule.times || attempts >= options.max_attempts) {
        return { state: "failed", counted: true };
      }
      return { state: "pending", counted: true, nextAt: now + rule.after_s * 1000 };
    }
    default:
      // The agent missed it, or the call could not start: no try is used up.
      return { state: "pending", counted: false, nextAt: now + 30_000 };
  }
}
