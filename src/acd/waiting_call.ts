import type { CancelTimer } from "../clock/mod.ts";
import type { CallState } from "./call_state.ts";
import type { Agent } from "./agent.ts";
import type { Queue } from "./queue.ts";

/** What the call layer knows about a call when it hands it to a queue. */
export interface CallArrival {
  callId: string;
  queueId: string;
  /** IVR-set priority, 0..100; higher is served first. */
  priority?: number;
  vip?: boolean;
  /** Skills this particular call needs on top of the queue's. */
  skills?: Array<{ skill: string; minLevel?: number }>;
  /** The agent who last handled this customer, for sticky routing. */
  lastAgentId?: string;
  customerId?: string;
  /**
   * The agent who sent the call here (a transfer to a queue): others are offered it first,
   * and this agent only after {@link SENDER_HOLD_OFF_MS}.
   */
  sentBy?: string;
}

/**
 * How long a call transferred into a queue stays away from the agent who sent it: long
 * enough for the rest of the queue to take it, short enough that a caller is not kept
 * waiting when the sender is the only one left.
 */
export const SENDER_HOLD_OFF_MS = 60_000;

/** A call held by the ACD, from entering a queue until its agent hangs up. */
export class WaitingCall {
  state: CallState = "waiting";
  queueEnteredAt: number;
  /** Order keys inside the current queue: greater first, then `seq`. See Queue.rank(). */
  rank1 = 0;
  rank2 = 0;
  readonly ringing = new Set<Agent>();
  agent: Agent | undefined;
  /** A second agent reserved for a transfer or conference of the connected call. */
  consult: Agent | undefined;
  answeredAt = 0;
  /** The caller left a callback request; the entry keeps the caller's place. */
  callback = false;
  /** Max wait passed while ringing: overflow instead of re-queueing. */
  overdue = false;
  /** Until this time only experts may take the call. */
  expertUntil = 0;
  /** The agent who transferred the call here, kept from it until `senderHoldOffUntil`. */
  sentBy: string | undefined;
  senderHoldOffUntil = 0;
  /** Reserved for the customer's last agent until the sticky timer lets go. */
  stickyAgent: Agent | undefined;
  /** Expert-first and sticky timers of the stay in the current queue. */
  stayTimers: CancelTimer[] = [];
  maxWaitTimer: CancelTimer | undefined;
  announceTimer: CancelTimer | undefined;
  ringTimer: CancelTimer | undefined;

  constructor(
    readonly id: string,
    public queue: Queue,
    public priority: number,
    readonly vip: boolean,
    readonly skills: ReadonlyArray<{ skill: string; minLevel: number }>,
    readonly lastAgentId: string | undefined,
    /** When the call first entered any queue; it keeps its place by this across moves. */
    readonly enteredAt: number,
    readonly seq: number,
  ) {
    this.queueEnteredAt = enteredAt;
  }

  /** Priority including the VIP boost and ageing in the current queue. */
  effectivePriority(now: number): number {
    const q = this.queue.config;
    const base = this.priority + (this.vip ? q.vipPriorityBoost : 0);
    const step = q.priorityAgeingSeconds;
    return step ? base + (now - this.enteredAt) / (step * 1000) : base;
  }

  /** Stops the timers a caller needs while waiting (not a callback placeholder). */
  cancelCallerTimers(): void {
    this.maxWaitTimer?.();
    this.maxWaitTimer = undefined;
    this.announceTimer?.();
    this.announceTimer = undefined;
  }

  cancelStayTimers(): void {
    for (const cancel of this.stayTimers) cancel();
    this.stayTimers = [];
    this.cancelCallerTimers();
  }

  cancelRingTimer(): void {
    this.ringTimer?.();
    this.ringTimer = undefined;
  }
}
