import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";

/** The one error shape every API answer uses. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().nullable(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/**
 * An error that knows its HTTP answer. Handlers throw it; the single `onError` turns
 * it into `{ "error": { "code", "message", "details" } }` with the status.
 */
export class ApiError extends Error {
  override name = "ApiError";

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, details: this.details ?? null } };
  }

  static badRequest(message: string, details: unknown = null): ApiError {
    return new ApiError(400, "invalid_request", message, details);
  }

  static notFound(what: string): ApiError {
    return new ApiError(404, "not_found", `${what} was not found`);
  }

  static unauthorized(message = "Sign in to use this endpoint"): ApiError {
    return new ApiError(401, "unauthorized", message);
  }

  static forbidden(message: string): ApiError {
    return new ApiError(403, "forbidden", message);
  }

  static conflict(message: string): ApiError {
    return new ApiError(409, "conflict", message);
  }

  /**
   * The database's disk refused: 507 when it is full, 503 when it fails. Nothing of the
   * request was stored, and the same request may work once the disk takes writes again.
   */
  static storage(state: "full" | "failing"): ApiError {
    return state === "full"
      ? new ApiError(
        507,
        "storage_full",
        "The appliance's data disk is full, so nothing was saved; free space on it and try again",
        { storage: state },
      )
      : new ApiError(
        503,
        "storage_unavailable",
        "The appliance's data disk failed, so nothing was saved; try again shortly",
        { storage: state },
      );
  }

  /**
   * Ids in the request that name nothing (a queue since removed, a mistyped team): a 400
   * listing each at its field as a zod failure does, so a form shows it there.
   */
  static unknownReferences(issues: { path: string; message: string; code: string }[]): ApiError {
    const first = issues[0];
    return ApiError.badRequest(`Invalid request body: ${first.path}: ${first.message}`, { issues });
  }

  /** A zod failure as a 400 listing every issue with its path. */
  static fromZod(error: z.ZodError, where = "request body"): ApiError {
    // The code and bounds let a client say the same in its user's language.
    const issues = error.issues.map((i) => {
      const extra = i as {
        origin?: unknown;
        minimum?: unknown;
        maximum?: unknown;
        params?: { code?: unknown };
      };
      // A refinement names its own reason with `params: { code }` (zod calls it "custom").
      const own = i.code === "custom" && typeof extra.params?.code === "string";
      return {
        path: i.path.join("."),
        message: i.message,
        code: own ? String(extra.params!.code) : i.code,
        ...(extra.origin === undefined ? {} : { origin: String(extra.origin) }),
        ...(extra.minimum === undefined ? {} : { minimum: Number(extra.minimum) }),
        ...(extra.maximum === undefined ? {} : { maximum: Number(extra.maximum) }),
      };
    });
    const first = issues[0];
    const message = first
      ? `Invalid ${where}: ${first.path ? `${first.path}: ` : ""}${first.message}`
      : `Invalid ${where}`;
    return ApiError.badRequest(message, { issues });
  }
}
