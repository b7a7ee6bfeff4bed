import type { AgentState } from "./agent_state.ts";
import type { QueueConfig } from "./config.ts";
import type { Membership } from "./agent.ts";
import type { WaitingCall } from "./waiting_call.ts";
import { WaitingList } from "./waiting_list.ts";

/** Today's counters for one queue; the KPI formulas live in snapshot.ts. */
export interface QueueCounters {
  offered: number;
  answered: number;
  answeredWithinThreshold: number;
  answeredWaitMs: number;
  abandoned: number;
  shortAbandoned: number;
  /** Wait of abandoned calls, short abandons excluded. */
  abandonedWaitMs: number;
  blocked: number;
  /** Calls that left for another destination: max wait, full queue or a supervisor move. */
  overflowed: number;
}

export function emptyCounters(): QueueCounters {
  return {
    offered: 0,
    answered: 0,
    answeredWithinThreshold: 0,
    answeredWaitMs: 0,
    abandoned: 0,
    shortAbandoned: 0,
    abandonedWaitMs: 0,
    blocked: 0,
    overflowed: 0,
  };
}

const RECENT_HANDLES = 20;

/**
 * A queue as the engine tracks it: its waiting calls in service order, the set of its
 * members who are ready right now (so routing never scans agents who cannot take a call),
 * counts of logged-in members by level for expert-first, and today's counters.
 */
export class Queue {
  readonly waiting = new WaitingList();
  /** Calls in this queue that are waiting or ringing. */
  readonly calls = new Set<WaitingCall>();
  readonly members: Membership[] = [];
  readonly ready = new Set<Membership>();
  /** Logged-in members by level (index 0..10). */
  readonly loggedInByLevel: number[] = new Array(11).fill(0);
  /** Logged-in members who are not on a not-ready reason. */
  staffed = 0;
  /** Member order of the agent offered the last call, for round robin. */
  rrPointer = -1;
  counters: QueueCounters = emptyCounters();
  readonly #recentHandleMs: number[] = [];
  #recentNext = 0;

  constructor(readonly config: QueueConfig) {}

  get id(): string {
    return this.config.id;
  }

  /**
   * Sets the call's order keys. With ageing (+1 per `step` s), effective priority is
   * base + wait/step, and comparing two calls at any instant reduces to comparing
   * base × step − enteredAt, which does not change with time: the list stays sorted
   * without re-sorting as calls age.
   */
  rank(call: WaitingCall): void {
    const base = call.priority + (call.vip ? this.config.vipPriorityBoost : 0);
    const step = this.config.priorityAgeingSeconds;
    if (step) {
      call.rank1 = base * step * 1000 - call.enteredAt;
      call.rank2 = 0;
    } else {
      call.rank1 = base;
      call.rank2 = -call.enteredAt;
    }
  }

  /** Level needed during a call's expert-first window. */
  expertLevel(): number {
    const configured = this.config.expertFirst?.level;
    if (configured !== undefined) return configured;
    for (let level = this.loggedInByLevel.length - 1; level > 0; level--) {
      if (this.loggedInByLevel[level] > 0) return level;
    }
    return 0;
  }

  recordHandle(ms: number): void {
    this.#recentHandleMs[this.#recentNext] = ms;
    this.#recentNext = (this.#recentNext + 1) % RECENT_HANDLES;
  }

  /** Mean handle time of the last 20 calls handled here, or the configured default. */
  averageHandleSeconds(): number {
    const n = this.#recentHandleMs.length;
    if (n === 0) return this.config.defaultHandleSeconds;
    let sum = 0;
    for (const ms of this.#recentHandleMs) sum += ms;
    return sum / n / 1000;
  }

  /**
   * Estimated wait for the caller at `position` (1 = next): position × AHT ÷ staffed.
   * With N agents working, one frees up every AHT/N seconds on average, and the caller
   * needs `position` of them. Null when nobody is staffed.
   */
  estimatedWaitSeconds(position: number): number | null {
    if (this.staffed === 0) return null;
    return Math.ceil(position * this.averageHandleSeconds() / this.staffed);
  }

  /** Members by state, logged-out members included. */
  agentsByState(): Record<AgentState, number> {
    const counts: Record<AgentState, number> = {
      logged_out: 0,
      ready: 0,
      not_ready: 0,
      ringing: 0,
      on_call: 0,
      wrap_up: 0,
    };
    for (const m of this.members) counts[m.agent.state]++;
    return counts;
  }
}
