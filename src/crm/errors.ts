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
  /** What kind of problem, for a client to word in its user's language (`unknown_queue`). */
  code?: string;
  /** The bound a `too_big` problem names, as zod's issues do. */
  maximum?: number;
}

/** Input that breaks a rule; nothing was written. */
export class CrmValidationError extends Error {
  override name = "CrmValidationError";

  constructor(message: string, readonly issues: Issue[] = []) {
    super(message);
  }
}

/**
 * Ids that name nothing (a queue since removed, a mistyped case), each refused at its
 * field with the code `unknown_<what>`; nothing was written.
 */
export function unknownReferences(
  references: { path: string; what: string; id: number | string }[],
): CrmValidationError {
  const issues = references.map(({ path, what, id }) => ({
    path,
    message: `there is no ${what} ${id}`,
    code: `unknown_${what}`,
  }));
  const first = issues[0].message;
  return new CrmValidationError(first.charAt(0).toUpperCase() + first.slice(1), issues);
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
