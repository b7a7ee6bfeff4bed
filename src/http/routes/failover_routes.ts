import { setCookie } from "hono/cookie";
import { z } from "zod";
import {
  type FailoverTickets,
  ROLE_GROUPS,
  SESSION_TTL_MS,
  type SessionStore,
} from "../../auth/mod.ts";
import { ApiError } from "../api_error.ts";
import { SESSION_COOKIE } from "../auth_middleware.ts";
import { route, type RouteTarget } from "../route.ts";
import { readJson } from "../validate.ts";
import { UserSchema } from "./auth_routes.ts";
import type { ReplicationHealth } from "./health_routes.ts";

export interface FailoverRouteDeps {
  sessions: SessionStore;
  failoverTickets: FailoverTickets;
  /** Replication's state: the epoch, and on a primary the standby's address. */
  replication?: () => ReplicationHealth | undefined;
}

const TicketSchema = z.object({
  ticket: z.string().describe("kept by the page; good once, on a box of a later epoch"),
  expires_at: z.string(),
  peer: z.string().nullable().describe("where the standby is reached, when one reads this box"),
});
const ResumeSchema = z.object({ ticket: z.string().min(20).max(100) });
const SessionResponseSchema = z.object({ user: UserSchema, csrf_token: z.string() });

/**
 * A browser's way to the box that took over: while signed in on the primary it takes a
 * ticket and learns where the standby is; when the primary dies and the standby takes
 * over, it goes there and trades the ticket for a session, with no one typing a password.
 */
export function mountFailoverRoutes(target: RouteTarget, deps: FailoverRouteDeps): void {
  const epoch = () => deps.replication?.()?.epoch;

  route(target, {
    method: "post",
    path: "/auth/failover-ticket",
    summary: "A ticket that signs this user in on the standby once it has taken over, and where " +
      "the standby is",
    tag: "auth",
    access: ROLE_GROUPS.anyone,
    response: TicketSchema,
  }, (c) => {
    const now = epoch();
    const user = c.get("user");
    if (now === undefined || !user) {
      throw new ApiError(409, "no_standby", "This appliance has no standby to move to");
    }
    const { ticket, expiresAt } = deps.failoverTickets.issue(user.id, now);
    const peer = deps.replication?.()?.peer;
    return c.json({
      ticket,
      expires_at: expiresAt,
      peer: peer && /^https?:\/\//.test(peer) ? peer : null,
    });
  });

  route(target, {
    method: "post",
    path: "/auth/resume",
    summary: "Sign in with a failover ticket from the box this one took over from; sets the " +
      "session cookie",
    tag: "auth",
    access: "public",
    body: ResumeSchema,
    response: SessionResponseSchema,
  }, async (c) => {
    const { ticket } = await readJson(c, ResumeSchema);
    const now = epoch();
    const userId = now === undefined ? undefined : deps.failoverTickets.redeem(ticket, now);
    if (userId === undefined) {
      throw new ApiError(401, "invalid_ticket", "This ticket is unknown, used or not yet valid");
    }
    const { secret, session } = deps.sessions.open(userId, {
      ip: c.get("clientIp"),
      userAgent: c.req.header("user-agent"),
    });
    if (!session.user.active) {
      deps.sessions.close(session.id);
      throw new ApiError(401, "invalid_ticket", "This ticket is unknown, used or not yet valid");
    }
    setCookie(c, SESSION_COOKIE, secret, {
      httpOnly: true,
      sameSite: "Strict",
      secure: new URL(c.req.url).protocol === "https:",
      path: "/",
      maxAge: SESSION_TTL_MS / 1000,
    });
    c.set("user", session.user);
    c.set("audit", { entity: "session", entityId: session.id, details: { failover: true } });
    const u = session.user;
    return c.json({
      user: {
        id: u.id,
        username: u.username,
        display_name: u.display_name,
        role: u.role,
        extension: u.extension,
      },
      csrf_token: session.csrfToken,
    });
  });
}
