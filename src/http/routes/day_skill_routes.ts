import { ROLE_GROUPS } from "../../auth/mod.ts";
import { type DaySkillLevels, DaySkillLevelsSchema, type QueueDesk } from "../../queues/mod.ts";
import { ApiError } from "../api_error.ts";
import { route, type RouteTarget } from "../route.ts";
import { readJson } from "../validate.ts";
import { actorOf } from "../versions.ts";
import { agentParam, requireActFor } from "./acd_agent_routes.ts";
import { queueError } from "./queue_error.ts";

/**
 * An agent's skill levels for the rest of the day: a supervisor (a team lead for their own
 * team) moves people where the calls are without touching the standing levels an admin
 * keeps; the levels lapse at the center's midnight.
 */
export function mountDaySkillRoutes(
  target: RouteTarget,
  deps: { daySkills: DaySkillLevels; desk: QueueDesk },
): void {
  const { daySkills, desk } = deps;

  route(target, {
    method: "get",
    path: "/agents/:id/skills/today",
    summary: "An agent's skills as the ACD uses them today: standing levels and the day's",
    tag: "acd",
    access: ROLE_GROUPS.supervisors,
  }, (c) => {
    const id = agentParam(c);
    requireActFor(c, desk, id, "Only supervisors see agents' skill levels");
    const skills = daySkills.get(id);
    if (!skills) throw ApiError.notFound(`Agent ${id}`);
    return c.json({ skills });
  });

  route(target, {
    method: "put",
    path: "/agents/:id/skills/today",
    summary:
      "Set an agent's skill levels until the end of the center's day (0 takes a skill away; an empty list goes back to the standing levels)",
    tag: "acd",
    access: ROLE_GROUPS.supervisors,
    body: DaySkillLevelsSchema,
  }, async (c) => {
    const id = agentParam(c);
    requireActFor(c, desk, id, "Only supervisors change agents' skill levels");
    const input = await readJson(c, DaySkillLevelsSchema);
    let skills;
    try {
      skills = daySkills.set(id, input, actorOf(c));
    } catch (error) {
      queueError(error);
    }
    c.set("audit", {
      entity: "agents",
      entityId: id,
      details: { skills_for_today: input.skills, expires_at: skills.expires_at },
    });
    return c.json({ skills, applied: !desk.reloadPending });
  });
}
