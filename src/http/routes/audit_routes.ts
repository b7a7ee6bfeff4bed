import { z } from "zod";
import { type AuditLog, ROLE_GROUPS } from "../../auth/mod.ts";
import { route, type RouteTarget } from "../route.ts";
import { readQuery } from "../validate.ts";

const AuditQuerySchema = z.object({
  entity: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  before_id: z.coerce.number().int().positive().optional(),
});

export function mountAuditRoutes(target: RouteTarget, audit: AuditLog): void {
  route(target, {
    method: "get",
    path: "/audit",
    summary: "The audit log, newest first",
    tag: "audit",
    access: ROLE_GROUPS.admins,
    query: AuditQuerySchema,
  }, (c) => {
    const q = readQuery(c, AuditQuerySchema);
    return c.json({
      entries: audit.list({ entity: q.entity, limit: q.limit, beforeId: q.before_id }),
    });
  });
}
