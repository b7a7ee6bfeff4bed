/**
 * Whether the agent's call is being monitored, from the hub's `monitor.*`
 * events. The appliance sends them to an agent only when the center lets
 * agents see monitoring (a supervision setting); then the desktop says so.
 *
 * @module
 */

import type { HubEvent } from "../common/events_controller.ts";

/** What the agent is told: the supervisor's mode, or nothing. */
export type MonitoredMode = "listen" | "whisper" | "barge" | null;

/** The mode after `event`, for the agent's call `callId` (null: not on a call). */
export function monitoredAfter(
  current: MonitoredMode,
  event: HubEvent,
  callId: string | null,
): MonitoredMode {
  if (!event.type.startsWith("monitor.") && event.type !== "call.ended") return current;
  if (callId === null) return null;
  if (event.data.call_id !== callId) return current;
  switch (event.type) {
    case "monitor.started":
    case "monitor.mode": {
      const mode = event.data.mode;
      return mode === "listen" || mode === "whisper" || mode === "barge" ? mode : current;
    }
    default:
      // Ended, taken over (the agent's leg ends) or the call is over.
      return null;
  }
}
