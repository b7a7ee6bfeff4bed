import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { canAccess, type Role, type SessionStore } from "../auth/mod.ts";
import { ApiError } from "./api_error.ts";
import type { AppEnv } from "./env.ts";

export const SESSION_COOKIE = "cc_session";
const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Resolves who is calling: a Bearer token (integrations) or the session cookie
 * (browsers). It does not refuse anonymous requests; {@link requireRole} does.
 */
export function identify(sessions: SessionStore): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("clientIp", c.env?.remoteAddr?.hostname ?? "unknown");
    const authorization = c.req.header("authorization");
    if (authorization?.toLowerCase().startsWith("bearer ")) {
      const user = sessions.resolveApiToken(authorization.slice(7).trim());
      if (!user) throw ApiError.unauthorized("The API token is unknown or revoked");
      c.set("user", user);
      c.set("authKind", "token");
    } else {
      const secret = getCookie(c, SESSION_COOKIE);
      const session = secret ? sessions.resolve(secret) : undefined;
      if (session) {
        c.set("user", session.user);
        c.set("session", session);
        c.set("authKind", "session");
      }
    }
    await next();
  };
}

/**
 * Browser writes must prove they come from our own pages: the Origin (when sent) must be
 * this host, and the `X-CSRF-Token` header must equal the session's token. Bearer-token
 * calls carry no ambient credentials, so they are exempt.
 */
export function csrfProtection(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (UNSAFE_METHODS.has(c.req.method) && c.get("authKind") !== "token") {
      assertSameOrigin(c);
      const session = c.get("session");
      if (session && c.req.header("x-csrf-token") !== session.csrfToken) {
        throw new ApiError(
          403,
          "csrf_rejected",
          "Missing or wrong X-CSRF-Token header; reload the page and try again",
        );
      }
    }
    await next();
  };
}

function assertSameOrigin(c: Context<AppEnv>): void {
  const origin = c.req.header("origin");
  if (!origin || origin === "null") return;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new ApiError(403, "csrf_rejected", "Malformed Origin header");
  }
  const host = c.req.header("host") ?? new URL(c.req.url).host;
  if (originHost !== host) {
    throw new ApiError(403, "csrf_rejected", `Cross-site request from ${origin} refused`);
  }
}

/** Refuses anonymous callers (401) and callers whose role is not in `roles` (403). */
export function requireRole(roles: readonly Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get("user");
    if (!user) throw ApiError.unauthorized();
    if (!canAccess(user.role, roles)) {
      throw ApiError.forbidden(
        `This needs one of the roles: ${roles.join(", ")} (you are ${user.role})`,
      );
    }
    await next();
  };
}
