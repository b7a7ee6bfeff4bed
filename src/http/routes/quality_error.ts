import { QualityError } from "../../quality/mod.ts";
import { ApiError } from "../api_error.ts";
import { refusalDetails } from "../refusal_details.ts";

/** A refused quality-review request (forms, evaluations, sampling rules) as the API's error. */
export function qualityError(error: unknown): never {
  if (!(error instanceof QualityError)) throw error;
  if (error.kind === "not_found") throw ApiError.notFound(error.message);
  if (error.kind === "forbidden") throw ApiError.forbidden(error.message);
  const details = refusalDetails(error.message, error.about);
  if (error.kind === "conflict") {
    // A refusal about no field names itself by its code (`calibration_closed`).
    const code = error.about.field ? "conflict" : error.about.code ?? "conflict";
    throw new ApiError(409, code, error.message, details);
  }
  throw ApiError.badRequest(error.message, details);
}
