import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import { InteractionUpdateSchema, NewInteractionSchema } from "../../crm/mod.ts";
import { ApiError } from "../api_error.ts";
import type { RouteTarget } from "../route.ts";
import { idParam, readJson, readQuery } from "../validate.ts";
import { actorId, crmRoute, type CrmRouteDeps } from "./crm_common.ts";

const TimelineQuery = z.object({
  before: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
const FcrQuery = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  window_days: z.coerce.number().int().min(1).max(90).optional(),
  queue_id: z.coerce.number().int().positive().optional(),
  agent_id: z.coerce.number().int().positive().optional(),
});

/** Contacts on every channel, each customer's timeline, and first-contact resolution. */
export function mountCrmInteractionRoutes(target: RouteTarget, { crm }: CrmRouteDeps): void {
  crmRoute(target, {
    method: "post",
    path: "/interactions",
    summary:
      "Record a contact (call, voicemail, callback, chat, e-mail); the agent defaults to you",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    body: NewInteractionSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(c, NewInteractionSchema);
    const interaction = crm.interactions.record({
      ...input,
      agent_id: input.agent_id === undefined ? actorId(c) : input.agent_id,
    });
    c.set("audit", { entity: "interactions", entityId: interaction.id });
    return c.json({ interaction }, 201);
  });

  crmRoute(target, {
    method: "get",
    path: "/interactions/:id",
    summary: "One contact",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
  }, (c) => {
    const id = idParam(c, "id", "Interaction");
    const interaction = crm.interactions.get(id);
    if (!interaction) throw ApiError.notFound(`Interaction ${id}`);
    return c.json({ interaction });
  });

  crmRoute(target, {
    method: "patch",
    path: "/interactions/:id",
    summary: "Wrap-up: disposition, notes, case link, end time",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    body: InteractionUpdateSchema,
  }, async (c) => {
    const id = idParam(c, "id", "Interaction");
    const change = await readJson(c, InteractionUpdateSchema);
    const interaction = crm.interactions.update(id, change);
    c.set("audit", { entity: "interactions", details: { fields: Object.keys(change) } });
    return c.json({ interaction });
  });

  crmRoute(target, {
    method: "get",
    path: "/customers/:id/interactions",
    summary: "A customer's timeline on every channel, newest first (page with ?before=)",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    query: TimelineQuery,
  }, (c) => {
    const id = idParam(c, "id", "Customer");
    crm.customers.require(id);
    const { before, limit } = readQuery(c, TimelineQuery);
    return c.json({ interactions: crm.interactions.timeline(id, { before, limit }) });
  });

  crmRoute(target, {
    method: "get",
    path: "/crm/fcr",
    summary: "First-contact resolution for answered calls in a period (KPI.md definition)",
    tag: "crm",
    access: ROLE_GROUPS.supervisors,
    query: FcrQuery,
  }, (c) => {
    const q = readQuery(c, FcrQuery);
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    if (to <= from) throw ApiError.badRequest("The period must end after it starts (to > from)");
    const result = crm.fcr({
      from,
      to,
      windowDays: q.window_days,
      queueId: q.queue_id,
      agentId: q.agent_id,
    });
    const { resolved_ids: _ids, ...figures } = result;
    return c.json({
      ...figures,
      formula:
        "answered calls resolved with no repeat contact (same customer, same category) within window_days ÷ answered × 100",
    });
  });
}
