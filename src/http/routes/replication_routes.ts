import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import { ApiError } from "../api_error.ts";
import { route, type RouteTarget } from "../route.ts";

/** What the API can ask of replication; the appliance's replication node answers. */
export interface ReplicationControl {
  /** Hands over to the standby; throws when this box cannot. */
  switchover(): { epoch: number };
}

const SwitchoverSchema = z.object({
  epoch: z.number().describe("this box's epoch; the standby takes over in the next"),
  role: z.literal("standby"),
});

export function mountReplicationRoutes(target: RouteTarget, control?: ReplicationControl): void {
  route(target, {
    method: "post",
    path: "/replication/switchover",
    summary:
      "Hand over to the standby: this box stops taking calls and writes now, and the standby " +
      "takes over once it holds every change (failback, done when both are healthy)",
    tag: "system",
    access: ROLE_GROUPS.admins,
    response: SwitchoverSchema,
  }, (c) => {
    if (!control) {
      throw new ApiError(409, "no_standby", "This appliance has no standby to hand over to");
    }
    let result: { epoch: number };
    try {
      result = control.switchover();
    } catch (error) {
      throw new ApiError(409, "no_standby", error instanceof Error ? error.message : String(error));
    }
    c.set("audit", { entity: "settings", details: { switchover_epoch: result.epoch } });
    return c.json({ epoch: result.epoch, role: "standby" as const });
  });
}
