/**
 * A reactive controller that keeps a WebSocket to the live event hub at
 * `/api/v1/events` open while the user is signed in, reconnecting with
 * exponential backoff and jitter when it drops.
 *
 * @module
 */

import type { ReactiveController, ReactiveControllerHost } from "lit";

/** One message from the event hub. The first one after connecting is `hello`. */
export interface HubEvent {
  type: string;
  at: string;
  data: Record<string, unknown>;
}

/** Connection states, as shown by the header's indicator. */
export const CONNECTION_STATES = ["offline", "connecting", "open", "reconnecting"] as const;

/** One of {@linkcode CONNECTION_STATES}. */
export type ConnectionState = typeof CONNECTION_STATES[number];

/** The part of `WebSocket` the controller uses, so tests can pass a fake. */
export interface SocketLike {
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  close(code?: number, reason?: string): void;
}

/** Receives every event from the hub. */
export type HubListener = (event: HubEvent) => void;

/** Options for {@linkcode EventsController}. */
export interface EventsControllerOptions {
  /** Path of the hub on this origin; defaults to `/api/v1/events`. */
  path?: string;
  /** Opens a socket; defaults to `new WebSocket(url)`. */
  connect?: (url: string) => SocketLike;
  /** First retry delay in milliseconds; doubles per failure. Defaults to 1000. */
  initialDelayMs?: number;
  /** Longest retry delay in milliseconds. Defaults to 30000. */
  maxDelayMs?: number;
  /** Random source for jitter, in [0, 1). Defaults to `Math.random`. */
  random?: () => number;
  /**
   * Asked before each reconnect; resolving `false` stops reconnecting (for
   * example because the session has ended).
   */
  shouldReconnect?: () => Promise<boolean>;
}

/** The WebSocket URL for `path` on the page's origin (`wss:` on https pages). */
export function eventsUrl(path: string, location: { protocol: string; host: string }): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${path}`;
}

/**
 * The delay before reconnect attempt `attempt` (0-based): `initial * 2^attempt`
 * capped at `max`, with up to 25 % random jitter taken off so that many
 * browsers do not reconnect in lockstep after a restart.
 */
export function backoffDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number,
): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (1 - 0.25 * random()));
}

/**
 * Connects to the event hub between {@linkcode start} and {@linkcode stop}
 * and re-renders its host whenever {@linkcode state} changes.
 */
export class EventsController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #path: string;
  readonly #connect: (url: string) => SocketLike;
  readonly #initialDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #random: () => number;
  readonly #shouldReconnect: (() => Promise<boolean>) | undefined;
  readonly #listeners = new Set<HubListener>();

  #state: ConnectionState = "offline";
  #wanted = false;
  #socket: SocketLike | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #lastEvent: HubEvent | null = null;

  constructor(host: ReactiveControllerHost, options: EventsControllerOptions = {}) {
    this.#host = host;
    this.#path = options.path ?? "/api/v1/events";
    this.#connect = options.connect ?? ((url) => new WebSocket(url));
    this.#initialDelayMs = options.initialDelayMs ?? 1000;
    this.#maxDelayMs = options.maxDelayMs ?? 30_000;
    this.#random = options.random ?? Math.random;
    this.#shouldReconnect = options.shouldReconnect;
    host.addController(this);
  }

  /** Where the connection stands. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** The most recent event received, if any. */
  get lastEvent(): HubEvent | null {
    return this.#lastEvent;
  }

  /** Registers a listener for every event; returns a function that removes it. */
  addListener(listener: HubListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Starts connecting (if not already) and keeps the connection up until {@linkcode stop}. */
  start(): void {
    if (this.#wanted) return;
    this.#wanted = true;
    this.#attempt = 0;
    this.#open("connecting");
  }

  /** Closes the connection and stops reconnecting. */
  stop(): void {
    this.#wanted = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const socket = this.#socket;
    this.#socket = null;
    if (socket) {
      socket.onopen =
        socket.onmessage =
        socket.onclose =
        socket.onerror =
          null;
      socket.close(1000, "client stopped");
    }
    this.#setState("offline");
  }

  hostConnected(): void {
    // Nothing to do: the owner decides when to start, once someone is signed in.
  }

  hostDisconnected(): void {
    this.stop();
  }

  #open(state: "connecting" | "reconnecting"): void {
    this.#setState(state);
    let socket: SocketLike;
    try {
      socket = this.#connect(eventsUrl(this.#path, globalThis.location));
    } catch {
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      this.#attempt = 0;
      this.#setState("open");
    };
    socket.onmessage = (message) => this.#receive(message.data);
    socket.onerror = () => {
      // A close event always follows; reconnecting is handled there.
    };
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      if (this.#wanted) this.#scheduleReconnect();
    };
  }

  #receive(raw: unknown): void {
    if (typeof raw !== "string") return;
    let event: HubEvent;
    try {
      const parsed = JSON.parse(raw);
      if (typeof parsed?.type !== "string") return;
      event = {
        type: parsed.type,
        at: typeof parsed.at === "string" ? parsed.at : new Date().toISOString(),
        data: parsed.data && typeof parsed.data === "object" ? parsed.data : {},
      };
    } catch {
      return;
    }
    this.#lastEvent = event;
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error("ui/events: listener failed", error);
      }
    }
  }

  #scheduleReconnect(): void {
    this.#setState("reconnecting");
    const delay = backoffDelay(this.#attempt, this.#initialDelayMs, this.#maxDelayMs, this.#random);
    this.#attempt++;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(async () => {
      this.#timer = undefined;
      if (!this.#wanted) return;
      if (this.#shouldReconnect) {
        let again = true;
        try {
          again = await this.#shouldReconnect();
        } catch {
          again = true;
        }
        if (!again) {
          this.stop();
          return;
        }
        if (!this.#wanted || this.#socket) return;
      }
      this.#open("reconnecting");
    }, delay);
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#host.requestUpdate();
  }
}
