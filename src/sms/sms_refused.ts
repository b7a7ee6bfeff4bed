/** Why the SMS channel refused a request; routes turn each into its HTTP answer. */
export const REFUSALS = [
  "not_authentic",
  "rate_limited",
  "bad_number",
  "no_number",
  "not_configured",
  "not_found",
  "not_failed",
] as const;
export type SmsRefusal = typeof REFUSALS[number];

/** A request the SMS channel will not carry out, with the reason callers branch on. */
export class SmsRefused extends Error {
  override name = "SmsRefused";

  constructor(readonly reason: SmsRefusal, message: string) {
    super(message);
  }
}
