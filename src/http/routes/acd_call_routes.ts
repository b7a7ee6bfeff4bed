import type { Context } from "hono";
import { z } from "zod";
import { canAccess, ROLE_GROUPS, supervisedTeam } from "../../auth/mod.ts";
import { type CallContext, callContext, type QueueDesk } from "../../queues/mod.ts";
import { CrmValidationError, maskCustomer, maskPhone, NotFoundError } from "../../crm/mod.ts";
import { ApiError } from "../api_error.ts";
import type { AppEnv } from "../env.ts";
import { route, type RouteTarget } from "../route.ts";
import { readJson } from "../validate.ts";
import { callParam, deskError } from "./acd_request.ts";
import type { AcdRouteDeps } from "./acd_route_deps.ts";

export const MoveCallSchema = z.object({ queue_id: z.number().int().positive() }).strict();
export const CallPrioritySchema = z.object({
  priority: z.number().int().min(0).max(100).describe("0..100; higher is served first"),
}).strict();
export const VoicemailSchema = z.object({
  box: z.string().trim().min(1).max(64).optional().describe(
    "The box the message lands in; the queue's own box (named after it) when left out",
  ),
}).strict();
export const WrapUpSchema = z.object({
  disposition_id: z.number().int().positive().nullable().optional(),
  notes: z.string().max(20_000).optional(),
  case_id: z.number().int().positive().nullable().optional(),
}).strict();

function masked(context: CallContext): CallContext {
  const match = context.customer.match;
  return {
    ...context,
    call: { ...context.call, caller: context.call.caller && maskPhone(context.call.caller) },
    customer: {
      ...context.customer,
      phone: context.customer.phone && maskPhone(context.customer.phone),
      match: match && { ...match, customer: maskCustomer(match.customer) },
    },
  };
}

/**
 * Refuses a team lead a waiting caller, or a queue to move one to, that their team does
 * not serve (no member of the queue is on their team): a lead runs their own team's
 * queues. A call the ACD does not hold is left to the desk, which answers 404.
 */
export function requireTeamQueue(
  c: Context<AppEnv>,
  desk: QueueDesk,
  target: { callId: string } | { queueId: number },
): void {
  const team = supervisedTeam(c.get("user")!);
  if (team === undefined) return;
  const key = "callId" in target
    ? desk.engine.call(target.callId)?.queueId
    : String(target.queueId);
  const queue = key === undefined ? undefined : desk.setup.queues.get(key);
  if (!queue) return;
  const served = team !== null &&
    queue.members.some((m) => desk.setup.agents.get(String(m.user_id))?.teamId === team);
  if (!served) {
    throw ApiError.forbidden(
      `Team leads act only on their own team's queues; no one on your team serves "${queue.name}"`,
    );
  }
}

