/**
 * The in-process event hub: domains publish what happened (a registration, a call
 * answered, an agent going ready) and the WebSocket endpoint and the wallboard
 * subscribe. Publishing never throws into the publisher: a failing listener is logged
 * (once a minute at most, with how many failures that left out) and stays subscribed,
 * so one broken browser tab cannot stall call handling nor silently stop hearing events.
 *
 * @module
 */
import type { Logger } from "../log/mod.ts";

/** One event as it travels to subscribers and over `/api/v1/events`. */
export interface HubEvent {
  type: string;
  /** ISO-8601 time the event happened. */
  at: string;
  data: Record<string, unknown>;
}

export type HubListener = (event: HubEvent) => void;

/** A listener's failures are logged at most this often. */
export const LISTENER_ERROR_INTERVAL_MS = 60_000;

interface Subscription {
  listener: HubListener;
  /** When a failure of this listener was last logged. */
  loggedAt?: number;
  /** Failures since then that were not logged. */
  suppressed: number;
}

export class EventHub {
  #subscriptions = new Set<Subscription>();

  /** `now` stamps events and paces the failure log; without `log` failures go unreported. */
  constructor(private readonly now: () => number, private readonly log?: Logger) {}

  publish(type: string, data: Record<string, unknown> = {}): HubEvent {
    const event: HubEvent = { type, at: new Date(this.now()).toISOString(), data };
    for (const subscription of this.#subscriptions) {
      try {
        subscription.listener(event);
      } catch (error) {
        this.#failed(subscription, event, error);
      }
    }
    return event;
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: HubListener): () => void {
    const subscription: Subscription = { listener, suppressed: 0 };
    this.#subscriptions.add(subscription);
    return () => this.#subscriptions.delete(subscription);
  }

  get subscriberCount(): number {
    return this.#subscriptions.size;
  }

  #failed(subscription: Subscription, event: HubEvent, error: unknown): void {
    const now = this.now();
    const { loggedAt } = subscription;
    if (loggedAt !== undefined && now - loggedAt < LISTENER_ERROR_INTERVAL_MS) {
      subscription.suppressed++;
      return;
    }
    this.log?.warn("an event listener failed; it stays subscribed", {
      type: event.type,
      error,
      suppressed: subscription.suppressed,
    });
    subscription.loggedAt = now;
    subscription.suppressed = 0;
  }
}
