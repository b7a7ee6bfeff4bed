import type { Context } from "hono";
import { z } from "zod";
import { canAccess, ROLE_GROUPS, supervisedTeam, supervisesTeam } from "../../auth/mod.ts";
import { getCall } from "../../call_history/mod.ts";
import {
  type AgentDay,
  agentDaysSince,
  EMPTY_DAY,
  type QueueDesk,
  startOfToday,
} from "../../queues/mod.ts";
import { ApiError } from "../api_error.ts";
import type { AppEnv } from "../env.ts";
import { route, type RouteTarget } from "../route.ts";
import { readJson, readQuery } from "../validate.ts";
import type { AcdRouteDeps } from "./acd_route_deps.ts";
import { deskError } from "./acd_request.ts";

export const AgentStateSchema = z.discriminatedUnion("state", [
  z.object({ state: z.literal("ready") }).strict(),
  z.object({
    state: z.literal("not_ready"),
    reason: z.string().min(1).max(32).optional().describe("break, lunch, training, meeting…"),
  }).strict(),
  z.object({ state: z.literal("logged_out") }).strict(),
], { error: "state must be ready, not_ready or logged_out" });

export const WrapUpExtendSchema = z.object({
  seconds: z.number().int().min(1).max(3600).default(30),
}).strict();

/** An agent as the desktop and the supervisor views show them. */
export interface AgentStatus {
  id: number;
  username: string;
  name: string;
  extension: string | null;
  /** A phone or browser is registered on the extension now. */
  registered: boolean;
  state: string;
  reason: string | null;
  /** The not-ready reason's time limit in seconds, as the admin set it; null for none. */
  reason_limit_s: number | null;
  /** Whether time in the not-ready reason is paid; null when not ready for a known reason. */
  reason_paid: boolean | null;
  since: string;
  call_id: string | null;
  /** The state asked for after the current call ("not ready after this call"). */
  pending: string | null;
  queue_ids: number[];
  wrap_up_ends_at: string | null;
  today: AgentDay;
  team_id: number | null;
  team: string | null;
  /** The call the agent is on: who called, the customer the CRM knows them as, the queue. */
  call: {
    id: string;
    caller: string | null;
    customer_id: number | null;
    customer: string | null;
    queue_id: number | null;
    answered_at: string | null;
  } | null;
}

/** The agent named by `:id`, which may be `me`. */
export function agentParam(c: Context<AppEnv>): number {
  const raw = c.req.param("id") ?? "";
  if (raw === "me") return c.get("user")!.id;
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw ApiError.notFound(`Agent ${raw}`);
  return id;
}

/** What a team lead is told when the agent is on another team. */
export const OTHER_TEAM = "Team leads may see and act only for their own team's agents";

/**
 * Refuses unless the user is the agent themselves, or supervises the agent's team (a team
 * lead their own team only, supervisors and admins everyone). `refusal` is what an agent
 * acting for someone else is told. An unknown agent is a 404 for supervisors.
 */
export function requireActFor(
  c: Context<AppEnv>,
  desk: QueueDesk,
  userId: number,
  refusal: string,
): void {
  const user = c.get("user")!;
  if (user.id === userId) return;
  if (!canAccess(user.role, ROLE_GROUPS.supervisors)) throw ApiError.forbidden(refusal);
  const agent = desk.agentOf(userId);
  if (!agent) throw ApiError.notFound(`Agent ${userId}`);
  if (!supervisesTeam(user, agent.teamId)) throw ApiError.forbidden(OTHER_TEAM);
}

export const AgentListQuerySchema = z.object({
  team_id: z.coerce.number().int().positive().optional().describe(
    "Only this team's agents; a team lead may ask only for their own team",
  ),
}).strict();

