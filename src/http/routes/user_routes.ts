import { z } from "zod";
import {
  DuplicateUserError,
  NewUserSchema,
  PasswordSchema,
  ROLE_GROUPS,
  type UserRepository,
  UserUpdateSchema,
} from "../../auth/mod.ts";
import { ApiError } from "../api_error.ts";
import { refusalDetails } from "../refusal_details.ts";
import { route, type RouteTarget } from "../route.ts";
import { idParam, readJson } from "../validate.ts";
import { actorOf, asSentBack, etag, ifMatch } from "../versions.ts";

const PasswordChangeSchema = z.object({
  password: PasswordSchema,
  sip_password: z.string().min(4).max(128).optional(),
});

function translate(error: unknown): never {
  if (error instanceof DuplicateUserError) {
    throw new ApiError(
      409,
      "conflict",
      error.message,
      refusalDetails(error.message, { field: error.field, code: "already_exists" }),
    );
  }
  throw error;
}

/** Admin management of user accounts. */
export function mountUserRoutes(target: RouteTarget, users: UserRepository): void {
  /** A user put in a team that is not there is refused at that field. */
  const assertTeam = (teamId: number | null | undefined) => {
    if (teamId === null || teamId === undefined || users.hasTeam(teamId)) return;
    throw ApiError.unknownReferences([
      { path: "team_id", message: `there is no team ${teamId}`, code: "unknown_team" },
    ]);
  };

  route(target, {
    method: "get",
    path: "/users",
    summary: "List users",
    tag: "users",
    access: ROLE_GROUPS.supervisors,
  }, (c) => c.json({ users: users.list() }));

  route(target, {
    method: "post",
    path: "/users",
    summary: "Create a user (an agent gets a SIP extension for the softphone)",
    tag: "users",
    access: ROLE_GROUPS.admins,
    body: NewUserSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(c, NewUserSchema);
    assertTeam(input.team_id);
    const user = await users.create(input).catch(translate);
    c.set("audit", {
      entityId: user.id,
      details: { username: user.username, role: user.role, extension: user.extension },
    });
    return c.json({ user }, 201);
  });

  route(target, {
    method: "get",
    path: "/users/:id",
    summary: "One user",
    tag: "users",
    access: ROLE_GROUPS.supervisors,
  }, (c) => {
    const id = idParam(c, "id", "User");
    const user = users.byId(id);
    if (!user) throw ApiError.notFound(`User ${id}`);
    c.header("ETag", etag(user.version));
    return c.json({ user });
  });

  route(target, {
    method: "patch",
    path: "/users/:id",
    summary:
      "Change a user's name, role, extension, language, team or active flag; with If-Match, a stale save is a 409",
    tag: "users",
    access: ROLE_GROUPS.admins,
    body: UserUpdateSchema,
  }, async (c) => {
    const id = idParam(c, "id", "User");
    // A user who is not there is a 404 whatever the body says.
    if (!users.byId(id)) throw ApiError.notFound(`User ${id}`);
    const change = await readJson(c, asSentBack(UserUpdateSchema));
    assertTeam(change.team_id);
    let user;
    try {
      user = users.update(id, change, actorOf(c), ifMatch(c));
    } catch (error) {
      translate(error);
    }
    if (!user) throw ApiError.notFound(`User ${id}`);
    c.set("audit", { details: change });
    c.header("ETag", etag(user.version));
    return c.json({ user });
  });

  route(target, {
    method: "post",
    path: "/users/:id/password",
    summary: "Set a user's password (ends their sessions)",
    tag: "users",
    access: ROLE_GROUPS.admins,
    body: PasswordChangeSchema,
    status: 204,
  }, async (c) => {
    const id = idParam(c, "id", "User");
    const { password, sip_password } = await readJson(c, PasswordChangeSchema);
    if (!(await users.setPassword(id, password, sip_password))) {
      throw ApiError.notFound(`User ${id}`);
    }
    return c.body(null, 204);
  });
}
