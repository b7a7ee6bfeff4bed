import {
  abandonRate,
  type AcdEngine,
  type AgentState,
  averageSpeedOfAnswer,
  type QueueCounters,
  serviceLevel,
} from "../acd/mod.ts";
import type { CancelTimer, Clock } from "../clock/mod.ts";
import type { Database } from "../db/mod.ts";
import type { EventHub } from "../events/mod.ts";
import { TodayQueueCounters } from "./acd_figures.ts";
import type { AcdSetup } from "./queue_config.ts";

/** One queue on the wallboard: live numbers from the engine, today's from `call_events`. */
export interface QueueStatus {
  queue_id: number;
  name: string;
  strategy: string;
  calls_waiting: number;
  callbacks_waiting: number;
  longest_wait_s: number;
  /** Estimated wait for a caller joining now; null with nobody staffed. */
  ewt_s: number | null;
  /** Member agents by state. */
  agents: Record<AgentState, number>;
  offered: number;
  answered: number;
  abandoned: number;
  short_abandoned: number;
  blocked: number;
  overflowed: number;
  /** SL threshold T in seconds. */
  service_level_s: number;
  /** Percent, one decimal: answered within T ÷ (offered − short abandons) × 100. */
  service_level: number | null;
  /** Seconds: queue wait of answered calls ÷ answered. */
  asa_s: number | null;
  /** Percent: (abandoned − short) ÷ (offered − short) × 100. */
  abandon_rate: number | null;
}

const EMPTY: QueueCounters = {
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

const FLUSH_MS = 250;

/**
 * The queues' status for `GET /api/v1/queues/status` and, as `queue.status` events on
 * the hub, for the wallboard: published for the queues that changed, at most four times
 * a second so a burst of calls costs one message per queue.
 */
export class QueueStatusFeed {
  readonly #dirty = new Set<string>();
  #timer: CancelTimer | undefined;
  #closed = false;
  readonly #today: TodayQueueCounters;

  constructor(
    private readonly deps: {
      db: Database;
      clock: Clock;
      hub: EventHub;
      engine: () => AcdEngine;
      setup: () => AcdSetup;
    },
  ) {
    this.#today = new TodayQueueCounters(deps.db);
  }

  /** Queues were set up again: a service-level threshold may have changed. */
  setupChanged(queueKeys: Iterable<string>): void {
    this.#today.invalidate();
    this.changed(queueKeys);
  }

  changed(queueKeys: Iterable<string>): void {
    if (this.#closed) return;
    for (const key of queueKeys) this.#dirty.add(key);
    if (this.#timer || this.#dirty.size === 0) return;
    this.#timer = this.deps.clock.setTimer(FLUSH_MS, () => {
      this.#timer = undefined;
      const keys = [...this.#dirty].filter((k) => this.deps.setup().queues.has(k));
      this.#dirty.clear();
      if (keys.length === 0) return;
      const all = this.status(keys);
      for (const s of all) this.deps.hub.publish("queue.status", { ...s });
    });
  }

  /** Every queue's status, or those of `keys` (engine queue ids). */
  status(keys?: string[]): QueueStatus[] {
    const engine = this.deps.engine();
    const setup = this.deps.setup();
    const counters = this.#today.at(this.deps.clock.now());
    const wanted = keys ? new Set(keys) : undefined;
    return engine.snapshots().filter((s) => !wanted || wanted.has(s.queueId)).map((s) => {
      const q = setup.queues.get(s.queueId)!;
      const c = counters.get(q.id) ?? EMPTY;
      return {
        queue_id: q.id,
        name: q.name,
        strategy: q.strategy,
        calls_waiting: s.callsWaiting,
        callbacks_waiting: s.callbacksWaiting,
        longest_wait_s: s.longestWaitSeconds,
        ewt_s: s.ewtSeconds,
        agents: s.agents,
        offered: c.offered,
        answered: c.answered,
        abandoned: c.abandoned,
        short_abandoned: c.shortAbandoned,
        blocked: c.blocked,
        overflowed: c.overflowed,
        service_level_s: q.service_level_s,
        service_level: serviceLevel(c),
        asa_s: averageSpeedOfAnswer(c),
        abandon_rate: abandonRate(c),
      };
    });
  }

  close(): void {
    this.#closed = true;
    this.#timer?.();
    this.#timer = undefined;
  }
}