export function mountAcdAgentRoutes(target: RouteTarget, deps: AcdRouteDeps): void {
  const { desk, db, clock, crm } = deps;

  const currentCall = (callId: string | undefined): AgentStatus["call"] => {
    const row = callId ? getCall(db, callId) : undefined;
    if (!row) return null;
    return {
      id: row.id,
      caller: row.caller,
      customer_id: row.customer_id,
      customer: row.customer_id === null ? null : crm.customers.get(row.customer_id)?.name ?? null,
      queue_id: row.queue_id,
      answered_at: row.answered_at,
    };
  };

  /** Not-ready reasons by code, read once per answer. */
  const reasonCodes = () => new Map(deps.reasons?.list().map((r) => [r.code, r]) ?? []);

  const status = (
    userId: number,
    days?: Map<number, AgentDay>,
    codes = reasonCodes(),
  ): AgentStatus => {
    const info = desk.agentOf(userId);
    if (!info) throw ApiError.notFound(`Agent ${userId}`);
    const view = desk.agentView(userId);
    const wrapEnds = desk.wrapUpEndsAt(userId);
    const today = (days ?? agentDaysSince(db, startOfToday(clock.now()))).get(userId) ?? EMPTY_DAY;
    const reason = view.state === "not_ready" && view.reason !== undefined
      ? codes.get(view.reason)
      : undefined;
    return {
      id: info.userId,
      username: info.username,
      name: info.name,
      extension: info.extension,
      registered: desk.registered(info),
      state: view.state,
      reason: view.reason ?? null,
      reason_limit_s: reason?.limit_s ?? null,
      reason_paid: reason?.paid ?? null,
      since: new Date(view.since).toISOString(),
      call_id: view.callId ?? null,
      pending: view.pending ?? null,
      queue_ids: view.queueIds.map(Number),
      wrap_up_ends_at: wrapEnds === undefined ? null : new Date(wrapEnds).toISOString(),
      today,
      team_id: info.teamId,
      team: info.teamName,
      call: currentCall(view.callId),
    };
  };

  route(target, {
    method: "get",
    path: "/agents",
    summary: "Agents with their state, reason, registration and today's calls, AHT and ACW",
    tag: "acd",
    access: ROLE_GROUPS.supervisors,
    query: AgentListQuerySchema,
  }, (c) => {
    const { team_id } = readQuery(c, AgentListQuerySchema);
    // A team lead's board is their team's, asked for or not; without a team it is empty.
    const own = supervisedTeam(c.get("user")!);
    if (own !== undefined && team_id !== undefined && team_id !== own) {
      throw ApiError.forbidden(OTHER_TEAM);
    }
    const team = own !== undefined ? own : team_id;
    const days = agentDaysSince(db, startOfToday(clock.now()));
    const codes = reasonCodes();
    const agents = [...desk.setup.agents.values()]
      .filter((a) => team === undefined || (team !== null && a.teamId === team))
      .map((a) => status(a.userId, days, codes));
    return c.json({ agents, not_ready_reasons: desk.notReadyReasons });
  });

  route(target, {
    method: "get",
    path: "/agents/:id",
    summary: "One agent's state and today's figures (`me` for oneself)",
    tag: "acd",
    access: ROLE_GROUPS.anyone,
  }, (c) => {
    const id = agentParam(c);
    requireActFor(c, desk, id, "Agents may only see their own state");
    return c.json({
      agent: status(id),
      not_ready_reasons: desk.notReadyReasons,
    });
  });

  route(target, {
    method: "post",
    path: "/agents/:id/state",
    summary:
      "Ready, not ready with a reason, or logged out; agents change their own, team leads and above anyone's",
    tag: "acd",
    access: ROLE_GROUPS.anyone,
    body: AgentStateSchema,
  }, async (c) => {
    const id = agentParam(c);
    const change = await readJson(c, AgentStateSchema);
    const self = c.get("user")!.id === id;
    requireActFor(c, desk, id, "Agents may only change their own state; ask a team lead");
    try {
      desk.setAgentState(id, change, !self);
    } catch (error) {
      deskError(error);
    }
    c.set("audit", { entity: "agents", entityId: id, details: { ...change, forced: !self } });
    return c.json({ agent: status(id) });
  });

  route(target, {
    method: "post",
    path: "/agents/:id/wrap-up/extend",
    summary: "Adds time to the agent's wrap-up, up to the queue's maximum",
    tag: "acd",
    access: ROLE_GROUPS.anyone,
    body: WrapUpExtendSchema,
  }, async (c) => {
    const id = agentParam(c);
    requireActFor(c, desk, id, "Agents may only extend their own wrap-up");
    const { seconds } = await readJson(c, WrapUpExtendSchema);
    try {
      desk.extendWrapUp(id, seconds);
    } catch (error) {
      deskError(error);
    }
    return c.json({ agent: status(id) });
  });
}
