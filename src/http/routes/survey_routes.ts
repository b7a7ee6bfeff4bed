import { z } from "zod";
import { canAccess, type Role, ROLE_GROUPS } from "../../auth/mod.ts";
import type { Database } from "../../db/mod.ts";
import { csatFigures, CsatQuerySchema, scoresOfCall } from "../../surveys/mod.ts";
import { ApiError } from "../api_error.ts";
import { route, type RouteTarget } from "../route.ts";
import { readQuery } from "../validate.ts";

/** Roles that read every agent's scores; agents read their own. */
const READERS: readonly Role[] = [
  ...new Set([...ROLE_GROUPS.supervisors, ...ROLE_GROUPS.quality]),
];

const ScoresQuerySchema = z.object({
  call_id: z.string().min(1).max(64).describe("The call whose survey scores to list"),
}).strict();

/** Post-call survey scores and CSAT (KPI.md) by agent, queue and period. */
export function mountSurveyRoutes(target: RouteTarget, deps: { db: Database }): void {
  const { db } = deps;

  route(target, {
    method: "get",
    path: "/surveys/csat",
    summary:
      "CSAT by agent, queue or period: average score, share at 4–5 and response rate (agents see their own)",
    tag: "surveys",
    access: ROLE_GROUPS.anyone,
    query: CsatQuerySchema,
  }, (c) => {
    const user = c.get("user")!;
    const query = readQuery(c, CsatQuerySchema);
    if (!canAccess(user.role, READERS)) {
      if (query.agent_id !== undefined && query.agent_id !== user.id) {
        throw ApiError.forbidden("Agents see only their own survey scores");
      }
      query.agent_id = user.id;
    }
    return c.json({ by: query.by, rows: csatFigures(db, query) });
  });

  route(target, {
    method: "get",
    path: "/surveys",
    summary: "The survey scores a caller gave on one call",
    tag: "surveys",
    access: ROLE_GROUPS.anyone,
    query: ScoresQuerySchema,
  }, (c) => {
    const user = c.get("user")!;
    const { call_id } = readQuery(c, ScoresQuerySchema);
    const scores = scoresOfCall(db, call_id);
    if (!canAccess(user.role, READERS) && scores.some((s) => s.agent_id !== user.id)) {
      throw ApiError.forbidden("Agents see only the scores of their own calls");
    }
    return c.json({ scores });
  });
}
