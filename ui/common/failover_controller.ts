/**
 * Takes a signed-in page to the standby when its own box stops serving: while the box
 * serves, it keeps a failover ticket and the standby's address (`POST
 * /auth/failover-ticket`); once live updates are down and the box has not answered as
 * the primary for {@link FAILOVER_AFTER_MS}, it opens the same page on the standby with
 * the ticket in the fragment, where {@link takeResumeTicket} picks it up and the app
 * signs in with it as soon as that box has taken over.
 *
 * @module
 */

import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ApiClient } from "./api_client.ts";
import type { ConnectionState } from "./events_controller.ts";

/** How long the page's box must fail to serve before the page moves (ms). */
export const FAILOVER_AFTER_MS = 12_000;
/** How often the box is asked while live updates are down (ms). */
export const FAILOVER_CHECK_MS = 2_000;
/** A fresh ticket and address now and then, in case the standby changed (ms). */
export const TICKET_REFRESH_MS = 30 * 60 * 1000;
/** Where a ticket waits across reloads until the box it moved to takes over. */
export const RESUME_STORAGE_KEY = "cc.resume";
const FRAGMENT = /^#resume=([\w-]{20,100})$/;

export interface FailoverOptions {
  /** The state of live updates: the page only asks its box while they are down. */
  connection: () => ConnectionState;
  /** Whether this page's box answers as the primary now. */
  serving?: () => Promise<boolean>;
  /** Opens `url` in place of this page. */
  navigate?: (url: string) => void;
  setTimer?: (ms: number, fn: () => void) => () => void;
  now?: () => number;
  /** The page's path, kept on the other box. */
  path?: () => string;
}

export class FailoverController implements ReactiveController {
  /** Where the standby is reached, as this box last said; null when it has none. */
  peer: string | null = null;
  /** Set once the page is on its way to the standby. */
  movingTo: string | null = null;
  readonly #api: ApiClient;
  readonly #options: FailoverOptions;
  readonly #setTimer: (ms: number, fn: () => void) => () => void;
  readonly #now: () => number;
  #ticket: string | null = null;
  #ticketAt = 0;
  #downSince: number | null = null;
  #cancel: (() => void) | undefined;
  #running = false;

  constructor(host: ReactiveControllerHost, api: ApiClient, options: FailoverOptions) {
    this.#api = api;
    this.#options = options;
    this.#setTimer = options.setTimer ?? ((ms, fn) => {
      const id = setTimeout(fn, ms);
      return () => clearTimeout(id);
    });
    this.#now = options.now ?? Date.now;
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.stop();
  }

  /** Begins keeping a ticket and watching the box (once signed in). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#downSince = null;
    void this.#refreshTicket();
    this.#schedule();
  }

  /** Stops watching and forgets the ticket (signed out). */
  stop(): void {
    this.#running = false;
    this.#cancel?.();
    this.#cancel = undefined;
    this.#ticket = null;
  }

  /** One look at the box; the timer's job, exposed for tests. */
  async check(): Promise<void> {
    if (!this.#running) return;
    if (this.#options.connection() === "open") {
      this.#downSince = null;
      if (this.#now() - this.#ticketAt >= TICKET_REFRESH_MS) await this.#refreshTicket();
      return;
    }
    const serving = await (this.#options.serving ?? (() => boxServes(this.#api)))()
      .catch(() => false);
    if (serving) {
      this.#downSince = null;
      return;
    }
    this.#downSince ??= this.#now();
    if (this.#now() - this.#downSince < FAILOVER_AFTER_MS || !this.peer || !this.#ticket) return;
    const path = this.#options.path?.() ?? globalThis.location?.pathname ?? "/";
    const url = `${this.peer}${path}#resume=${this.#ticket}`;
    this.movingTo = this.peer;
    this.stop();
    (this.#options.navigate ?? ((to) => globalThis.location.assign(to)))(url);
  }

  async #refreshTicket(): Promise<void> {
    try {
      const answer = await this.#api.request<{ ticket: string; peer: string | null }>(
        "POST",
        "/auth/failover-ticket",
      );
      this.#ticket = answer.ticket;
      this.peer = answer.peer;
      this.#ticketAt = this.#now();
    } catch {
      // No standby (409) or the box is busy: asked again at the next refresh.
      this.#ticketAt = this.#now();
    }
  }

  #schedule(): void {
    this.#cancel = this.#setTimer(FAILOVER_CHECK_MS, () => {
      void this.check().finally(() => {
        if (this.#running) this.#schedule();
      });
    });
  }
}

/** Whether the page's own box answers health as the primary. */
async function boxServes(api: ApiClient): Promise<boolean> {
  const health = await api.health();
  return health.role !== "standby";
}

/**
 * A ticket the page arrived with (in the fragment, moved there by the box it left), kept
 * in session storage until used and taken off the address bar at once; or one kept from
 * an earlier load of this page. Null when there is none.
 */
export function takeResumeTicket(
  location: { hash: string; pathname: string; search: string } = globalThis.location,
  storage: Pick<Storage, "getItem" | "setItem"> = globalThis.sessionStorage,
  replace: (url: string) => void = (url) => history.replaceState(null, "", url),
): string | null {
  const found = FRAGMENT.exec(location.hash)?.[1];
  if (found) {
    storage.setItem(RESUME_STORAGE_KEY, found);
    replace(`${location.pathname}${location.search}`);
  }
  return storage.getItem(RESUME_STORAGE_KEY);
}
