import { IllegalTransitionError } from "./transition_error.ts";

/**
 * Agent states. `ringing` is the reserved state: an offer is out, so no other call may
 * use the agent until it is answered, refused or withdrawn.
 */
export const AGENT_STATES = [
  "logged_out",
  "ready",
  "not_ready",
  "ringing",
  "on_call",
  "wrap_up",
] as const;

export type AgentState = typeof AGENT_STATES[number];

const MOVES: { readonly [S in AgentState]: readonly AgentState[] } = {
  logged_out: ["ready", "not_ready"],
  ready: ["not_ready", "ringing", "logged_out"],
  // not_ready → not_ready is a change of reason (break → lunch), which is logged.
  not_ready: ["ready", "not_ready", "logged_out"],
  // ringing → ready: the offer was withdrawn (caller hung up, another agent won a ring-all).
  ringing: ["on_call", "ready", "not_ready", "logged_out"],
  // on_call → ready / not_ready / logged_out: the queue has no wrap-up, or a pending state.
  on_call: ["wrap_up", "ready", "not_ready", "logged_out"],
  wrap_up: ["ready", "not_ready", "logged_out"],
};

/** Returns `to` when an agent may move there from `from`, and throws otherwise. */
export function transitionAgent(agentId: string, from: AgentState, to: AgentState): AgentState {
  if (!MOVES[from].includes(to)) throw new IllegalTransitionError("agent", agentId, from, to);
  return to;
}
