import type { CallService, PlaceOutcome } from "../calls/mod.ts";
import type { CancelTimer, Clock } from "../clock/mod.ts";
import type { Crm, PendingCallback } from "../crm/mod.ts";
import { isoTime } from "../db/mod.ts";
import type { Logger } from "../log/mod.ts";
import { checkDial } from "./dial_check.ts";
import type { DoNotCallList } from "./do_not_call.ts";
import { type OutboundTrunks, pickCallerId, pickTrunk } from "./outbound_line.ts";
import type { OutboundPolicy } from "./outbound_policy.ts";
import { afterAttempt } from "./retry_rules.ts";
import { trunkDialString } from "./dial_plan.ts";

/** A queue's agents free to call out, as the queue desk sees them. */
export interface CallbackSeat {
  userId: number;
  username: string;
  extension: string | null;
}

/** What the dialler needs from the live queues. */
export interface CallbackSeats {
  /** Ready agents of the queue (longest idle first) and how many inbound callers wait. */
  outboundSeats(queueId: number): { agents: CallbackSeat[]; waiting: number };
  take(userId: number): boolean;
  release(userId: number): void;
}

export interface CallbackDialerOptions {
  callbacks: Pick<
    Crm["callbacks"],
    "due" | "dueQueues" | "startDialing" | "attempted"
  >;
  interactions: Pick<Crm["interactions"], "record" | "update">;
  calls: Pick<CallService, "placeCall">;
  seats: CallbackSeats;
  dnc: Pick<DoNotCallList, "has">;
  trunks: OutboundTrunks;
  policy: () => OutboundPolicy;
  queueCallerId: (queueId: number) => string | null | undefined;
  clock: Clock;
  log: Logger;
  /** How often due callbacks are looked at; 5 s by default. */
  intervalMs?: number;
}

/**
 * Callbacks kept: every few seconds, for each queue with a callback due, and only while
 * no inbound caller waits there (callers first), a ready agent of the queue is taken and
 * the callback is placed agent first (the agent's phone rings with the callback; then the
 * customer's number). Each attempt is a contact on the customer's timeline; its outcome
 * decides, by the policy's retry rules, whether and when the request is tried again. The
 * do-not-call list and calling hours are checked at the moment of dialling.
 */
export class CallbackDialer {
  #timer: CancelTimer | undefined;
  #running = false;
  /** Attempts in progress, settled or not (for tests and shutdown). */
  readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: CallbackDialerOptions) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule();
  }

  stop(): void {
    this.#running = false;
    this.#timer?.();
    this.#timer = undefined;
  }

  #schedule(): void {
    if (!this.#running) return;
    this.#timer = this.options.clock.setTimer(this.options.intervalMs ?? 5000, () => {
      try {
        this.tick();
      } catch (error) {
        this.options.log.error("the callback dialler failed a round", { error });
      }
      this.#schedule();
    });
  }

  /** One round: places what can be placed now; returns how many calls were started. */
  tick(): number {
    const { callbacks, seats, clock } = this.options;
    const now = clock.now();
    let started = 0;
    for (const queueId of callbacks.dueQueues(now)) {
      const { agents, waiting } = seats.outboundSeats(queueId);
      if (waiting > 0 || agents.length === 0) continue;
      const due = callbacks.due(now, { queueId, limit: agents.length });
      for (const [i, callback] of due.entries()) {
        if (this.#dial(callback, agents[i], now)) started++;
      }
    }
    return started;
  }

  #dial(callback: PendingCallback, agent: CallbackSeat, now: number): boolean {
    const { callbacks, interactions, calls, seats, dnc, trunks, clock, log } = this.options;
    const policy = this.options.policy();
    const rules = policy.callbacks;
    const verdict = checkDial({
      number: callback.number,
      atMs: now,
      onDoNotCall: dnc.has(callback.number),
      hours: policy.hours,
      fallbackZone: policy.time_zone,
    });
    if (!verdict.ok) {
      if (verdict.reason === "do_not_call" || verdict.reason === "outside_hours") {
        callbacks.attempted(callback.id, {
          outcome: verdict.reason,
          ...afterAttempt(verdict.reason, callback.attempts, rules, now),
        });
      }
      return false;
    }
    if (!agent.extension) return false;
    let trunk;
    try {
      trunk = pickTrunk(trunks, policy);
    } catch {
      return false;
    }
    const dialString = trunkDialString(callback.number, trunk);
    if (!dialString.ok) {
      callbacks.attempted(callback.id, {
        outcome: "failed",
        ...afterAttempt("failed", callback.attempts, rules, now),
      });
      log.warn("the trunk's dial plan refuses a callback's number", { callback: callback.id });
      return false;
    }
    // A full trunk makes the dialler wait for the next round, not fail the callback.
    if (!trunks.acquire(trunk)) return false;
    if (!seats.take(agent.userId)) {
      trunks.release(trunk);
      return false;
    }
    if (!callbacks.startDialing(callback.id)) {
      trunks.release(trunk);
      seats.release(agent.userId);
      return false;
    }
    const queueId = callback.queue_id!;
    let placed: ReturnType<typeof calls.placeCall>;
    try {
      placed = calls.placeCall({
        agentExtension: agent.extension,
        agentPartyId: `agent:${agent.username}`,
        number: dialString.number,
        trunk,
        callerId: pickCallerId({ queue: this.options.queueCallerId(queueId) }, policy, trunk),
        customerId: callback.customer_id ?? undefined,
        agentHeaders: [
          ["X-CC-Direction", "callback"],
          ["X-CC-Callback-Id", String(callback.id)],
          ...(callback.customer_id
            ? [["X-CC-Customer-Id", String(callback.customer_id)]] as [string, string][]
            : []),
        ],
      });
    } catch (error) {
      // Its end will never come to give them back, so they go back now.
      trunks.release(trunk);
      seats.release(agent.userId);
      callbacks.attempted(callback.id, {
        outcome: "failed",
        ...afterAttempt("failed", callback.attempts, rules, now),
      });
      log.warn("a callback's call could not be placed", { callback: callback.id, error });
      return false;
    }
    let interactionId: number | null = null;
    try {
      interactionId = interactions.record({
        customer_id: callback.customer_id,
        channel: "callback",
        direction: "outbound",
        call_id: placed.callId,
        queue_id: queueId,
        agent_id: agent.userId,
        started_at: isoTime(now),
      }).id;
    } catch (error) {
      log.warn("could not record the callback attempt", { call_id: placed.callId, error });
    }
    const fields = { call_id: placed.callId, callback: callback.id, agent: agent.username };
    log.info("returning a callback", fields);
    const attempt = (async () => {
      const outcome: PlaceOutcome = await placed.outcome;
      const result = afterAttempt(outcome, callback.attempts, rules, clock.now());
      callbacks.attempted(callback.id, { outcome, ...result });
      log.info("callback attempt", { ...fields, outcome, status: result.status });
      if (interactionId !== null && outcome === "connected") {
        interactions.update(interactionId, { answered_at: isoTime(clock.now()) });
      }
      await placed.ended;
      trunks.release(trunk);
      seats.release(agent.userId);
      if (interactionId !== null) {
        interactions.update(interactionId, {
          ended_at: isoTime(clock.now()),
          ...(outcome === "connected" ? {} : { notes: `Not reached: ${outcome}` }),
        });
      }
    })().catch((error) => log.error("a callback attempt failed", { ...fields, error }));
    this.inFlight.add(attempt);
    void attempt.finally(() => this.inFlight.delete(attempt));
    return true;
  }
}
