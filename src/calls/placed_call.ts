import type { LegEndCause, Trunk } from "../sip/mod.ts";

/** A call the appliance places: the agent's phone first, then a number on a trunk. */
export interface PlaceCallRequest {
  /** The agent's extension, rung first. */
  agentExtension: string;
  /** The agent's party id on the call ("agent:12"). */
  agentPartyId: string;
  /** The number to ring once the agent answers, as the trunk is to receive it. */
  number: string;
  trunk: Trunk;
  /** The number the called party sees (the queue's or the trunk's). */
  callerId: string;
  customerId?: number;
  /** Extra SIP headers for the agent's INVITE (what the desktop shows while it rings). */
  agentHeaders?: [string, string][];
  /** How long each side may ring before the attempt is given up; 30 s and 45 s by default. */
  agentRingS?: number;
  customerRingS?: number;
}

/**
 * A call the appliance places customer first (a predictive or agentless campaign): the
 * number rings with no agent set aside; once it answers, the caller of the call is the
 * customer and whoever placed it decides who joins (an agent) or what is played.
 */
export type CustomerCallRequest = Omit<
  PlaceCallRequest,
  "agentExtension" | "agentPartyId" | "agentHeaders" | "agentRingS"
>;

/**
 * How an attempt ended before a conversation, or `connected` once both sides talk:
 * what retry rules and dispositions are decided on.
 */
export const PlaceOutcome = {
  connected: "connected",
  agentUnreachable: "agent_unreachable",
  agentNoAnswer: "agent_no_answer",
  busy: "busy",
  noAnswer: "no_answer",
  failed: "failed",
  cancelled: "cancelled",
} as const;
export type PlaceOutcome = typeof PlaceOutcome[keyof typeof PlaceOutcome];

/** What a placed call reports: its id at once, then how the attempt turned out. */
export interface PlacedCall {
  callId: string;
  /** Resolves once the customer answered, or the attempt failed. */
  outcome: Promise<PlaceOutcome>;
  /** Resolves when the call is over, whatever the outcome. */
  ended: Promise<void>;
  /** Gives up ringing (either side) or hangs up the conversation. */
  cancel(): void;
}

/**
 * The outcome of a customer's leg that ended before it was answered: busy (486, 600),
 * not answered (408, 480, 487 or our ring timer), anything else failed.
 */
export function unansweredOutcome(cause: LegEndCause, timedOut: boolean): PlaceOutcome {
  if (timedOut) return "no_answer";
  if (cause.by === "local") return "cancelled";
  const status = cause.status ?? 0;
  if (status === 486 || status === 600) return "busy";
  if (status === 408 || status === 480 || status === 487 || cause.reason === "timeout") {
    return "no_answer";
  }
  return "failed";
}
