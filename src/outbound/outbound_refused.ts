/** Why the appliance will not place a call: a condition callers show or act on. */
export type RefusalReason =
  | "bad_number"
  | "do_not_call"
  | "outside_hours"
  | "no_consent"
  | "no_trunk"
  | "trunk_full"
  | "not_allowed_on_trunk"
  | "no_phone";

/** A call the outbound rules refuse to place; `reason` is what the API answers with. */
export class OutboundRefused extends Error {
  override name = "OutboundRefused";
  constructor(readonly reason: RefusalReason, message: string) {
    super(message);
  }
}
