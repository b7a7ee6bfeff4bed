import type { Check } from "./doctor_check.ts";
import { CpuWakeLatency, type LatencyFile, type ThreadPriority } from "../threads/mod.ts";

/** PM QoS's default value, which constrains nothing (`PM_QOS_CPU_LATENCY_DEFAULT_VALUE`). */
export const NO_LIMIT_US = 2_000_000_000;

/**
 * What `doctor` tells of the CPUs' wake-up latency (decision 047): whether the appliance,
 * at the priority it would be granted, may keep the CPUs quick to wake while it paces
 * audio. It asks with the kernel's "no limit" value, so that looking changes nothing on a
 * box whose calls are up, and withdraws it at once. `open` is the device (tests).
 */
export function wakeLatencyCheck(granted: ThreadPriority, open?: () => LatencyFile): Check {
  const name = "CPU wake-ups";
  if (granted !== "realtime") {
    return {
      name,
      ok: true,
      level: "optional",
      detail: `not asked for at ${granted} priority`,
    };
  }
  const request = new CpuWakeLatency({ limitUs: NO_LIMIT_US, open });
  request.hold()();
  const failure = request.failure;
  return {
    name,
    ok: failure === undefined,
    level: "optional",
    detail: failure ?? "the CPUs can be kept quick to wake while calls are up",
  };
}
