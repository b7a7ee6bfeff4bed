import type { MiddlewareHandler } from "hono";
import type { AuditLog } from "../auth/mod.ts";
import type { AppEnv } from "./env.ts";

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Writes one audit row for every change made through the API that succeeded: who,
 * what (method and route), which entity, when and from where. Handlers add the entity
 * id and details with `c.set("audit", …)`; secrets never go in details.
 */
export function auditChanges(audit: AuditLog, prefix: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (READ_METHODS.has(c.req.method) || c.res.status >= 400) return;
    const user = c.get("user");
    const extra = c.get("audit");
    const route = c.req.routePath.startsWith(prefix)
      ? c.req.routePath.slice(prefix.length)
      : c.req.routePath;
    audit.append({
      actorUserId: user?.id ?? null,
      actor: user?.username ?? "anonymous",
      action: `${c.req.method} ${route}`,
      entity: extra?.entity ?? route.split("/")[1] ?? "api",
      entityId: extra?.entityId ?? c.req.param("id") ?? null,
      details: extra?.details,
      ip: c.get("clientIp"),
    });
  };
}
