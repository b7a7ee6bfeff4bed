import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import type { Clock } from "../../clock/mod.ts";
import type { QueueDesk, QueueStore } from "../../queues/mod.ts";
import {
  type ChannelQueueBoard,
  QueueThresholdsSchema,
  type Supervision,
  SupervisionSettingsSchema,
} from "../../supervision/mod.ts";
import { ApiError } from "../api_error.ts";
import { route, type RouteTarget } from "../route.ts";
import { idParam, readJson } from "../validate.ts";

export interface SupervisionRouteDeps {
  supervision: Supervision;
  desk: QueueDesk;
  queues: QueueStore;
  clock: Clock;
  /** Chat, e-mail and SMS queues, shown on the wall screen below the voice queues. */
  channelQueues: ChannelQueueBoard;
}

const SettingsChange = SupervisionSettingsSchema.partial().strict();
const TvLinkInput = z.object({
  label: z.string().trim().min(1).max(80).describe("Where the screen hangs, e.g. Floor 2"),
}).strict();

/**
 * What supervisors set and are told: per-queue thresholds, the alerts that hold now, the
 * center's supervision settings, read-only wallboard links, and the wallboard those links
 * open without a session.
 */
export function mountSupervisionRoutes(target: RouteTarget, deps: SupervisionRouteDeps): void {
  const { supervision, desk, queues } = deps;

  route(target, {
    method: "get",
    path: "/supervision/thresholds",
    summary: "Each queue's wallboard thresholds (the defaults until a supervisor sets them)",
    tag: "supervision",
    access: ROLE_GROUPS.supervisors,
  }, (c) =>
    c.json({
      thresholds: queues.list().map((q) => ({
        queue_id: q.id,
        ...supervision.thresholds.get(q.id),
      })),
    }));

  route(target, {
    method: "put",
    path: "/supervision/thresholds/:id",
    summary: "Set a queue's thresholds: figure colours, SL target, agent time-in-state limits",
    tag: "supervision",
    access: ROLE_GROUPS.supervisors,
    body: QueueThresholdsSchema,
  }, async (c) => {
    const id = idParam(c, "id", "Queue");
    if (!queues.get(id)) throw ApiError.notFound(`Queue ${id}`);
    const input = await readJson(c, QueueThresholdsSchema);
    const thresholds = supervision.thresholds.set(id, input);
    c.set("audit", { entity: "queue_thresholds", entityId: id, details: thresholds });
    supervision.alerts.check();
    return c.json({ thresholds: { queue_id: id, ...thresholds } });
  });

  route(target, {
    method: "get",
    path: "/supervision/alerts",
    summary:
      "Alerts that hold now: SL under target, long waits, agents stuck in a state, trunks down",
    tag: "supervision",
    access: ROLE_GROUPS.supervisors,
  }, (c) => c.json({ alerts: supervision.alerts.active() }));

  route(target, {
    method: "get",
    path: "/supervision/settings",
    summary: "Alert webhook and TV screen timing",
    tag: "supervision",
    access: ROLE_GROUPS.supervisors,
  }, (c) => c.json({ settings: supervision.settings.get() }));

  route(target, {
    method: "patch",
    path: "/supervision/settings",
    summary: "Change the alert webhook or TV screen timing",
    tag: "supervision",
    access: ["supervisor", "admin"],
    body: SettingsChange,
  }, async (c) => {
    const change = await readJson(c, SettingsChange);
    const settings = supervision.settings.update(change);
    c.set("audit", { entity: "settings", entityId: "supervision", details: change });
    return c.json({ settings });
  });

  route(target, {
    method: "get",
    path: "/supervision/tv-links",
    summary: "Read-only wallboard links, live and revoked (tokens are never shown again)",
    tag: "supervision",
    access: ROLE_GROUPS.supervisors,
  }, (c) => c.json({ links: supervision.tvLinks.list() }));

  route(target, {
    method: "post",
    path: "/supervision/tv-links",
    summary: "Create a read-only wallboard link for a wall screen; its token is shown once",
    tag: "supervision",
    access: ROLE_GROUPS.supervisors,
    body: TvLinkInput,
    status: 201,
  }, async (c) => {
    const { label } = await readJson(c, TvLinkInput);
    const link = supervision.tvLinks.create(label, c.get("user")!.username);
    // The token stays out of the audit log: it opens the wallboard.
    c.set("audit", { entity: "tv_links", entityId: link.id, details: { label } });
    return c.json({ link, path: `/tv/${link.token}` }, 201);
  });

  route(target, {
    method: "delete",
    path: "/supervision/tv-links/:id",
    summary: "Revoke a wallboard link; its screen stops within one refresh",
    tag: "supervision",
    access: ROLE_GROUPS.supervisors,
    status: 204,
  }, (c) => {
    const id = c.req.param("id") ?? "";
    if (!supervision.tvLinks.revoke(id)) throw ApiError.notFound(`Live TV link ${id}`);
    c.set("audit", { entity: "tv_links", entityId: id });
    return c.body(null, 204);
  });

  route(target, {
    method: "get",
    path: "/tv/:token",
    summary:
      "The wallboard a read-only link opens: queues, thresholds, alerts and screen timing; 404 once revoked",
    tag: "supervision",
    access: "public",
  }, (c) => {
    const link = supervision.tvLinks.resolve(c.req.param("token") ?? "");
    if (!link) throw ApiError.notFound("This wallboard link is unknown or was revoked");
    const status = desk.status.status();
    const settings = supervision.settings.get();
    return c.json({
      label: link.label,
      queues: status,
      thresholds: status.map((q) => ({
        queue_id: q.queue_id,
        ...supervision.thresholds.get(q.queue_id),
      })),
      alerts: supervision.alerts.active(),
      channel_queues: deps.channelQueues.status(),
      refresh_s: settings.tv_refresh_s,
      rotate_s: settings.tv_rotate_s,
      at: new Date(deps.clock.now()).toISOString(),
    });
  });
}
