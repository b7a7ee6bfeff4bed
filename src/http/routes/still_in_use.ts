/** The 409 a delete gets while other records still name what it would remove. */
import { ApiError } from "../api_error.ts";
import { type InUse, refusalDetails } from "../refusal_details.ts";

/** `"a"`, or `"a", "b"`: names as a refusal's message lists them. */
export function quoted(names: string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}

/**
 * Refuses a delete because `inUse` still names the record; `message` says what a person
 * must change first, `inUse` lets a client word it in its user's language.
 */
export function stillInUse(message: string, inUse: InUse): ApiError {
  return new ApiError(409, "conflict", message, refusalDetails(message, { inUse }));
}
