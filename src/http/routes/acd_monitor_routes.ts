import type { Context } from "hono";
import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import type { CallMonitors, MonitorActor } from "../../queues/mod.ts";
import type { AppEnv } from "../env.ts";
import { route, type RouteTarget } from "../route.ts";
import { readJson } from "../validate.ts";
import { callParam, deskError } from "./acd_request.ts";

export const MonitorSchema = z.object({
  mode: z.enum(["listen", "whisper", "barge"]).describe(
    "listen: hear both sides; whisper: heard by the agent only; barge: heard by everyone",
  ),
}).strict();

function actor(c: Context<AppEnv>): MonitorActor {
  const user = c.get("user")!;
  return {
    userId: user.id,
    username: user.username,
    role: user.role,
    teamId: user.team_id,
    extension: user.extension,
  };
}

/**
 * Supervisors on live calls: listen, whisper and barge from their own browser softphone
 * or desk phone, switch between them, take the caller over, or stop. Every change is in
 * the call's events and the audit log.
 */
export function mountAcdMonitorRoutes(target: RouteTarget, monitors: CallMonitors): void {
  route(target, {
    method: "post",
    path: "/calls/:id/monitor",
    summary:
      "Monitor a call at an agent: rings your own extension and joins you to the call in the mode asked for",
    tag: "acd",
    access: ROLE_GROUPS.supervisors,
    body: MonitorSchema,
    status: 202,
  }, async (c) => {
    const id = callParam(c);
    const { mode } = await readJson(c, MonitorSchema);
    try {
      const monitor = await monitors.start(id, actor(c), mode);
      c.set("audit", { entity: "calls", entityId: id, details: { monitor: mode } });
      return c.json({ monitor }, 202);
    } catch (error) {
      deskError(error);
    }
  });

  route(target, {
    method: "get",
    path: "/calls/:id/monitor",
    summary: "The monitoring session on a call, if any",
    tag: "acd",
    access: ROLE_GROUPS.supervisors,
  }, (c) => c.json({ monitor: monitors.get(callParam(c)) ?? null }));

  route(target, {
    method: "patch",
    path: "/calls/:id/monitor",
    summary: "Switch between listen, whisper and barge without hanging up",
    tag: "acd",
    access: ROLE_GROUPS.supervisors,
    body: MonitorSchema,
  }, async (c) => {
    const id = callParam(c);
    const { mode } = await readJson(c, MonitorSchema);
    try {
      const monitor = monitors.setMode(id, actor(c), mode);
      c.set("audit", { entity: "calls", entityId: id, details: { monitor: mode } });
      return c.json({ monitor });
    } catch (error) {
      deskError(error);
    }
  });

  route(target, {
    method: "post",
    path: "/calls/:id/monitor/take-over",
    summary: "Hand the caller to the monitoring supervisor: the agent's leg ends and they wrap up",
    tag: "acd",
    access: ROLE_GROUPS.supervisors,
  }, (c) => {
    const id = callParam(c);
    try {
      const monitor = monitors.takeOver(id, actor(c));
      c.set("audit", { entity: "calls", entityId: id, details: { monitor: "take_over" } });
      return c.json({ monitor });
    } catch (error) {
      deskError(error);
    }
  });

  route(target, {
    method: "delete",
    path: "/calls/:id/monitor",
    summary: "Stop monitoring; after a take-over this hangs up the call",
    tag: "acd",
    access: ROLE_GROUPS.supervisors,
    status: 204,
  }, (c) => {
    const id = callParam(c);
    try {
      monitors.stop(id, actor(c));
      c.set("audit", { entity: "calls", entityId: id, details: { monitor: "stopped" } });
      return c.body(null, 204);
    } catch (error) {
      deskError(error);
    }
  });
}
