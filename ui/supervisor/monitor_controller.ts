/**
 * The supervisor's monitoring session: asks the appliance to ring the
 * supervisor's own softphone for a call (`POST /calls/{id}/monitor`), answers
 * that ring by itself when it comes, switches between listen, whisper and
 * barge, takes the caller over, and stops. Keeps the session as the
 * `monitor.*` events of the hub tell it.
 *
 * @module
 */

import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { HubEvent } from "../common/events_controller.ts";

/** What a supervisor may be on a call. */
export type MonitorMode = "listen" | "whisper" | "barge";

/** The session as the API shows it. */
export interface MonitorSession {
  call_id: string;
  supervisor: string;
  mode: MonitorMode;
  state: "ringing" | "joined" | "taken_over" | "ended";
}

export interface MonitorOptions {
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Runs at most one monitoring session for the signed-in supervisor. */
export class MonitorController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: MonitorOptions;
  #session: MonitorSession | null = null;
  #busy = false;
  #error: string | null = null;
  /** The call a start request is out for: its ring may come before the answer does. */
  #asking: string | null = null;

  constructor(host: ReactiveControllerHost, options: MonitorOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {}

  get session(): MonitorSession | null {
    return this.#session;
  }
  get busy(): boolean {
    return this.#busy;
  }
  get error(): string | null {
    return this.#error;
  }

  /** True when an incoming ring on the softphone is the one this session asked for. */
  isOwnRing(callId: string | null): boolean {
    if (callId === null) return false;
    if (this.#asking === callId) return true;
    return this.#session?.call_id === callId && this.#session.state === "ringing";
  }

  /** Starts monitoring a call, or switches mode when already on it. */
  async monitor(callId: string, mode: MonitorMode): Promise<void> {
    const current = this.#session;
    if (current && current.call_id === callId && current.state !== "ended") {
      await this.#run(async () => {
        const { monitor } = await this.#options.request<{ monitor: MonitorSession }>(
          "PATCH",
          `/calls/${callId}/monitor`,
          { mode },
        );
        this.#session = monitor;
      });
      return;
    }
    if (current && current.state !== "ended") await this.stop();
    this.#asking = callId;
    await this.#run(async () => {
      const { monitor } = await this.#options.request<{ monitor: MonitorSession }>(
        "POST",
        `/calls/${callId}/monitor`,
        { mode },
      );
      // The session may have joined (its event came first) while the answer was on its way.
      if (this.#session?.call_id !== callId) this.#session = monitor;
    }).finally(() => this.#asking = null);
  }

  /** Hands the caller to the supervisor. */
  async takeOver(): Promise<void> {
    const current = this.#session;
    if (!current) return;
    await this.#run(async () => {
      const { monitor } = await this.#options.request<{ monitor: MonitorSession }>(
        "POST",
        `/calls/${current.call_id}/monitor/take-over`,
      );
      this.#session = monitor;
    });
  }

  /** Ends the session (after a take-over, the call). */
  async stop(): Promise<void> {
    const current = this.#session;
    if (!current) return;
    await this.#run(async () => {
      await this.#options.request("DELETE", `/calls/${current.call_id}/monitor`).catch(
        (error) => {
          // A session the appliance already ended is no error to show.
          if ((error as { status?: number }).status !== 404) throw error;
        },
      );
      this.#session = null;
    });
  }

  /** The softphone's call ended: so has the session. */
  phoneCallEnded(callId: string | null): void {
    if (this.#session && this.#session.call_id === callId) {
      this.#session = null;
      this.#host.requestUpdate();
    }
  }

  /** Follows `monitor.*` and `call.ended` events for the session's call. */
  onEvent(event: HubEvent): void {
    const asking = this.#asking;
    if (event.type === "monitor.started" && asking !== null && event.data.call_id === asking) {
      // Joined before the start request's answer came back.
      this.#session = {
        call_id: asking,
        supervisor: String(event.data.supervisor ?? ""),
        mode: event.data.mode as MonitorMode,
        state: "joined",
      };
      this.#host.requestUpdate();
      return;
    }
    const session = this.#session;
    if (!session || event.data.call_id !== session.call_id) return;
    if (event.type === "monitor.started") this.#session = { ...session, state: "joined" };
    else if (event.type === "monitor.mode") {
      this.#session = { ...session, mode: event.data.mode as MonitorMode };
    } else if (event.type === "monitor.take_over") {
      this.#session = { ...session, state: "taken_over" };
    } else if (event.type === "monitor.ended" || event.type === "call.ended") {
      this.#session = null;
    } else return;
    this.#host.requestUpdate();
  }

  async #run(fn: () => Promise<void>): Promise<void> {
    this.#busy = true;
    this.#error = null;
    this.#host.requestUpdate();
    try {
      await fn();
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error);
    } finally {
      this.#busy = false;
      this.#host.requestUpdate();
    }
  }
}
