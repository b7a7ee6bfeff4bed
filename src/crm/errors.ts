/**
 * Conditions the CRM's callers catch and turn into answers: a missing record, a value
 * that breaks a rule (with every issue), a phone number someone else already has.
 */

/** The record asked for does not exist. */
export class NotFoundError extends Error {
  override name = "NotFoundError";

  constructor(readonly what: string) {
    super(`${what} was not found`);
  }
}

/** One problem with an input, located by a dotted path (`phones.1.number`). */
export interface Issue {
  path: string;
  message: string;
}

/** Input that breaks a rule; nothing was written. */
export class CrmValidationError extends Error {
  override name = "CrmValidationError";

  constructor(message: string, readonly issues: Issue[] = []) {
    super(message);
  }
}

/** A phone number (or e-mail, or external id) that already belongs to another customer. */
export class DuplicateContactError extends Error {
  override name = "DuplicateContactError";

  constructor(
    readonly field: "phone" | "email" | "external_id",
    readonly value: string,
    readonly customerId: number,
    readonly customerName: string,
  ) {
    super(
      `The ${
        field.replace("_", " ")
      } ${value} already belongs to customer ${customerId} (${customerName})`,
    );
  }
}
