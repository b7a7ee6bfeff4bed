/**
 * Replication as the admin page shows it: `/health` read every few seconds while the
 * page is open (role, epoch, peer, lag, last change, last takeover), a summary of how
 * it stands, and the switchover that hands this primary's work to its standby.
 *
 * @module
 */

import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ApiClient, ReplicationHealth } from "../common/api_client.ts";

/** How often the page asks again (ms); the standby reads the feed at least every 2 s. */
export const REPLICATION_REFRESH_MS = 3000;
/** Seconds of silence after which the peer counts as lost; the server's alert uses 15. */
export const PEER_LOST_S = 15;
/** Seconds of lag that turn the summary amber; the server's alert uses 5. */
export const LAG_WARN_S = 5;

/** How replication stands in one word, for the badge and its colour. */
export type ReplicationSummary =
  | "off"
  | "healthy"
  | "no_standby"
  | "peer_lost"
  | "behind"
  | "connecting"
  | "stopped";

/** The summary of `view` (undefined: replication is not set up on this box). */
export function summarize(view: ReplicationHealth | undefined): ReplicationSummary {
  if (!view || view.state === "off") return "off";
  if (view.state === "stopped") return "stopped";
  if (view.state === "connecting") return "connecting";
  const silent = view.last_contact_s;
  if (view.state === "primary" && silent === undefined) return "no_standby";
  if (silent !== undefined && silent >= PEER_LOST_S) return "peer_lost";
  if ((view.lag_s ?? 0) >= LAG_WARN_S) return "behind";
  return "healthy";
}

/** The colour a summary is shown in. */
export function summaryTone(summary: ReplicationSummary): "good" | "warn" | "bad" | "muted" {
  switch (summary) {
    case "healthy":
      return "good";
    case "behind":
    case "connecting":
    case "no_standby":
      return "warn";
    case "peer_lost":
    case "stopped":
      return "bad";
    case "off":
      return "muted";
  }
}

export interface ReplicationControllerOptions {
  /** Runs `fn` after `ms`; returns a cancel. Tests pass a manual one. */
  setTimer?: (ms: number, fn: () => void) => () => void;
}

/** Reads replication from `/health` while its host is on the page; hands over on request. */
export class ReplicationController implements ReactiveController {
  /** This box's role as `/health` last said it. */
  role: "primary" | "standby" | null = null;
  view: ReplicationHealth | undefined;
  error: string | null = null;
  /** The epoch this box handed over in, after a switchover it asked for. */
  handedOver: number | null = null;
  readonly #host: ReactiveControllerHost;
  readonly #api: ApiClient;
  readonly #setTimer: (ms: number, fn: () => void) => () => void;
  #cancel: (() => void) | undefined;
  #running = false;

  constructor(
    host: ReactiveControllerHost,
    api: ApiClient,
    options: ReplicationControllerOptions = {},
  ) {
    this.#host = host;
    this.#api = api;
    this.#setTimer = options.setTimer ?? ((ms, fn) => {
      const id = setTimeout(fn, ms);
      return () => clearTimeout(id);
    });
    host.addController(this);
  }

  get summary(): ReplicationSummary {
    return summarize(this.view);
  }

  /** Whether the switchover can be asked for: a primary whose standby reads its changes. */
  get canSwitchOver(): boolean {
    const view = this.view;
    return this.role === "primary" && this.handedOver === null && view?.state === "primary" &&
      view.last_contact_s !== undefined && view.last_contact_s < PEER_LOST_S;
  }

  hostConnected(): void {
    this.#running = true;
    void this.refresh();
  }

  hostDisconnected(): void {
    this.#running = false;
    this.#cancel?.();
    this.#cancel = undefined;
  }

  /** Reads `/health` now, and again after {@link REPLICATION_REFRESH_MS} while connected. */
  async refresh(): Promise<void> {
    this.#cancel?.();
    this.#cancel = undefined;
    try {
      const health = await this.#api.health();
      this.role = health.role ?? null;
      this.view = health.replication;
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
    this.#host.requestUpdate();
    if (this.#running) this.#cancel = this.#setTimer(REPLICATION_REFRESH_MS, () => this.refresh());
  }

  /**
   * Hands over to the standby: this box stops taking calls and writes at once and the
   * standby takes over in the next epoch. Throws what the server refused with.
   */
  async switchOver(): Promise<void> {
    const { epoch } = await this.#api.request<{ epoch: number; role: "standby" }>(
      "POST",
      "/replication/switchover",
    );
    this.handedOver = epoch;
    this.#host.requestUpdate();
  }
}
