import type { Agent } from "./agent.ts";
import type { AgentState } from "./agent_state.ts";
import type { CallState } from "./call_state.ts";
import type { WaitingCall } from "./waiting_call.ts";

/** A read-only look at an agent. */
export interface AgentView {
  id: string;
  state: AgentState;
  /** Not-ready or log-out reason. */
  reason: string | undefined;
  since: number;
  callId: string | undefined;
  /** State the agent moves to after the current call ("not ready after this call"). */
  pending: "not_ready" | "logged_out" | undefined;
  callsToday: number;
  handleSecondsToday: number;
  queueIds: string[];
}

/** A read-only look at a call the ACD holds. */
export interface CallView {
  id: string;
  state: CallState;
  queueId: string;
  priority: number;
  effectivePriority: number;
  /** 1-based place among the queue's waiting calls; 0 while ringing or connected. */
  position: number;
  ringingAgentIds: string[];
  agentId: string | undefined;
  callback: boolean;
  enteredAt: number;
  queueEnteredAt: number;
}

export function agentView(agent: Agent): AgentView {
  return {
    id: agent.id,
    state: agent.state,
    reason: agent.reason,
    since: agent.since,
    callId: agent.call?.id,
    pending: agent.pending?.state,
    callsToday: agent.callsToday,
    handleSecondsToday: agent.handleMsToday / 1000,
    queueIds: agent.memberships.map((m) => m.queue.id),
  };
}

export function callView(call: WaitingCall, now: number): CallView {
  return {
    id: call.id,
    state: call.state,
    queueId: call.queue.id,
    priority: call.priority,
    effectivePriority: call.effectivePriority(now),
    position: call.state === "waiting" ? call.queue.waiting.position(call) : 0,
    ringingAgentIds: [...call.ringing].map((a) => a.id),
    agentId: call.agent?.id,
    callback: call.callback,
    enteredAt: call.enteredAt,
    queueEnteredAt: call.queueEnteredAt,
  };
}
