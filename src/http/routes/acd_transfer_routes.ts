import type { Context } from "hono";
import { z } from "zod";
import { canAccess, ROLE_GROUPS } from "../../auth/mod.ts";
import { type TransferActor, TransferDesk } from "../../queues/mod.ts";
import { ApiError } from "../api_error.ts";
import type { AppEnv } from "../env.ts";
import { route, type RouteTarget } from "../route.ts";
import { readJson } from "../validate.ts";
import { callParam, deskError } from "./acd_request.ts";
import type { AcdRouteDeps } from "./acd_route_deps.ts";

export const TransferSchema = z.object({
  target: z.string().trim().min(1).max(100).describe(
    "An agent's extension, username or id; a queue's name or id; or an outside number",
  ),
  target_type: z.enum(["agent", "queue", "external"]),
  mode: z.enum(["consult", "blind"]).default("consult").describe(
    "consult: talk to the target first, then complete; blind: hand over at once",
  ),
  case_id: z.number().int().positive().nullable().optional().describe(
    "The case the receiving agent sees first",
  ),
  note: z.string().max(2000).optional().describe("A note for the receiving agent"),
}).strict();

export const ConferenceSchema = z.object({
  target: z.string().trim().min(1).max(100).optional().describe(
    "An agent to ring and join; leave out to merge the consultation under way",
  ),
  target_type: z.literal("agent").default("agent"),
  case_id: z.number().int().positive().nullable().optional(),
  note: z.string().max(2000).optional(),
}).strict();

/**
 * A hand-over naming a case that is not there is refused at that field before anyone is
 * rung: the receiving agent's screen would open nothing.
 */
function assertCase(deps: AcdRouteDeps, caseId: number | null | undefined): void {
  if (caseId === null || caseId === undefined || deps.crm.cases.get(caseId)) return;
  throw ApiError.unknownReferences([
    { path: "case_id", message: `there is no case ${caseId}`, code: "unknown_case" },
  ]);
}

function actor(c: Context<AppEnv>): TransferActor {
  const user = c.get("user")!;
  return { userId: user.id, supervisor: canAccess(user.role, ROLE_GROUPS.supervisors) };
}

/** Transfers (blind and consulted, to an agent or a queue) and three-way conferences. */
export function mountAcdTransferRoutes(target: RouteTarget, deps: AcdRouteDeps): void {
  const transfers = new TransferDesk({ desk: deps.desk, journal: deps.journal });

  route(target, {
    method: "post",
    path: "/calls/:id/transfer",
    summary:
      "Transfer a connected call to an agent (consulted or blind) or a queue; the caller hears music meanwhile",
    tag: "acd",
    access: ROLE_GROUPS.anyone,
    body: TransferSchema,
  }, async (c) => {
    const id = callParam(c);
    const input = await readJson(c, TransferSchema);
    assertCase(deps, input.case_id);
    try {
      const started = await transfers.start(id, actor(c), {
        target: input.target,
        targetType: input.target_type,
        mode: input.mode,
        caseId: input.case_id,
        note: input.note,
      });
      c.set("audit", { entity: "calls", entityId: id, details: { transfer: input } });
      return c.json({ transfer: started }, 202);
    } catch (error) {
      deskError(error);
    }
  });

  route(target, {
    method: "post",
    path: "/calls/:id/transfer/complete",
    summary: "Hand the call to the consulted agent, who has answered; the first agent wraps up",
    tag: "acd",
    access: ROLE_GROUPS.anyone,
  }, (c) => {
    const id = callParam(c);
    try {
      transfers.complete(id, actor(c));
      return c.json({ transfer: { state: "completed" } });
    } catch (error) {
      deskError(error);
    }
  });

  route(target, {
    method: "post",
    path: "/calls/:id/transfer/cancel",
    summary: "Take the caller back from a consultation; the consulted agent's leg is hung up",
    tag: "acd",
    access: ROLE_GROUPS.anyone,
  }, (c) => {
    const id = callParam(c);
    try {
      transfers.cancel(id, actor(c));
      return c.json({ transfer: { state: "cancelled" } });
    } catch (error) {
      deskError(error);
    }
  });

  route(target, {
    method: "post",
    path: "/calls/:id/conference",
    summary:
      "Three-way conference: ring an agent and join them with the caller, or merge the consultation under way",
    tag: "acd",
    access: ROLE_GROUPS.anyone,
    body: ConferenceSchema,
  }, async (c) => {
    const id = callParam(c);
    const input = await readJson(c, ConferenceSchema);
    assertCase(deps, input.case_id);
    try {
      if (input.target === undefined) {
        transfers.merge(id, actor(c));
        return c.json({ conference: { state: "joined" } });
      }
      const started = await transfers.start(id, actor(c), {
        target: input.target,
        targetType: "agent",
        mode: "conference",
        caseId: input.case_id,
        note: input.note,
      });
      return c.json({ conference: { state: started.state, target: started.target } }, 202);
    } catch (error) {
      deskError(error);
    }
  });
}
