/**
 * Refused values mapped to the inputs of the CRM screens, whose forms are not
 * {@linkcode AdminResource}s (a table of rules, an editor with a preview).
 *
 * @module
 */

import { ApiError } from "../common/api_client.ts";
import { fieldMessage, type Issue } from "./field_messages.ts";
import { refusalMessage } from "./refusal_messages.ts";

/**
 * The API's refusal as messages by input key: an issue at `rules.2.category` belongs to
 * the key `rules.2.category` if there is one, else to the nearest enclosing key
 * (`rules.2`, `rules`). Issues no key claims are left out; the caller shows the message.
 */
export function fieldErrors(error: unknown, keys: readonly string[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issuesOf(error)) {
    const key = keyOf(issue.path, keys);
    if (key !== undefined) errors[key] ??= fieldMessage(issue);
  }
  return errors;
}

/**
 * A refusal split for a screen that shows problems at its inputs: `fields` by input key
 * (as {@linkcode fieldErrors}), and `notice`, in the user's language, for what no input
 * shows (a field the screen has no input for, or a refusal about no field); null when
 * every problem is at an input. `label` names a field by its API path in the notice.
 */
export function refusalAtFields(
  error: unknown,
  keys: readonly string[],
  label: (path: string) => string | undefined = () => undefined,
): { fields: Record<string, string>; notice: string | null } {
  const fields = fieldErrors(error, keys);
  const issues = issuesOf(error);
  const unclaimed = issues.filter((issue) => keyOf(issue.path, keys) === undefined);
  if (issues.length > 0 && unclaimed.length === 0) return { fields, notice: null };
  if (!(error instanceof ApiError) || unclaimed.length === issues.length) {
    return { fields, notice: refusalMessage(error, label) };
  }
  // Only the issues no input shows, so the notice does not repeat one that has its input.
  const rest = new ApiError(error.status, error.code, error.message, {
    ...(error.details as object),
    issues: unclaimed,
  });
  return { fields, notice: refusalMessage(rest, label) };
}

/** The message of a failure for the banner above a form. */
export function failureText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function issuesOf(error: unknown): Issue[] {
  if (!(error instanceof ApiError)) return [];
  return (error.details as { issues?: Issue[] } | null)?.issues ?? [];
}

function keyOf(path: string, keys: readonly string[]): string | undefined {
  const parts = path.split(".");
  for (let n = parts.length; n > 0; n--) {
    const key = parts.slice(0, n).join(".");
    if (keys.includes(key)) return key;
  }
  return undefined;
}
