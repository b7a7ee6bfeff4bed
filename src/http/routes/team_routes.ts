import {
  ROLE_GROUPS,
  TeamChangeError,
  TeamInputSchema,
  type TeamRepository,
} from "../../auth/mod.ts";
import { ApiError } from "../api_error.ts";
import { refusalDetails } from "../refusal_details.ts";
import { route, type RouteTarget } from "../route.ts";
import { idParam, readJson } from "../validate.ts";
import { actorOf, asSentBack, etag, ifMatch } from "../versions.ts";

function teamError(error: unknown): never {
  if (!(error instanceof TeamChangeError)) throw error;
  if (error.status === 404) throw new ApiError(404, "not_found", error.message);
  const { users, ...about } = error.about;
  throw new ApiError(
    409,
    "conflict",
    error.message,
    refusalDetails(error.message, {
      ...about,
      ...(users ? { inUse: { kind: "users", names: users } } : {}),
    }),
  );
}

/** Teams of users: supervisors and reports group agents by them. */
export function mountTeamRoutes(target: RouteTarget, teams: TeamRepository): void {
  route(target, {
    method: "get",
    path: "/teams",
    summary: "Teams with how many users each has",
    tag: "users",
    access: ROLE_GROUPS.supervisors,
  }, (c) => c.json({ teams: teams.list() }));

  route(target, {
    method: "get",
    path: "/teams/:id",
    summary: "One team; its ETag is the version to send back in If-Match",
    tag: "users",
    access: ROLE_GROUPS.supervisors,
  }, (c) => {
    const id = idParam(c, "id", "Team");
    const team = teams.get(id);
    if (!team) throw ApiError.notFound(`Team ${id}`);
    c.header("ETag", etag(team.version));
    return c.json({ team });
  });

  route(target, {
    method: "post",
    path: "/teams",
    summary: "Create a team",
    tag: "users",
    access: ROLE_GROUPS.admins,
    body: TeamInputSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(c, asSentBack(TeamInputSchema));
    let team;
    try {
      team = teams.create(input, actorOf(c));
    } catch (error) {
      teamError(error);
    }
    c.set("audit", { entity: "teams", entityId: team.id, details: input });
    c.header("ETag", etag(team.version));
    return c.json({ team }, 201);
  });

  route(target, {
    method: "put",
    path: "/teams/:id",
    summary: "Rename a team; with If-Match, a save over someone else's change is a 409",
    tag: "users",
    access: ROLE_GROUPS.admins,
    body: TeamInputSchema,
  }, async (c) => {
    const id = idParam(c, "id", "Team");
    const input = await readJson(c, asSentBack(TeamInputSchema));
    let team;
    try {
      team = teams.update(id, input, actorOf(c), ifMatch(c));
    } catch (error) {
      teamError(error);
    }
    c.set("audit", { entity: "teams", details: input });
    c.header("ETag", etag(team.version));
    return c.json({ team });
  });

  route(target, {
    method: "delete",
    path: "/teams/:id",
    summary: "Remove a team nobody is in (refused with its members otherwise)",
    tag: "users",
    access: ROLE_GROUPS.admins,
    status: 204,
  }, (c) => {
    try {
      teams.remove(idParam(c, "id", "Team"));
    } catch (error) {
      teamError(error);
    }
    c.set("audit", { entity: "teams" });
    return c.body(null, 204);
  });
}
