import type { Check } from "./doctor.ts";
import { CpuWakeLatency, type ThreadPriority } from "../threads/mod.ts";

/**
 * What `doctor` tells of the CPUs' wake-up latency (decision 047): whether the appliance,
 * at the priority it would be granted, may keep the CPUs quick to wake while it paces
 * audio. The request is made and withdrawn at once.
 */
export function wakeLatencyCheck(
  granted: ThreadPriority,
  request: CpuWakeLatency = new CpuWakeLatency(),
): Check {
  const name = "CPU wake-ups";
  if (granted !== "realtime") {
    return {
      name,
      ok: true,
      level: "optional",
      detail: `not asked for at ${granted} priority`,
    };
  }
  request.hold()();
  const failure = request.failure;
  return {
    name,
    ok: failure === undefined,
    level: "optional",
    detail: failure ?? "the CPUs can be kept quick to wake while calls are up",
  };
}
