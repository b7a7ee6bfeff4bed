import { z } from "zod";
import {
  parseUserCsv,
  ROLE_GROUPS,
  type TeamRepository,
  UserCsvError,
  type UserCsvRejection,
  type UserRepository,
} from "../../auth/mod.ts";
import type { QueueDesk, SkillStore } from "../../queues/mod.ts";
import { ApiError } from "../api_error.ts";
import { route, type RouteTarget } from "../route.ts";
import { readJson } from "../validate.ts";
import { actorOf } from "../versions.ts";

const ImportSchema = z.object({
  csv: z.string().min(1, "paste or choose a CSV file").max(512 * 1024),
  dry_run: z.boolean().default(false),
}).strict();

export interface UserImportDeps {
  users: UserRepository;
  teams: TeamRepository;
  skills: SkillStore;
  desk: QueueDesk;
}

/**
 * Bulk adding of users from CSV: every row checked as `POST /users` would check it, plus
 * its team and skills by name; a dry run says what would happen and writes nothing.
 */
export function mountUserImportRoutes(target: RouteTarget, deps: UserImportDeps): void {
  route(target, {
    method: "post",
    path: "/users/import",
    summary:
      "Add users from CSV (username, display_name, role, password, extension, language, team, skills as name:level;…); dry_run writes nothing",
    tag: "users",
    access: ROLE_GROUPS.admins,
    body: ImportSchema,
  }, async (c) => {
    const { csv, dry_run } = await readJson(c, ImportSchema);
    let parsed;
    try {
      parsed = parseUserCsv(csv);
    } catch (error) {
      if (error instanceof UserCsvError) throw ApiError.badRequest(error.message);
      throw error;
    }
    const rejected: UserCsvRejection[] = [...parsed.rejected];
    const teams = new Map(deps.teams.list().map((t) => [t.name.toLowerCase(), t.id]));
    const skills = new Set(deps.skills.list().map((s) => s.name));
    const existing = deps.users.list();
    const usernames = new Set(existing.map((u) => u.username.toLowerCase()));
    const extensions = new Set(existing.map((u) => u.extension).filter(Boolean));
    const accepted = parsed.rows.filter((row) => {
      const refuse = (path: string, code: string, message: string) => {
        rejected.push({
          line: row.line,
          username: row.user.username,
          reason: `${path} ${message}`,
          issue: { path, code, message },
        });
        return false;
      };
      const name = row.user.username.toLowerCase();
      if (usernames.has(name)) {
        return refuse("username", "already_exists", `"${row.user.username}" is already taken`);
      }
      if (row.user.extension && extensions.has(row.user.extension)) {
        return refuse("extension", "already_exists", `${row.user.extension} is already assigned`);
      }
      if (row.team && !teams.has(row.team.toLowerCase())) {
        return refuse("team", "unknown_team", `"${row.team}" does not exist; add it first`);
      }
      const unknown = row.skills.find((s) => !skills.has(s.skill));
      if (unknown) {
        return refuse("skill", "unknown_skill", `"${unknown.skill}" does not exist; add it first`);
      }
      usernames.add(name);
      if (row.user.extension) extensions.add(row.user.extension);
      return true;
    });
    rejected.sort((a, b) => a.line - b.line);
    const created: string[] = [];
    if (!dry_run) {
      for (const row of accepted) {
        const user = await deps.users.create({
          ...row.user,
          team_id: row.team ? teams.get(row.team.toLowerCase())! : null,
        });
        if (row.skills.length > 0) {
          deps.skills.setAgentSkills(user.id, { skills: row.skills }, actorOf(c));
        }
        created.push(user.username);
      }
      if (created.length > 0) deps.desk.reload();
      c.set("audit", {
        entity: "users",
        details: { created, rejected: rejected.length },
      });
    }
    return c.json({
      dry_run,
      accepted: accepted.map((r) => r.user.username),
      created,
      rejected,
    });
  });
}
