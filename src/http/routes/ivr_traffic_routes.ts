import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import { flowTraffic, nodeCalls, type TrafficPeriod } from "../../call_history/mod.ts";
import type { Database } from "../../db/mod.ts";
import type { IvrDomain } from "../../ivr/mod.ts";
import { ApiError } from "../api_error.ts";
import { route, type RouteTarget } from "../route.ts";
import { readQuery } from "../validate.ts";
import { flowOr404 } from "./ivr_common.ts";

const DAY_MS = 86_400_000;
/** Longer periods are refused: the counts are read from the events, not from rollups. */
const MAX_PERIOD_DAYS = 92;

const PeriodSchema = z.object({
  from: z.iso.datetime({ offset: true }).optional().describe(
    "Start of the period (ISO 8601); the last 24 hours by default",
  ),
  to: z.iso.datetime({ offset: true }).optional().describe("End of the period; now by default"),
});
const NodeCallsSchema = PeriodSchema.extend({
  node: z.string().min(1).max(64).describe("The node whose calls to list"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

function periodOf(input: z.infer<typeof PeriodSchema>, now: number): TrafficPeriod {
  const to = input.to ? Date.parse(input.to) : now;
  const from = input.from ? Date.parse(input.from) : to - DAY_MS;
  if (from >= to) throw ApiError.badRequest("The period must start before it ends");
  if (to - from > MAX_PERIOD_DAYS * DAY_MS) {
    throw ApiError.badRequest(`The period may span at most ${MAX_PERIOD_DAYS} days`);
  }
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** Callers on a flow's graph: counts per node and exit for a period, and a node's calls. */
export function mountIvrTrafficRoutes(
  target: RouteTarget,
  deps: { ivr: IvrDomain; db: Database },
): void {
  const { ivr, db } = deps;
  route(target, {
    method: "get",
    path: "/ivr/flows/:id/traffic",
    summary:
      "Callers who entered each node, left by each exit, hung up or ended there, for a period",
    tag: "ivr",
    access: ROLE_GROUPS.supervisors,
    query: PeriodSchema,
  }, (c) => {
    const flow = flowOr404(ivr, c);
    const period = periodOf(readQuery(c, PeriodSchema), ivr.clock.now());
    return c.json({ flow_id: flow.id, ...flowTraffic(db, flow.id, period) });
  });

  route(target, {
    method: "get",
    path: "/ivr/flows/:id/traffic/calls",
    summary: "The calls that went through one node of a flow in a period, newest first",
    tag: "ivr",
    access: ROLE_GROUPS.supervisors,
    query: NodeCallsSchema,
  }, (c) => {
    const flow = flowOr404(ivr, c);
    const query = readQuery(c, NodeCallsSchema);
    const period = periodOf(query, ivr.clock.now());
    return c.json({
      flow_id: flow.id,
      node: query.node,
      period,
      calls: nodeCalls(db, flow.id, query.node, period, query.limit),
    });
  });
}
