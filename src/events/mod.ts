/**
 * The in-process event hub: domains publish what happened (a registration, a call
 * answered, an agent going ready) and the WebSocket endpoint, the wallboard and other
 * domains subscribe. Publishing never throws into the publisher: a failing listener
 * is reported and removed, so one broken browser tab cannot stall call handling.
 *
 * @module
 */

/** One event as it travels to subscribers and over `/api/v1/events`. */
export interface HubEvent {
  type: string;
  /** ISO-8601 time the event happened. */
  at: string;
  data: Record<string, unknown>;
}

export type HubListener = (event: HubEvent) => void;

export class EventHub {
  #listeners = new Set<HubListener>();

  constructor(
    private readonly now: () => number,
    private readonly onListenerError: (error: unknown) => void = () => {},
  ) {}

  publish(type: string, data: Record<string, unknown> = {}): HubEvent {
    const event: HubEvent = { type, at: new Date(this.now()).toISOString(), data };
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#listeners.delete(listener);
        this.onListenerError(error);
      }
    }
    return event;
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: HubListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.#listeners.size;
  }
}