/** What supervisors and the agent desktop do with queued and connected calls. */
export function mountAcdCallRoutes(target: RouteTarget, deps: AcdRouteDeps): void {
  const { desk, db, crm, journal, clock } = deps;

  route(target, {
    method: "post",
    path: "/calls/:id/move",
    summary: "Move a waiting call to another queue; it keeps its place by first arrival",
    tag: "acd",
    access: ROLE_GROUPS.supervisors,
    body: MoveCallSchema,
  }, async (c) => {
    const id = callParam(c);
    const { queue_id } = await readJson(c, MoveCallSchema);
    requireTeamQueue(c, desk, { callId: id });
    requireTeamQueue(c, desk, { queueId: queue_id });
    try {
      const call = desk.moveCall(id, queue_id);
      return c.json({ call: { id, queue_id: Number(call.queueId), state: call.state } });
    } catch (error) {
      deskError(error);
    }
  });

  route(target, {
    method: "post",
    path: "/calls/:id/priority",
    summary: "Change a waiting call's priority (0..100)",
    tag: "acd",
    access: ROLE_GROUPS.supervisors,
    body: CallPrioritySchema,
  }, async (c) => {
    const id = callParam(c);
    const { priority } = await readJson(c, CallPrioritySchema);
    requireTeamQueue(c, desk, { callId: id });
    try {
      const call = desk.changePriority(id, priority);
      return c.json({ call: { id, priority: call.priority, position: call.position } });
    } catch (error) {
      deskError(error);
    }
  });

  route(target, {
    method: "post",
    path: "/calls/:id/callback",
    summary:
      "Take a waiting caller out of the queue and leave a callback request for them; their call ends",
    tag: "acd",
    access: ROLE_GROUPS.supervisors,
    status: 202,
  }, (c) => {
    const id = callParam(c);
    requireTeamQueue(c, desk, { callId: id });
    try {
      desk.sendToCallback(id);
    } catch (error) {
      deskError(error);
    }
    c.set("audit", { entity: "calls", entityId: id, details: { sent_to: "callback" } });
    return c.json({ call: { id, sent_to: "callback" } }, 202);
  });

  route(target, {
    method: "post",
    path: "/calls/:id/voicemail",
    summary:
      "Take a waiting caller out of the queue to leave a voicemail (greeting, beep, message); their call ends after",
    tag: "acd",
    access: ROLE_GROUPS.supervisors,
    body: VoicemailSchema,
    status: 202,
  }, async (c) => {
    const id = callParam(c);
    const { box } = await readJson(c, VoicemailSchema);
    requireTeamQueue(c, desk, { callId: id });
    let sent: string;
    try {
      sent = desk.sendToVoicemail(id, box);
    } catch (error) {
      deskError(error);
    }
    c.set("audit", { entity: "calls", entityId: id, details: { sent_to: "voicemail", box: sent } });
    return c.json({ call: { id, sent_to: "voicemail", box: sent } }, 202);
  });

  route(target, {
    method: "get",
    path: "/calls/:id/context",
    summary:
      "Screen pop: caller, CRM customer with open cases, IVR path and digits, queue and wait",
    tag: "acd",
    access: ROLE_GROUPS.anyone,
  }, (c) => {
    const id = callParam(c);
    const context = callContext({ db, crm, journal, desk, now: clock.now() }, id);
    if (!context) throw ApiError.notFound(`Call ${id}`);
    const mask = c.get("user")?.role === "agent" && crm.settings.get().mask_phones_for_agents;
    return c.json(mask ? masked(context) : context);
  });

  for (const action of ["pause", "resume"] as const) {
    route(target, {
      method: "post",
      path: `/calls/:id/recording/${action}`,
      summary: action === "pause"
        ? "Pause a connected call's recording (both channels are silent until resumed; the gap is marked)"
        : "Resume a connected call's recording after a pause",
      tag: "acd",
      access: ROLE_GROUPS.anyone,
    }, (c) => {
      const id = callParam(c);
      const user = c.get("user")!;
      try {
        const paused = desk.setRecordingPaused(id, {
          userId: user.id,
          username: user.username,
          supervisor: canAccess(user.role, ROLE_GROUPS.supervisors),
        }, action === "pause");
        return c.json({ recording: { paused } });
      } catch (error) {
        deskError(error);
      }
    });
  }

  route(target, {
    method: "post",
    path: "/calls/:id/wrap-up",
    summary: "Save the disposition, notes and case of a call's contact and end the agent's wrap-up",
    tag: "acd",
    access: ROLE_GROUPS.anyone,
    body: WrapUpSchema,
  }, async (c) => {
    const id = callParam(c);
    const input = await readJson(c, WrapUpSchema);
    const user = c.get("user")!;
    // A transferred call has one contact per agent; each agent wraps up their own.
    const contact = db.get<{ id: number; agent_id: number | null; queue_id: number | null }>(
      `SELECT id, agent_id, queue_id FROM interactions WHERE call_id = ? AND channel = 'call'
       ORDER BY agent_id = ? DESC, id DESC LIMIT 1`,
      id,
      user.id,
    );
    if (!contact) throw ApiError.notFound(`A contact for call ${id}`);
    if (contact.agent_id !== user.id && !canAccess(user.role, ROLE_GROUPS.supervisors)) {
      throw ApiError.forbidden("Only the agent who took the call may wrap it up");
    }
    const queue = contact.queue_id === null ? undefined : desk.setup.queues.get(
      String(contact.queue_id),
    );
    if (queue?.options.disposition_required && !input.disposition_id) {
      throw ApiError.badRequest(`Queue "${queue.name}" needs a disposition to finish wrap-up`, {
        issues: [{ path: "disposition_id", message: "required by the queue" }],
      });
    }
    let interaction;
    try {
      interaction = crm.interactions.update(contact.id, input);
    } catch (error) {
      if (error instanceof CrmValidationError) {
        throw ApiError.badRequest(error.message, { issues: error.issues });
      }
      if (error instanceof NotFoundError) throw ApiError.notFound(error.what);
      throw error;
    }
    journal.event(id, "call.wrapped_up", {
      disposition_id: input.disposition_id ?? null,
      case_id: input.case_id ?? null,
    }, { agentId: contact.agent_id, queueId: contact.queue_id });
    const finished = contact.agent_id !== null && desk.finishWrapUp(contact.agent_id, id);
    c.set("audit", { entity: "interactions", entityId: contact.id, details: input });
    return c.json({ interaction, wrap_up_finished: finished });
  });
}
