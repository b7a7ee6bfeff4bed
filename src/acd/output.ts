import type { AgentState } from "./agent_state.ts";
import type { OverflowTarget } from "./config.ts";

/** How a call's stay in the ACD ended. Every call that enters a queue gets exactly one. */
export const CALL_OUTCOMES = [
  "answered",
  "abandoned",
  "overflowed",
  "blocked",
  "voicemail",
  "callback",
] as const;
export type CallOutcome = typeof CALL_OUTCOMES[number];

/** Kinds of entries in the engine's event stream (for `call_events` and `agent_state_log`). */
export const ACD_EVENT_TYPES = [
  "call_queued",
  "call_blocked",
  "call_offered",
  "call_not_answered",
  "call_requeued",
  "call_answered",
  "call_abandoned",
  "call_overflowed",
  "call_moved",
  "call_priority_changed",
  "call_callback_requested",
  "call_announced",
  "call_ended",
  "call_transfer_offered",
  "call_transfer_cancelled",
  "call_transferred",
  "agent_state",
] as const;
export type AcdEventType = typeof ACD_EVENT_TYPES[number];

/**
 * One state change. Fields beyond `type` and `at` appear when they mean something for that
 * type; `outcome` appears exactly once per call, on the event that ends its ACD journey.
 */
export interface AcdEvent {
  type: AcdEventType;
  /** Clock time in ms. */
  at: number;
  callId?: string;
  agentId?: string;
  /** Transfers: the agent the call comes from (`agentId` is the one it goes to). */
  fromAgentId?: string;
  queueId?: string;
  /** agent_state: previous and new state. */
  from?: AgentState;
  to?: AgentState;
  /** Not-ready reason, block reason, why a call was re-queued or overflowed. */
  reason?: string;
  /** Wait in the current queue (ms) on answer, abandon and overflow. */
  waitMs?: number;
  talkMs?: number;
  handleMs?: number;
  priority?: number;
  position?: number;
  ewtSeconds?: number | null;
  target?: OverflowTarget;
  outcome?: CallOutcome;
  /** call_answered / call_offered: the call is a callback placeholder, not a live caller. */
  callback?: boolean;
  /** call_abandoned: the caller left within the queue's short-abandon threshold. */
  short?: boolean;
}

/** What the call layer needs to ring an agent. */
export interface OfferDetails {
  queueId: string;
  /** A callback placeholder: dial the customer once the agent accepts. */
  callback: boolean;
  ringTimeoutSeconds: number;
}

/** Position and estimated wait to play to a waiting caller. */
export interface Announcement {
  queueId: string;
  position: number;
  /** Null when no agent is staffed, so no honest estimate exists. */
  ewtSeconds: number | null;
}

/**
 * The engine's decisions. Calls arrive synchronously from inside engine methods and
 * timers; a handler must not call back into the engine before returning (defer it).
 */
export interface AcdOutput {
  /** Ring this agent with this call. */
  offer(callId: string, agentId: string, details: OfferDetails): void;
  /** Stop ringing this agent (another agent answered, the caller left, the ring timed out). */
  stopRinging(callId: string, agentId: string): void;
  announce(callId: string, announcement: Announcement): void;
  /**
   * The call leaves its queue for `target`. For a queue target the engine has already
   * queued it there; the call layer only has work for voicemail, callback and external.
   */
  overflow(callId: string, target: OverflowTarget): void;
  /** The call was refused by a full queue with nowhere to overflow: play busy. */
  blocked(callId: string, reason: "queue_full"): void;
  /** Every state change, in order. */
  record(event: AcdEvent): void;
  /** Offer this chat to this agent (until it is accepted, declined or withdrawn). */
  offerChat?(chatId: string, agentId: string): void;
  /** The chat's offer to this agent is over: it lapsed, was declined, or the chat ended. */
  withdrawChat?(chatId: string, agentId: string, reason: string): void;
}

/** An output that ignores decisions; handy as a base for tests and simulations. */
export const silentOutput: AcdOutput = {
  offer() {},
  stopRinging() {},
  announce() {},
  overflow() {},
  blocked() {},
  record() {},
};
