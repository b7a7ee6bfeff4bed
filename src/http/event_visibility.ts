import { canAccess, ROLE_GROUPS, type User } from "../auth/mod.ts";
import type { HubEvent } from "../events/mod.ts";
import type { QueueDesk } from "../queues/mod.ts";
import type { Supervision } from "../supervision/mod.ts";
import type { EventVisibility } from "./routes/events_routes.ts";

/**
 * Who sees which live events: monitoring (`monitor.*`) reaches team leads and above, and
 * an agent only about their own call and only when the center lets agents see that they
 * are monitored (local law differs). A case's SLA warning or breach (`crm.case_sla`)
 * reaches its owner, their team lead and supervisors; a chat's events (`chat.*`) its
 * agent and supervisors. Everything else reaches everyone
 * signed in.
 */
export function eventVisibility(
  deps: { desk: QueueDesk; supervision: Supervision },
): EventVisibility {
  return (user: User, event: HubEvent) => {
    if (event.type === "crm.case_sla") {
      const leads = event.data.lead_ids as number[] | undefined;
      return event.data.owner_id === user.id || (leads ?? []).includes(user.id) ||
        canAccess(user.role, ROLE_GROUPS.supervisors);
    }
    // A chat's messages reach its agent and supervisors, not every signed-in user.
    if (event.type.startsWith("chat.")) {
      const agents = event.data.agent_ids as number[] | undefined;
      return (agents ?? []).includes(user.id) || canAccess(user.role, ROLE_GROUPS.supervisors);
    }
    if (!event.type.startsWith("monitor.")) return true;
    if (canAccess(user.role, ROLE_GROUPS.supervisors)) return true;
    if (!deps.supervision.settings.get().agents_see_monitoring) return false;
    try {
      return deps.desk.agentView(user.id).callId === event.data.call_id;
    } catch {
      // Not an agent the ACD knows: no call of theirs to be monitored.
      return false;
    }
  };
}
