import { deleteCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import {
  type AuditLog,
  type LoginThrottle,
  ROLE_GROUPS,
  ROLES,
  SESSION_TTL_MS,
  type SessionStore,
  type User,
  type UserRepository,
  verifyPassword,
} from "../../auth/mod.ts";
import type { ApplianceRole } from "../../config/mod.ts";
import { ApiError } from "../api_error.ts";
import { SESSION_COOKIE } from "../auth_middleware.ts";
import { STANDBY_READER_ROLE, standbyRefusal } from "../standby_guard.ts";
import { route, type RouteTarget } from "../route.ts";
import { idParam, readJson, readQuery } from "../validate.ts";

export const LoginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const UserSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  display_name: z.string(),
  role: z.enum(ROLES),
  extension: z.string().nullable(),
});

const SessionResponseSchema = z.object({ user: UserSchema, csrf_token: z.string() });
const NewTokenSchema = z.object({ name: z.string().trim().min(1).max(80) });
const ThrottleEntrySchema = z.object({
  username: z.string().optional(),
  address: z.string(),
  failures: z.number().int(),
  retry_after_s: z.number().int(),
});
const LockoutsSchema = z.object({
  pairs: z.array(ThrottleEntrySchema),
  addresses: z.array(ThrottleEntrySchema),
});
const LiftQuery = z.object({
  username: z.string().trim().min(1).max(64).optional(),
  address: z.string().trim().min(1).max(64).optional(),
}).refine((q) => q.username !== undefined || q.address !== undefined, {
  message: "Name a username, an address or both",
});

// A hash of a random password: verifying against it costs the same as a real check, so a
// wrong username cannot be told from a wrong password by timing.
const DECOY_HASH =
  "scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

function publicUser(user: User) {
  return {
    id: user.id,
    username: user.username,
    display_name: user.display_name,
    role: user.role,
    extension: user.extension,
  };
}

export interface AuthRouteDeps {
  users: UserRepository;
  sessions: SessionStore;
  throttle: LoginThrottle;
  audit: AuditLog;
  /** The appliance's role now: a standby lets admins alone sign in, read-only. */
  role?: () => ApplianceRole;
  /** Replication's state; on a standby `peer` is its primary's address. */
  replication?: () => { peer?: string } | undefined;
}

export function mountAuthRoutes(target: RouteTarget, deps: AuthRouteDeps): void {
  route(target, {
    method: "post",
    path: "/auth/login",
    summary: "Sign in with username and password; sets the session cookie",
    tag: "auth",
    access: "public",
    body: LoginSchema,
    response: SessionResponseSchema,
  }, async (c) => {
    const { username, password } = await readJson(c, LoginSchema);
    const ip = c.get("clientIp");
    // Counted as a failure from here on, so parallel guesses cannot all slip through.
    const wait = deps.throttle.beginAttempt(username, ip);
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      throw new ApiError(
        429,
        "too_many_attempts",
        `Too many failed sign-ins; try again in ${wait} s`,
        { retry_after_s: wait },
      );
    }
    const found = deps.users.byUsername(username);
    const ok = await verifyPassword(password, found?.password_hash ?? DECOY_HASH);
    if (!found || !ok || !found.active) {
      deps.audit.append({
        actorUserId: found?.id ?? null,
        actor: username,
        action: "login_failed",
        entity: "session",
        ip,
      });
      throw new ApiError(401, "invalid_credentials", "Wrong username or password");
    }
    deps.throttle.recordSuccess(username, ip);
    if (deps.role?.() === "standby" && found.role !== STANDBY_READER_ROLE) {
      throw standbyRefusal("lets admins alone sign in", deps.replication?.()?.peer);
    }
    const { secret, session } = deps.sessions.open(found.id, {
      ip,
      userAgent: c.req.header("user-agent"),
    });
    setCookie(c, SESSION_COOKIE, secret, {
      httpOnly: true,
      sameSite: "Strict",
      secure: new URL(c.req.url).protocol === "https:",
      path: "/",
      maxAge: SESSION_TTL_MS / 1000,
    });
    c.set("user", session.user);
    c.set("audit", { entity: "session", entityId: session.id });
    return c.json({ user: publicUser(session.user), csrf_token: session.csrfToken });
  });

  route(target, {
    method: "post",
    path: "/auth/logout",
    summary: "Sign out and end the session",
    tag: "auth",
    access: ROLE_GROUPS.anyone,
    status: 204,
  }, (c) => {
    const session = c.get("session");
    if (session) {
      deps.sessions.close(session.id);
      c.set("audit", { entity: "session", entityId: session.id });
    }
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  });

  route(target, {
    method: "get",
    path: "/auth/me",
    summary: "The signed-in user and the CSRF token for browser writes",
    tag: "auth",
    access: ROLE_GROUPS.anyone,
    response: SessionResponseSchema,
  }, (c) => {
    const user = c.get("user")!;
    return c.json({ user: publicUser(user), csrf_token: c.get("session")?.csrfToken ?? null });
  });

  route(target, {
    method: "get",
    path: "/auth/tokens",
    summary: "The caller's API tokens (names and dates, never the secrets)",
    tag: "auth",
    access: ROLE_GROUPS.anyone,
  }, (c) => c.json({ tokens: deps.sessions.listApiTokens(c.get("user")!.id) }));

  route(target, {
    method: "post",
    path: "/auth/tokens",
    summary: "Create an API token for an integration; the secret is shown once",
    tag: "auth",
    access: ROLE_GROUPS.anyone,
    body: NewTokenSchema,
    status: 201,
  }, async (c) => {
    const { name } = await readJson(c, NewTokenSchema);
    const created = deps.sessions.createApiToken(c.get("user")!.id, name);
    c.set("audit", { entity: "api_token", entityId: created.id, details: { name } });
    return c.json({ id: created.id, name, token: created.secret }, 201);
  });

  route(target, {
    method: "delete",
    path: "/auth/tokens/:id",
    summary: "Revoke one of the caller's API tokens",
    tag: "auth",
    access: ROLE_GROUPS.anyone,
    status: 204,
  }, (c) => {
    const id = idParam(c, "id", "API token");
    if (!deps.sessions.revokeApiToken(id, c.get("user")!.id)) {
      throw ApiError.notFound(`API token ${id}`);
    }
    c.set("audit", { entity: "api_token", entityId: id });
    return c.body(null, 204);
  });

  route(target, {
    method: "get",
    path: "/auth/lockouts",
    summary: "Failed sign-ins remembered per username and address, and how long each must wait",
    tag: "auth",
    access: ROLE_GROUPS.admins,
    response: LockoutsSchema,
  }, (c) => c.json(deps.throttle.entries()));

  route(target, {
    method: "delete",
    path: "/auth/lockouts",
    summary: "Forget the failed sign-ins of a username, an address, or one username at one address",
    tag: "auth",
    access: ROLE_GROUPS.admins,
    query: LiftQuery,
  }, (c) => {
    const { username, address } = readQuery(c, LiftQuery);
    const lifted = deps.throttle.lift({ username, address });
    c.set("audit", {
      entity: "login_throttle",
      entityId: username ?? address,
      details: { username: username ?? null, address: address ?? null, lifted },
    });
    return c.json({ lifted });
  });
}
