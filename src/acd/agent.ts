import type { CancelTimer } from "../clock/mod.ts";
import type { AgentState } from "./agent_state.ts";
import type { AgentConfig } from "./config.ts";
import type { Queue } from "./queue.ts";
import type { WaitingCall } from "./waiting_call.ts";

/** An agent's place in one queue, with the figures routing needs precomputed. */
export interface Membership {
  readonly agent: Agent;
  readonly queue: Queue;
  readonly penalty: number;
  /** Lowest level over the queue's required skills: the agent's rank for expert-first. */
  readonly level: number;
  /** Σ weight × level over the queue's skills − penalty, for skills-weighted routing. */
  readonly score: number;
  /** Index in the queue's member list, for round robin. */
  readonly order: number;
}

/** What an agent asked to become once the current call and wrap-up are over. */
export type PendingState =
  | { state: "not_ready"; reason: string }
  | { state: "logged_out"; reason: string };

/** An agent as the engine tracks it. State changes go through the engine only. */
export class Agent {
  state: AgentState = "logged_out";
  reason: string | undefined;
  since: number;
  /** When the agent last became free; the longest-idle strategy serves the oldest first. */
  idleSince: number;
  /** The call ringing, in progress or being wrapped up. */
  call: WaitingCall | undefined;
  readonly memberships: Membership[] = [];
  /** Chats offered to or accepted by this agent; while any is held, no voice call is offered. */
  readonly chats = new Set<string>();
  pending: PendingState | undefined;
  /** Calls waiting for this agent under sticky routing. */
  readonly sticky = new Set<WaitingCall>();
  wrapTimer: CancelTimer | undefined;
  wrapStartedAt = 0;
  wrapEndsAt = 0;
  /** Queue and talk time of the call being wrapped up, for handle-time figures. */
  wrapQueue: Queue | undefined;
  talkMs = 0;
  callsToday = 0;
  handleMsToday = 0;

  constructor(readonly config: AgentConfig, now: number) {
    this.since = now;
    this.idleSince = now;
  }

  get id(): string {
    return this.config.id;
  }

  skillLevel(skill: string): number {
    return this.config.skills[skill] ?? 0;
  }

  membershipIn(queue: Queue): Membership | undefined {
    for (const m of this.memberships) if (m.queue === queue) return m;
    return undefined;
  }
}
