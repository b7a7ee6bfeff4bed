import { ROLE_GROUPS } from "../../auth/mod.ts";
import {
  AgentSkillsSchema,
  type QueueDesk,
  SkillInputSchema,
  type SkillStore,
} from "../../queues/mod.ts";
import { route, type RouteTarget } from "../route.ts";
import { idParam, readJson } from "../validate.ts";
import { actorOf, asSentBack, etag, ifMatch } from "../versions.ts";
import { ApiError } from "../api_error.ts";
import { queueError } from "./queue_error.ts";

/**
 * Skills, and each agent's level in them. A change reaches the running ACD through
 * `QueueDesk.reload()`; `applied` says whether it already has (a busy center applies it
 * once no call is in the ACD).
 */
export function mountSkillRoutes(
  target: RouteTarget,
  deps: { skills: SkillStore; desk: QueueDesk },
): void {
  const { skills, desk } = deps;

  route(target, {
    method: "get",
    path: "/skills",
    summary: "Skills with how many agents have each and which queues require it",
    tag: "acd",
    access: ROLE_GROUPS.supervisors,
  }, (c) => c.json({ skills: skills.list() }));

  route(target, {
    method: "get",
    path: "/skills/:id",
    summary: "One skill; its ETag is the version to send back in If-Match",
    tag: "acd",
    access: ROLE_GROUPS.supervisors,
  }, (c) => {
    const id = idParam(c, "id", "Skill");
    const skill = skills.get(id);
    if (!skill) throw ApiError.notFound(`Skill ${id}`);
    c.header("ETag", etag(skill.version));
    return c.json({ skill });
  });

  route(target, {
    method: "post",
    path: "/skills",
    summary: "Create a skill",
    tag: "acd",
    access: ROLE_GROUPS.admins,
    body: SkillInputSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(c, asSentBack(SkillInputSchema));
    let skill;
    try {
      skill = skills.create(input, actorOf(c));
    } catch (error) {
      queueError(error);
    }
    c.set("audit", { entity: "skills", entityId: skill.id, details: input });
    c.header("ETag", etag(skill.version));
    return c.json({ skill }, 201);
  });

  route(target, {
    method: "put",
    path: "/skills/:id",
    summary: "Rename or describe a skill; with If-Match, a stale save is a 409",
    tag: "acd",
    access: ROLE_GROUPS.admins,
    body: SkillInputSchema,
  }, async (c) => {
    const id = idParam(c, "id", "Skill");
    const input = await readJson(c, asSentBack(SkillInputSchema));
    let skill;
    try {
      skill = skills.update(id, input, actorOf(c), ifMatch(c));
    } catch (error) {
      queueError(error);
    }
    desk.reload();
    c.set("audit", { entity: "skills", details: input });
    c.header("ETag", etag(skill.version));
    return c.json({ skill, applied: !desk.reloadPending });
  });

  route(target, {
    method: "delete",
    path: "/skills/:id",
    summary: "Remove a skill no queue requires (refused naming the queues otherwise)",
    tag: "acd",
    access: ROLE_GROUPS.admins,
    status: 204,
  }, (c) => {
    try {
      skills.remove(idParam(c, "id", "Skill"));
    } catch (error) {
      queueError(error);
    }
    desk.reload();
    c.set("audit", { entity: "skills" });
    return c.body(null, 204);
  });

  route(target, {
    method: "get",
    path: "/users/:id/skills",
    summary: "An agent's skills with levels from 1 to 10",
    tag: "acd",
    access: ROLE_GROUPS.supervisors,
  }, (c) => {
    const id = idParam(c, "id", "User");
    return c.json({ skills: skills.agentSkills(id) });
  });

  route(target, {
    method: "put",
    path: "/users/:id/skills",
    summary:
      "Replace an agent's skills; refused when a queue would be left without anyone to serve it",
    tag: "acd",
    access: ROLE_GROUPS.admins,
    body: AgentSkillsSchema,
  }, async (c) => {
    const id = idParam(c, "id", "User");
    const input = await readJson(c, AgentSkillsSchema);
    let saved;
    try {
      saved = skills.setAgentSkills(id, input, actorOf(c));
    } catch (error) {
      queueError(error);
    }
    desk.reload();
    c.set("audit", { entity: "users", details: input });
    return c.json({ skills: saved, applied: !desk.reloadPending });
  });
}
