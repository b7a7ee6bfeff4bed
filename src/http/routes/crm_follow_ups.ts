import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import { CareListSchema, FollowUpUpdateSchema, NewFollowUpSchema } from "../../crm/mod.ts";
import type { RouteTarget } from "../route.ts";
import { idParam, readJson, readQuery } from "../validate.ts";
import { actorId, crmRoute, type CrmRouteDeps } from "./crm_common.ts";

const TasksQuery = z.object({ days: z.coerce.number().int().min(0).max(366).optional() });

/** Follow-ups and care lists, and the task list each agent works from. */
export function mountCrmFollowUpRoutes(target: RouteTarget, { crm }: CrmRouteDeps): void {
  crmRoute(target, {
    method: "get",
    path: "/tasks",
    summary: "Your open follow-ups (overdue first, up to ?days= ahead, default 7) and open cases",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    query: TasksQuery,
  }, (c) => {
    const { days } = readQuery(c, TasksQuery);
    const me = actorId(c);
    return c.json({
      follow_ups: crm.followUps.tasksFor(me, days ?? 7),
      cases: crm.cases.list({ assigneeId: me, open: true, limit: 200 }),
    });
  });

  crmRoute(target, {
    method: "post",
    path: "/follow-ups",
    summary: "Schedule a follow-up (assigned to you unless assignee_id says otherwise)",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    body: NewFollowUpSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(c, NewFollowUpSchema);
    const followUp = crm.followUps.create(input, actorId(c));
    c.set("audit", {
      entity: "follow_ups",
      entityId: followUp.id,
      details: { customer_id: followUp.customer_id },
    });
    return c.json({ follow_up: followUp }, 201);
  });

  crmRoute(target, {
    method: "patch",
    path: "/follow-ups/:id",
    summary: "Mark a follow-up done or cancelled, or move it",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    body: FollowUpUpdateSchema,
  }, async (c) => {
    const id = idParam(c, "id", "Follow-up");
    const change = await readJson(c, FollowUpUpdateSchema);
    const followUp = crm.followUps.update(id, change);
    c.set("audit", { entity: "follow_ups", details: change });
    return c.json({ follow_up: followUp });
  });

  crmRoute(target, {
    method: "post",
    path: "/care-lists",
    summary: "Generate a care list (birthday, renewal, win-back) onto agents' task lists",
    tag: "crm",
    access: ROLE_GROUPS.supervisors,
    body: CareListSchema,
  }, async (c) => {
    const input = await readJson(c, CareListSchema);
    const result = crm.followUps.generate(input, actorId(c));
    c.set("audit", { entity: "follow_ups", details: { ...input, ...result } });
    return c.json(result);
  });
}
