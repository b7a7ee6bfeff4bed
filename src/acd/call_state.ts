import { IllegalTransitionError } from "./transition_error.ts";

/**
 * States of a call inside the ACD. `connected` lasts from the answer to the hang-up so
 * the engine can move the agent into wrap-up; the queue outcome is fixed at the answer.
 */
export const CALL_STATES = ["waiting", "ringing", "connected", "ended"] as const;

export type CallState = typeof CALL_STATES[number];

const MOVES: { readonly [S in CallState]: readonly CallState[] } = {
  waiting: ["ringing", "ended"],
  // ringing → waiting is the re-queue after no answer, keeping the call's place.
  ringing: ["waiting", "connected", "ended"],
  connected: ["ended"],
  ended: [],
};

/** Returns `to` when a call may move there from `from`, and throws otherwise. */
export function transitionCall(callId: string, from: CallState, to: CallState): CallState {
  if (!MOVES[from].includes(to)) throw new IllegalTransitionError("call", callId, from, to);
  return to;
}
