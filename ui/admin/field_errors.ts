/**
 * Refused values mapped to the inputs of the CRM screens, whose forms are not
 * {@linkcode AdminResource}s (a table of rules, an editor with a preview).
 *
 * @module
 */

import { ApiError } from "../common/api_client.ts";
import { fieldMessage, type Issue } from "./field_messages.ts";

/**
 * The API's refusal as messages by input key: an issue at `rules.2.category` belongs to
 * the key `rules.2.category` if there is one, else to the nearest enclosing key
 * (`rules.2`, `rules`). Issues no key claims are left out; the caller shows the message.
 */
export function fieldErrors(error: unknown, keys: readonly string[]): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const issues = (error.details as { issues?: Issue[] } | null)?.issues ?? [];
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const parts = issue.path.split(".");
    for (let n = parts.length; n > 0; n--) {
      const key = parts.slice(0, n).join(".");
      if (keys.includes(key)) {
        errors[key] ??= fieldMessage(issue);
        break;
      }
    }
  }
  return errors;
}

/** The message of a failure for the banner above a form. */
export function failureText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
