/**
 * The data of a wall screen opened by a read-only link: asks the appliance for
 * the link's wallboard every `refresh_s` seconds (a center setting) and turns
 * to the next queue every `rotate_s`. A link the appliance no longer knows
 * (revoked) stops the screen for good; an unreachable appliance is asked again.
 *
 * @module
 */

import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { QueueThresholds } from "./figure_levels.ts";
import type { ChannelQueueFigures } from "./channel_queues_controller.ts";
import type { AlertRow, QueueFigures } from "./supervision_controller.ts";

/** What `GET /api/v1/tv/:token` answers. */
export interface TvBoard {
  label: string;
  queues: QueueFigures[];
  thresholds: QueueThresholds[];
  alerts: AlertRow[];
  /** Chat, e-mail and SMS queues, shown below the voice queue on every page. */
  channel_queues?: ChannelQueueFigures[];
  refresh_s: number;
  rotate_s: number;
  at: string;
}

/** Where the screen stands. */
export type TvStatus = "loading" | "live" | "offline" | "revoked";

export interface TvOptions {
  /** The link's token, read at each refresh. */
  token: () => string;
  fetch?: (url: string) => Promise<Response>;
  /** Runs `fn` after `ms`; returns a cancel. Tests pass a manual one. */
  setTimer?: (ms: number, fn: () => void) => () => void;
}

const FIRST_REFRESH_S = 15;

export class TvController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: TvOptions;
  readonly #setTimer: (ms: number, fn: () => void) => () => void;
  #board: TvBoard | null = null;
  #status: TvStatus = "loading";
  #page = 0;
  #polls = 0;
  #cancelPoll: (() => void) | undefined;
  #cancelRotate: (() => void) | undefined;
  #running = false;

  constructor(host: ReactiveControllerHost, options: TvOptions) {
    this.#host = host;
    this.#options = options;
    this.#setTimer = options.setTimer ?? ((ms, fn) => {
      const id = setTimeout(fn, ms);
      return () => clearTimeout(id);
    });
    host.addController(this);
  }

  get board(): TvBoard | null {
    return this.#board;
  }
  get status(): TvStatus {
    return this.#status;
  }
  /** The queue on screen now. */
  get queue(): QueueFigures | null {
    const queues = this.#board?.queues ?? [];
    return queues.length === 0 ? null : queues[this.#page % queues.length];
  }
  /** Index of the queue on screen, from 0. */
  get page(): number {
    const n = this.#board?.queues.length ?? 0;
    return n === 0 ? 0 : this.#page % n;
  }
  /** Successful refreshes since the screen opened. */
  get polls(): number {
    return this.#polls;
  }

  hostConnected(): void {
    if (this.#running) return;
    this.#running = true;
    void this.poll();
  }

  hostDisconnected(): void {
    this.#running = false;
    this.#cancelPoll?.();
    this.#cancelRotate?.();
  }

  /** Asks for the wallboard once and schedules the next time. */
  async poll(): Promise<void> {
    this.#cancelPoll?.();
    const get = this.#options.fetch ?? ((url: string) => fetch(url, { cache: "no-store" }));
    try {
      const response = await get(`/api/v1/tv/${encodeURIComponent(this.#options.token())}`);
      if (response.status === 404) {
        await response.body?.cancel();
        this.#revoked();
        return;
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const board = await response.json() as TvBoard;
      const received = Date.now();
      board.queues = board.queues.map((q) => ({ ...q, received_at: received }));
      const first = this.#board === null;
      this.#board = board;
      this.#status = "live";
      this.#polls++;
      if (first) this.#scheduleRotation();
    } catch {
      this.#status = "offline";
    }
    this.#host.requestUpdate();
    if (!this.#running) return;
    const refreshS = this.#board?.refresh_s ?? FIRST_REFRESH_S;
    this.#cancelPoll = this.#setTimer(refreshS * 1000, () => void this.poll());
  }

  #revoked(): void {
    this.#status = "revoked";
    this.#board = null;
    this.#running = false;
    this.#cancelRotate?.();
    this.#host.requestUpdate();
  }

  #scheduleRotation(): void {
    this.#cancelRotate?.();
    const rotateS = this.#board?.rotate_s ?? 10;
    this.#cancelRotate = this.#setTimer(rotateS * 1000, () => {
      if (!this.#running) return;
      this.#page++;
      this.#host.requestUpdate();
      this.#scheduleRotation();
    });
  }
}
