import { QueueChangeError } from "../../queues/mod.ts";
import { ApiError } from "../api_error.ts";
import { refusalDetails } from "../refusal_details.ts";

/** A refused ACD change (queues, skills, reason codes) as the API's one error shape. */
export function queueError(error: unknown): never {
  if (!(error instanceof QueueChangeError)) throw error;
  if (error.status === 404) throw new ApiError(404, "not_found", error.message);
  const details = refusalDetails(error.message, error.about);
  if (error.status === 409) throw new ApiError(409, "conflict", error.message, details);
  if (error.status === 422) {
    throw new ApiError(422, "unworkable_configuration", error.message, {
      problems: error.problems,
    });
  }
  throw ApiError.badRequest(error.message, details);
}
