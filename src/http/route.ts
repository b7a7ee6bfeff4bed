import type { Handler, Hono } from "hono";
import type { Role } from "../auth/mod.ts";
import { requireRole } from "./auth_middleware.ts";
import type { AppEnv } from "./env.ts";
import type { ApiDocs, RouteDoc } from "./openapi.ts";

/** Everything a domain's routes are mounted with. */
export interface RouteTarget {
  app: Hono<AppEnv>;
  docs: ApiDocs;
}

/**
 * Mounts one API route: records its documentation (from the same zod schemas the
 * handler validates with) and guards it by role unless it is public.
 */
export function route(target: RouteTarget, spec: RouteDoc, handler: Handler<AppEnv>): void {
  target.docs.add(spec);
  const method = spec.method.toUpperCase();
  if (spec.access === "public") target.app.on(method, spec.path, handler);
  else target.app.on(method, spec.path, requireRole(spec.access as readonly Role[]), handler);
}
