/**
 * The supervision area's data: every queue's live figures, every agent's state
 * and today's work, and the callers waiting. Loads them from the API, keeps
 * queue figures current from `queue.status` events, and reloads agents and
 * waiting calls when the hub says something changed (at most twice a second).
 * Supervisor actions (change an agent's state, move a caller, raise their
 * priority) go through here and reload what they changed.
 *
 * @module
 */

import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { HubEvent } from "../common/events_controller.ts";
import type { QueueThresholds } from "./figure_levels.ts";

/** One queue as `GET /queues/status` and `queue.status` events give it. */
export interface QueueFigures {
  queue_id: number;
  name: string;
  calls_waiting: number;
  callbacks_waiting: number;
  longest_wait_s: number;
  /**
   * When this page received the figures (its own clock, ms): the longest wait
   * keeps growing from there while callers wait, between updates.
   */
  received_at?: number;
  ewt_s: number | null;
  agents: Record<string, number>;
  offered: number;
  answered: number;
  abandoned: number;
  service_level_s: number;
  service_level: number | null;
  asa_s: number | null;
  abandon_rate: number | null;
}

/** One agent as `GET /agents` gives it. */
export interface AgentRow {
  id: number;
  username: string;
  name: string;
  extension: string | null;
  registered: boolean;
  state: string;
  reason: string | null;
  since: string;
  call_id: string | null;
  queue_ids: number[];
  today: { calls: number; aht_s: number | null; avg_acw_s: number | null };
  team_id?: number | null;
  team?: string | null;
  /** The call the agent is on, with the caller and the customer the CRM knows. */
  call?: {
    id: string;
    caller: string | null;
    customer: string | null;
    queue_id: number | null;
    answered_at: string | null;
  } | null;
}

/** A caller waiting in a queue, from `GET /calls?state=queued`. */
export interface WaitingCall {
  id: string;
  caller: string | null;
  queue_id: number | null;
  started_at: string;
}

/** An alert that holds, from `GET /supervision/alerts` and `supervision.alert` events. */
export interface AlertRow {
  key: string;
  kind:
    | "service_level"
    | "long_wait"
    | "agent_state"
    | "trunk_down"
    | "standby_lost"
    | "replication_lag"
    | "case_breached"
    | "mailbox_down";
  queue_id: number | null;
  agent_id: number | null;
  trunk_id: number | null;
  subject: string;
  value: number | null;
  limit: number | null;
  state: string | null;
  /** For an agent not ready for a reason with its own limit: the reason's name. */
  reason?: string | null;
  since: string;
}

/** An agent's skills today, from `GET /agents/{id}/skills/today`, with every skill there is. */
export interface DaySkillsView {
  agent_id: number;
  name: string;
  skills: { skill: string; level: number; standing: number | null; for_today: boolean }[];
  /** Every skill the center has, so a level can be given in one the agent lacks. */
  all: string[];
  expires_at: string | null;
}

/** A read-only wallboard link, from `GET /supervision/tv-links`. */
export interface TvLinkRow {
  id: string;
  label: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
}

/** How the controller reaches the API; the page passes its client. */
export interface SupervisionOptions {
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** Milliseconds between reloads while no event says anything changed. */
  refreshMs?: number;
}

const RELOAD_ON = /^(agent\.|call\.|queue\.(entered|answered|abandoned|moved|requeued))/;

