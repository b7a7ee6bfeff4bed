import type { MiddlewareHandler } from "hono";
import type { ApplianceRole } from "../config/mod.ts";
import { ApiError } from "./api_error.ts";
import type { AppEnv } from "./env.ts";

/** API paths a standby answers to anyone: none of them reads or writes the database. */
const OPEN_PATHS = new Set(["/health", "/openapi.json", "/docs"]);
/** Signing in and out, which a standby keeps in memory; `/auth/me` says who is signed in. */
const SIGN_IN_PATHS = new Set(["/auth/login", "/auth/logout", "/auth/me"]);
const READ_METHODS = new Set(["GET", "HEAD"]);

/** The role that may sign in to a standby: an admin, to see how it follows the primary. */
export const STANDBY_READER_ROLE = "admin";

/** The 503 a standby answers what it does not serve, naming the primary when known. */
export function standbyRefusal(what: string, primary: string | undefined): ApiError {
  return new ApiError(
    503,
    "standby",
    `This appliance is the standby and ${what} until it is promoted; use the primary` +
      (primary ? ` at ${primary}` : ""),
  );
}

/**
 * While the appliance is a standby, its database is a read-only copy of the primary's.
 * Before anyone is identified, this refuses every write with 503 but signing in and out
 * (kept in memory, see SessionStore). After identification ({@link standbyReaders}) reads
 * are served to a signed-in admin alone, so the admin page (the replication screen above
 * all) works read-only on the standby. `primary` names the primary's address when known.
 */
export function standbyGuard(
  role: () => ApplianceRole,
  prefix: string,
  primary?: () => string | undefined,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (role() === "standby") {
      const path = c.req.path.slice(prefix.length);
      const allowed = OPEN_PATHS.has(path) || SIGN_IN_PATHS.has(path) ||
        READ_METHODS.has(c.req.method);
      if (!allowed) throw standbyRefusal("takes no changes", primary?.());
    }
    await next();
  };
}

/** On a standby, reads beyond health and signing in are an admin's alone (see above). */
export function standbyReaders(
  role: () => ApplianceRole,
  prefix: string,
  primary?: () => string | undefined,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (role() === "standby") {
      const path = c.req.path.slice(prefix.length);
      const open = OPEN_PATHS.has(path) || SIGN_IN_PATHS.has(path);
      if (!open && c.get("user")?.role !== STANDBY_READER_ROLE) {
        throw standbyRefusal("serves admins alone", primary?.());
      }
    }
    await next();
  };
}
