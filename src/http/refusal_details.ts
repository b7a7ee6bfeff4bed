/**
 * Details that let a client word a refusal in its user's language: the refused field with
 * a code saying why (as zod's issues are listed), or what still uses a record. The message
 * beside them stays the English sentence.
 *
 * @module
 */

/** What still uses a record that was to be deleted or changed. */
export interface InUse {
  kind:
    | "numbers"
    | "agents"
    | "queues"
    | "users"
    | "mailboxes"
    | "settings"
    | "flows"
    | "campaigns";
  names: string[];
}

/** The error details for a refusal about `about`, or null when there is nothing to add. */
export function refusalDetails(
  message: string,
  about: { field?: string; code?: string; minimum?: number; maximum?: number; inUse?: InUse },
): Record<string, unknown> | null {
  const details: Record<string, unknown> = {};
  if (about.field) {
    // A bound the reason names (as zod lists `minimum` and `maximum`), so a client can say it too.
    details.issues = [{
      path: about.field,
      code: about.code ?? "custom",
      message,
      ...(about.minimum === undefined ? {} : { minimum: about.minimum }),
      ...(about.maximum === undefined ? {} : { maximum: about.maximum }),
    }];
  }
  if (about.inUse) details.in_use = about.inUse;
  return Object.keys(details).length > 0 ? details : null;
}