/** Loads and keeps the wallboard, the agents board and the waiting calls. */
export class SupervisionController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: SupervisionOptions;
  #queues: QueueFigures[] = [];
  #agents: AgentRow[] = [];
  #waiting: WaitingCall[] = [];
  #reasons: string[] = [];
  #thresholds = new Map<number, QueueThresholds>();
  #alerts: AlertRow[] = [];
  #notice: AlertRow | null = null;
  #tvLinks: TvLinkRow[] = [];
  #agentsSeeMonitoring: boolean | null = null;
  #newTvLink: string | null = null;
  #error: string | null = null;
  #daySkills: DaySkillsView | null = null;
  #loaded = false;
  #timer: ReturnType<typeof setInterval> | undefined;
  #reloadTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, options: SupervisionOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  get queues(): readonly QueueFigures[] {
    return this.#queues;
  }
  get agents(): readonly AgentRow[] {
    return this.#agents;
  }
  get waiting(): readonly WaitingCall[] {
    return this.#waiting;
  }
  /** The agent whose skills for today are being edited, once loaded. */
  get daySkills(): DaySkillsView | null {
    return this.#daySkills;
  }
  get notReadyReasons(): readonly string[] {
    return this.#reasons;
  }
  /** Each queue's thresholds by queue id. */
  get thresholds(): ReadonlyMap<number, QueueThresholds> {
    return this.#thresholds;
  }
  /** Alerts that hold now, oldest first. */
  get alerts(): readonly AlertRow[] {
    return this.#alerts;
  }
  /** The latest alert raised while the page was open, until dismissed. */
  get notice(): AlertRow | null {
    return this.#notice;
  }
  /** Whether agents are told their call is monitored; null until loaded. */
  get agentsSeeMonitoring(): boolean | null {
    return this.#agentsSeeMonitoring;
  }
  /** Read-only wallboard links, live and revoked. */
  get tvLinks(): readonly TvLinkRow[] {
    return this.#tvLinks;
  }
  /** The address of the link made last, shown once. */
  get newTvLink(): string | null {
    return this.#newTvLink;
  }
  get error(): string | null {
    return this.#error;
  }
  get loaded(): boolean {
    return this.#loaded;
  }

  hostConnected(): void {
    this.#timer ??= setInterval(() => void this.load(), this.#options.refreshMs ?? 5000);
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
    clearTimeout(this.#reloadTimer);
    this.#timer = undefined;
    this.#reloadTimer = undefined;
  }

  /** Loads everything the area shows. */
  async load(): Promise<void> {
    try {
      const [status, agents, waiting, thresholds, alerts] = await Promise.all([
        this.#options.request<{ queues: QueueFigures[] }>("GET", "/queues/status"),
        this.#options.request<{ agents: AgentRow[]; not_ready_reasons: string[] }>(
          "GET",
          "/agents",
        ),
        this.#options.request<{ calls: WaitingCall[] }>("GET", "/calls?state=queued&limit=200"),
        this.#options.request<{ thresholds?: QueueThresholds[] }>(
          "GET",
          "/supervision/thresholds",
        ),
        this.#options.request<{ alerts?: AlertRow[] }>("GET", "/supervision/alerts"),
      ]);
      this.#thresholds = new Map((thresholds.thresholds ?? []).map((t) => [t.queue_id, t]));
      this.#alerts = alerts.alerts ?? [];
      const received = Date.now();
      this.#queues = status.queues.map((q) => ({ ...q, received_at: received }));
      this.#agents = agents.agents;
      this.#reasons = agents.not_ready_reasons;
      this.#waiting = waiting.calls;
      this.#error = null;
      this.#loaded = true;
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error);
    }
    this.#host.requestUpdate();
  }

  /** Applies a hub event: queue figures at once; agent and call changes reload soon. */
  onEvent(event: HubEvent): void {
    if (event.type === "queue.status") {
      const figures = event.data as unknown as QueueFigures;
      const at = this.#queues.findIndex((q) => q.queue_id === figures.queue_id);
      if (at >= 0) {
        this.#queues = this.#queues.with(at, { ...figures, received_at: Date.now() });
        this.#host.requestUpdate();
      }
    }
    if (event.type === "supervision.alert") {
      const { change, alert } = event.data as unknown as {
        change: "raised" | "cleared";
        alert: AlertRow;
      };
      this.#alerts = this.#alerts.filter((a) => a.key !== alert.key);
      if (change === "raised") {
        this.#alerts = [...this.#alerts, alert];
        this.#notice = alert;
      } else if (this.#notice?.key === alert.key) {
        this.#notice = null;
      }
      this.#host.requestUpdate();
    }
    if (RELOAD_ON.test(event.type) && this.#reloadTimer === undefined) {
      this.#reloadTimer = setTimeout(() => {
        this.#reloadTimer = undefined;
        void this.load();
      }, 500);
    }
  }

  /** A supervisor sets an agent's state (forced on the agent's behalf). */
  async setAgentState(agentId: number, state: string, reason?: string): Promise<void> {
    await this.#act(() =>
      this.#options.request("POST", `/agents/${agentId}/state`, {
        state,
        ...(state === "not_ready" ? { reason: reason ?? this.#reasons[0] } : {}),
      })
    );
  }

  /** Hides the alert notice (the alert stays listed while it holds). */
  dismissNotice(): void {
    this.#notice = null;
    this.#host.requestUpdate();
  }

  /** Stores a queue's thresholds; the wallboard recolours at once. */
  async setThresholds(thresholds: QueueThresholds): Promise<void> {
    const { queue_id, ...body } = thresholds;
    await this.#act(() =>
      this.#options.request("PUT", `/supervision/thresholds/${queue_id}`, body)
    );
  }

  /** Loads the read-only wallboard links (the page asks when their panel opens). */
  async loadTvLinks(): Promise<void> {
    await this.#act(async () => {
      const { links } = await this.#options.request<{ links: TvLinkRow[] }>(
        "GET",
        "/supervision/tv-links",
      );
      this.#tvLinks = links;
    }, false);
  }

  /** Loads the center's supervision settings (the page asks when their panel opens). */
  async loadSettings(): Promise<void> {
    await this.#act(async () => {
      const { settings } = await this.#options.request<
        { settings: { agents_see_monitoring: boolean } }
      >("GET", "/supervision/settings");
      this.#agentsSeeMonitoring = settings.agents_see_monitoring;
    }, false);
  }

  /** Lets agents see, or not, that their call is monitored (a center setting). */
  async setAgentsSeeMonitoring(on: boolean): Promise<void> {
    await this.#act(async () => {
      const { settings } = await this.#options.request<
        { settings: { agents_see_monitoring: boolean } }
      >("PATCH", "/supervision/settings", { agents_see_monitoring: on });
      this.#agentsSeeMonitoring = settings.agents_see_monitoring;
    }, false);
  }

  /** Makes a read-only wallboard link; its address is shown once. */
  async createTvLink(label: string, origin: string): Promise<void> {
    await this.#act(async () => {
      const { path } = await this.#options.request<{ path: string }>(
        "POST",
        "/supervision/tv-links",
        { label },
      );
      this.#newTvLink = `${origin}${path}`;
    }, false);
    await this.loadTvLinks();
  }

  /** Revokes a wallboard link; its screen stops at its next refresh. */
  async revokeTvLink(id: string): Promise<void> {
    await this.#act(() => this.#options.request("DELETE", `/supervision/tv-links/${id}`), false);
    await this.loadTvLinks();
  }

  /** Moves a waiting caller to another queue. */
  async moveCall(callId: string, queueId: number): Promise<void> {
    await this.#act(() =>
      this.#options.request("POST", `/calls/${callId}/move`, { queue_id: queueId })
    );
  }

  /** Puts a waiting caller ahead of the others. */
  async raisePriority(callId: string): Promise<void> {
    await this.#act(() =>
      this.#options.request("POST", `/calls/${callId}/priority`, { priority: 100 })
    );
  }

  /** Takes a waiting caller out of the queue to leave a message in its voicemail box. */
  async sendToVoicemail(callId: string): Promise<void> {
    await this.#act(() => this.#options.request("POST", `/calls/${callId}/voicemail`, {}));
  }

  /** Loads an agent's skills today for the dialog that edits them. */
  async openDaySkills(agentId: number, name: string): Promise<void> {
    try {
      const [today, all] = await Promise.all([
        this.#options.request<{ skills: Omit<DaySkillsView, "name" | "all" | "agent_id"> }>(
          "GET",
          `/agents/${agentId}/skills/today`,
        ),
        this.#options.request<{ skills: { name: string }[] }>("GET", "/skills"),
      ]);
      this.#daySkills = {
        agent_id: agentId,
        name,
        skills: today.skills.skills,
        all: all.skills.map((s) => s.name),
        expires_at: today.skills.expires_at,
      };
      this.#error = null;
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error);
    }
    this.#host.requestUpdate();
  }

  closeDaySkills(): void {
    this.#daySkills = null;
    this.#host.requestUpdate();
  }

  /** Sets the agent's levels for the rest of the day; an empty list goes back to standing. */
  async saveDaySkills(
    agentId: number,
    skills: readonly { skill: string; level: number }[],
  ): Promise<void> {
    await this.#act(() =>
      this.#options.request("PUT", `/agents/${agentId}/skills/today`, { skills })
    );
    if (this.#error === null) this.closeDaySkills();
  }

  /** Takes a waiting caller out of the queue; they are called back instead. */
  async sendToCallback(callId: string): Promise<void> {
    await this.#act(() => this.#options.request("POST", `/calls/${callId}/callback`));
  }

  async #act(fn: () => Promise<unknown>, reload = true): Promise<void> {
    let refused: string | null = null;
    try {
      await fn();
      this.#error = null;
    } catch (error) {
      refused = error instanceof Error ? error.message : String(error);
    }
    if (reload) await this.load();
    // A refusal (a team lead acting outside their team) outlives the reload after it.
    if (refused !== null) this.#error = refused;
    this.#host.requestUpdate();
  }
}
