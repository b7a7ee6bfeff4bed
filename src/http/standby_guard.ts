import type { MiddlewareHandler } from "hono";
import type { ApplianceRole } from "../config/mod.ts";
import { ApiError } from "./api_error.ts";
import type { AppEnv } from "./env.ts";

/** API paths a standby answers: none of them reads or writes the database. */
const STANDBY_PATHS = new Set(["/health", "/openapi.json", "/docs"]);

/**
 * While the appliance is a standby, refuses every API request but health and the API
 * documentation with 503. Reads are refused too, not only writes: signing in writes a
 * session and every signed-in request refreshes one, and a standby's database is
 * read-only until it is promoted. `primary` names the primary's address when known.
 */
export function standbyGuard(
  role: () => ApplianceRole,
  prefix: string,
  primary?: () => string | undefined,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (role() === "standby" && !STANDBY_PATHS.has(c.req.path.slice(prefix.length))) {
      const address = primary?.();
      throw new ApiError(
        503,
        "standby",
        "This appliance is the standby and serves nothing until it is promoted; use the primary" +
          (address ? ` at ${address}` : ""),
      );
    }
    await next();
  };
}
