import { z } from "zod";
import { APPLIANCE_ROLES, type ApplianceRole } from "../../config/mod.ts";
import type { StorageState } from "../../db/mod.ts";
import { VERSION } from "../../version.ts";
import { route, type RouteTarget } from "../route.ts";

const HealthSchema = z.object({
  status: z.literal("ok"),
  version: z.string(),
  uptime_s: z.number(),
  /** A standby answers health and nothing else until it is promoted. */
  role: z.enum(APPLIANCE_ROLES),
  storage: z.enum(["ok", "full", "failing"]).optional().describe(
    "whether the database takes writes: full or failing while its disk refuses them",
  ),
});

export function mountHealthRoutes(
  target: RouteTarget,
  uptimeSeconds: () => number,
  role: () => ApplianceRole,
  storage?: { readonly state: StorageState },
): void {
  route(
    target,
    {
      method: "get",
      path: "/health",
      summary: "Liveness and role (primary or standby): answers while the appliance serves",
      tag: "system",
      access: "public",
      response: HealthSchema,
    },
    (c) =>
      c.json({
        status: "ok" as const,
        version: VERSION,
        uptime_s: Math.round(uptimeSeconds()),
        role: role(),
        storage: storage?.state,
      }),
  );
}
