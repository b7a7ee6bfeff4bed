export type EmailErrorKind = "not_found" | "invalid" | "unreachable";

/** A refusal the API turns into 404 or 400: a missing mailbox or case, a bad setting. */
export class EmailError extends Error {
  constructor(readonly kind: EmailErrorKind, message: string) {
    super(message);
    this.name = "EmailError";
  }
}
