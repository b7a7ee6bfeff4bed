/**
 * The signed-in agent's ACD state: loads `GET /api/v1/agents/me`, follows
 * `agent.state` (and call) events from the live hub, and sends the agent's
 * requests (ready, not ready with a reason, log out, more wrap-up time).
 *
 * When the server has no agent-state API the controller says so
 * ({@linkcode AgentStateController.availability} is `"missing"`) instead of
 * failing, so the rest of the desktop keeps working.
 *
 * @module
 */

import type { ReactiveController, ReactiveControllerHost } from "lit";
import { ApiError } from "../common/api_client.ts";
import type { HubEvent } from "../common/events_controller.ts";
import {
  type AgentSnapshot,
  isAgentState,
  type NotReadyReason,
  parseAgentSnapshot,
} from "./agent_state_rules.ts";

/** The requests the controller makes; `ApiClient.request` fits. */
export type Requester = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** Whether the agent-state API could be used. */
export type Availability = "loading" | "ok" | "missing" | "error";

/** Options for {@linkcode AgentStateController}. */
export interface AgentStateOptions {
  request: Requester;
  /** Subscribes to hub events; returns the unsubscribe function. */
  subscribe?: (listener: (event: HubEvent) => void) => () => void;
  /** Polling interval while the hub cannot be used, in milliseconds. Defaults to 15000. */
  pollMs?: number;
}

/** True when `error` says the endpoint itself does not exist (not a missing record). */
export function isMissingEndpoint(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 &&
    (error.message.startsWith("Endpoint ") || error.code === "http_404");
}

/** Loads and changes the agent's ACD state. */
export class AgentStateController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: AgentStateOptions;
  #agent: AgentSnapshot | null = null;
  #availability: Availability = "loading";
  #error: string | null = null;
  #pending = false;
  #unsubscribe: (() => void) | null = null;
  #poll: ReturnType<typeof setInterval> | undefined;
  #loading: Promise<void> | null = null;
  #reload = false;

  constructor(host: ReactiveControllerHost, options: AgentStateOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The agent, once loaded. */
  get agent(): AgentSnapshot | null {
    return this.#agent;
  }

  get availability(): Availability {
    return this.#availability;
  }

  /** The server's message for the last failed request, if any. */
  get error(): string | null {
    return this.#error;
  }

  /** True while a state change is being sent. */
  get pending(): boolean {
    return this.#pending;
  }

  hostConnected(): void {
    this.#unsubscribe = this.#options.subscribe?.((event) => this.handleEvent(event)) ?? null;
    void this.load();
    const every = this.#options.pollMs ?? 15_000;
    if (every > 0) this.#poll = setInterval(() => void this.load(), every);
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    clearInterval(this.#poll);
  }

  /**
   * (Re)loads the agent from the server. A load asked for while one is in flight is done
   * once more after it: the request in flight may have left before the change that
   * prompted the new one, and its stale answer must not be the last word.
   */
  load(): Promise<void> {
    if (this.#loading) {
      this.#reload = true;
      return this.#loading;
    }
    this.#loading = (async () => {
      do {
        this.#reload = false;
        await this.#load();
      } while (this.#reload);
    })().finally(() => this.#loading = null);
    return this.#loading;
  }

  async #load(): Promise<void> {
    if (this.#availability === "missing") return;
    try {
      const body = await this.#options.request<unknown>("GET", "/agents/me");
      const agent = parseAgentSnapshot(body);
      if (!agent) throw new ApiError(500, "bad_response", "Unexpected agent answer");
      this.#agent = agent;
      this.#availability = "ok";
    } catch (error) {
      if (isMissingEndpoint(error) || (error instanceof ApiError && error.status === 404)) {
        this.#availability = "missing";
        clearInterval(this.#poll);
      } else if (this.#availability !== "ok") {
        this.#availability = "error";
      }
    }
    this.#host.requestUpdate();
  }

  /** Applies a hub event: `agent.state` for this agent updates at once; call events reload. */
  handleEvent(event: HubEvent): void {
    const agent = this.#agent;
    if (!agent) return;
    const data = event.data;
    const forMe = data.agent_id !== undefined && String(data.agent_id) === String(agent.id);
    if (!forMe) return;
    if (event.type === "agent.state" && isAgentState(data.state)) {
      const reason = typeof data.reason === "string" ? data.reason : null;
      const same = data.state === agent.state && reason === agent.reason;
      this.#agent = {
        ...agent,
        state: data.state,
        reason,
        // The limit of a new reason comes with the reload below.
        since: same ? agent.since : event.at,
        reason_limit_s: same ? agent.reason_limit_s : null,
        wrap_up_ends_at: typeof data.wrap_up_ends_at === "string"
          ? data.wrap_up_ends_at
          : data.state === "wrap_up"
          ? agent.wrap_up_ends_at
          : null,
      };
      this.#host.requestUpdate();
    }
    // Figures (calls, AHT, ACW) and wrap-up deadlines come with the full record.
    if (event.type === "agent.state" || event.type.startsWith("call.")) void this.load();
  }

  /** Asks to become ready. */
  setReady(): Promise<boolean> {
    return this.#send("/state", { state: "ready" });
  }

  /** Asks to become not ready (at once, or after the current call). */
  setNotReady(reason: NotReadyReason): Promise<boolean> {
    return this.#send("/state", { state: "not_ready", reason });
  }

  /** Asks to log out of the queues. */
  logOut(): Promise<boolean> {
    return this.#send("/state", { state: "logged_out" });
  }

  /** Asks for more wrap-up time. */
  extendWrapUp(seconds = 30): Promise<boolean> {
    return this.#send("/wrap-up/extend", { seconds });
  }

  async #send(suffix: string, body: unknown): Promise<boolean> {
    const agent = this.#agent;
    if (!agent || this.#pending) return false;
    this.#pending = true;
    this.#error = null;
    this.#host.requestUpdate();
    try {
      const answer = await this.#options.request<unknown>(
        "POST",
        `/agents/${encodeURIComponent(String(agent.id))}${suffix}`,
        body,
      );
      const updated = parseAgentSnapshot(answer);
      if (updated) this.#agent = updated;
      else await this.#load();
      return true;
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error);
      return false;
    } finally {
      this.#pending = false;
      this.#host.requestUpdate();
    }
  }
}
