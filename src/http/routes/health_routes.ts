import { z } from "zod";
import { VERSION } from "../../version.ts";
import { route, type RouteTarget } from "../route.ts";

const HealthSchema = z.object({
  status: z.literal("ok"),
  version: z.string(),
  uptime_s: z.number(),
});

export function mountHealthRoutes(target: RouteTarget, uptimeSeconds: () => number): void {
  route(
    target,
    {
      method: "get",
      path: "/health",
      summary: "Liveness: answers while the appliance serves",
      tag: "system",
      access: "public",
      response: HealthSchema,
    },
    (c) =>
      c.json({ status: "ok" as const, version: VERSION, uptime_s: Math.round(uptimeSeconds()) }),
  );
}
