import type { Leg, LegEndCause } from "../sip/mod.ts";
import type { CallMedia } from "./call_media.ts";

/**
 * A call's life as the center sees it. `answered` means the appliance picked up (IVR,
 * queue); `connected` means a person (agent) is on it.
 */
export const CallState = {
  offered: "offered",
  answered: "answered",
  queued: "queued",
  connected: "connected",
  ended: "ended",
} as const;
export type CallState = typeof CallState[keyof typeof CallState];

const MOVES: Record<CallState, readonly CallState[]> = {
  offered: ["answered", "connected", "ended"],
  answered: ["queued", "connected", "ended"],
  queued: ["answered", "queued", "connected", "ended"],
  connected: ["queued", "connected", "ended"],
  ended: [],
};

export class IllegalCallTransition extends Error {
  override name = "IllegalCallTransition";
}

/** A call: the caller's leg, the agent's leg when there is one, and the media between. */
export class Call {
  #state: CallState = "offered";
  agentLeg?: Leg;
  media?: CallMedia;
  endCause?: string;
  /** Set once the caller is known in the CRM. */
  customerId?: number;

  constructor(
    readonly id: string,
    readonly callerLeg: Leg,
    readonly info: {
      did: string;
      caller: string;
      callerName?: string;
      trunkId?: number;
      trunkName?: string;
    },
  ) {}

  get state(): CallState {
    return this.#state;
  }

  transition(to: CallState): void {
    if (!MOVES[this.#state].includes(to)) {
      throw new IllegalCallTransition(`Call ${this.id} cannot go from ${this.#state} to ${to}`);
    }
    this.#state = to;
  }

  get ended(): boolean {
    return this.#state === "ended";
  }
}

/** Short words for why a call ended, as stored in `calls.end_cause`. */
export function describeEnd(cause: LegEndCause, side: "caller" | "agent"): string {
  if (cause.reason === "bye") return cause.by === "remote" ? `${side}_hangup` : "appliance_hangup";
  if (cause.reason === "cancel") {
    return cause.by === "remote" ? `${side}_cancel` : "appliance_cancel";
  }
  if (cause.reason === "rejected") return `rejected_${cause.status ?? "unknown"}`;
  return cause.reason;
}
