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
  replication: z.object({
    epoch: z.number().describe("grows at every takeover: the primary with the highest is the one"),
    state: z.enum(["primary", "connecting", "following", "stopped", "off"]),
    peer: z.string().optional(),
    applied_seq: z.number().optional(),
    head_seq: z.number(),
    lag_changes: z.number().optional(),
    lag_s: z.number().optional(),
    last_contact_s: z.number().optional().describe(
      "seconds since the peer was last heard: the primary's answer, or the standby's read",
    ),
    last_takeover_at: z.string().optional(),
    lease: z.enum(["held", "not_held"]).optional().describe(
      "with a lease witness: whether this box holds its lease (a primary serves only then)",
    ),
    error: z.string().optional(),
  }).optional().describe("replication between the primary and its standby, when set up"),
});

/** What `/health` shows of replication; built by the appliance, which owns the link. */
export type ReplicationHealth = NonNullable<z.infer<typeof HealthSchema>["replication"]>;

export function mountHealthRoutes(
  target: RouteTarget,
  uptimeSeconds: () => number,
  role: () => ApplianceRole,
  storage?: { readonly state: StorageState },
  replication?: () => ReplicationHealth | undefined,
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
        replication: replication?.(),
      }),
  );
}
