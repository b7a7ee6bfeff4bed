import { css, html, LitElement, nothing } from "lit";
import { formatClock } from "../agent/agent_state_rules.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import { AGENT_SORTS, agentRows, type AgentSort, teamsOf } from "./agent_rows.ts";
import type { MonitorMode, MonitorSession } from "./monitor_controller.ts";
import type { AgentRow, QueueFigures } from "./supervision_controller.ts";

const STATES = ["ready", "on_call", "ringing", "wrap_up", "not_ready", "logged_out"] as const;
const MODES: readonly [MonitorMode, MessageKey][] = [
  ["listen", "supervisor.monitor.listen"],
  ["whisper", "supervisor.monitor.whisper"],
  ["barge", "supervisor.monitor.barge"],
];

/**
 * One row per agent: team, state and reason with time in state, current call
 * (caller, customer, talk time) with Listen/Whisper/Barge/Take over, today's
 * calls, AHT and ACW; filters by state, queue and team and a choice of order;
 * a supervisor can change an agent's state or log them out of the queues, and set
 * their skill levels for the day. A state is chosen, then applied with its button, so
 * moving through the choices with the keyboard changes nothing.
 *
 * @fires agent-state - `{ id, state }` the supervisor set an agent's state
 * @fires day-skills-request - `{ id, name }` the supervisor opens an agent's skills for today
 * @fires monitor-request - `{ callId, mode }` listen, whisper or barge on a call
 * @fires take-over - the supervisor takes the monitored call over
 */
export class CcAgentsBoard extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .filters {
        display: flex;
        gap: 0.75rem;
        margin: 0 0 0.5rem;
        font-size: 0.875rem;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 0.875rem;
      }
      th,
      td {
        padding: 0.375rem 0.5rem;
        border-bottom: 1px solid var(--cc-border);
        text-align: left;
        vertical-align: middle;
      }
      th {
        color: var(--cc-text-muted);
        font-weight: 600;
      }
      td.num {
        font-variant-numeric: tabular-nums;
      }
      .state {
        display: inline-block;
        padding: 0.125rem 0.5rem;
        border-radius: 999px;
        background: var(--cc-surface-muted);
      }
      .state[data-state="ready"] {
        background: var(--cc-success-soft);
      }
      .state[data-state="on_call"],
      .state[data-state="ringing"] {
        background: var(--cc-info-soft);
      }
      .state[data-state="not_ready"] {
        background: var(--cc-warning-soft);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
      }
      .actions button,
      select {
        min-height: 2rem;
        padding: 0.25rem 0.5rem;
        border: 1px solid var(--cc-border-strong);
        border-radius: var(--cc-radius);
        background: var(--cc-surface);
        color: var(--cc-text);
        font: inherit;
        cursor: pointer;
      }
      .actions button[aria-pressed="true"] {
        background: var(--cc-accent);
        border-color: var(--cc-accent);
        color: var(--cc-on-accent);
      }
    `,
  ];

  static override properties = {
    agents: { attribute: false },
    queues: { attribute: false },
    monitor: { attribute: false },
    busy: { type: Boolean },
    now: { state: true },
    stateFilter: { state: true },
    queueFilter: { state: true },
    teamFilter: { state: true },
    sort: { state: true },
  };

  declare agents: readonly AgentRow[];
  declare queues: readonly QueueFigures[];
  /** The supervisor's monitoring session, if any. */
  declare monitor: MonitorSession | null;
  /** True while a monitoring request is under way. */
  declare busy: boolean;
  declare private now: number;
  declare private stateFilter: string;
  declare private queueFilter: string;
  declare private teamFilter: string;
  declare private sort: AgentSort;

  private readonly i18n = new I18nController(this);
  #tick: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.agents = [];
    this.queues = [];
    this.monitor = null;
    this.busy = false;
    this.now = Date.now();
    this.stateFilter = "";
    this.queueFilter = "";
    this.teamFilter = "";
    this.sort = "name";
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#tick = setInterval(() => this.now = Date.now(), 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#tick);
  }

  override render() {
    const rows = agentRows(
      this.agents,
      { state: this.stateFilter, queue: this.queueFilter, team: this.teamFilter },
      this.sort,
      this.now,
    );
    const teams = teamsOf(this.agents);
    return html`
      <div class="filters">
        <label>${t("supervisor.filter.state")}
          <select data-testid="filter-state" @change=${(e: Event) =>
            this.stateFilter = (e.target as HTMLSelectElement).value}>
            <option value="">${t("supervisor.filter.all")}</option>
            ${STATES.map((s) => html`<option value=${s}>${t(`supervisor.state.${s}`)}</option>`)}
          </select>
        </label>
        <label>${t("supervisor.filter.queue")}
          <select data-testid="filter-queue" @change=${(e: Event) =>
            this.queueFilter = (e.target as HTMLSelectElement).value}>
            <option value="">${t("supervisor.filter.all")}</option>
            ${this.queues.map((q) => html`<option value=${q.queue_id}>${q.name}</option>`)}
          </select>
        </label>
        ${teams.length > 0
          ? html`<label>${t("supervisor.filter.team")}
            <select data-testid="filter-team" @change=${(e: Event) =>
            this.teamFilter = (e.target as HTMLSelectElement).value}>
              <option value="">${t("supervisor.filter.all")}</option>
              ${teams.map((team) => html`<option value=${team.id}>${team.name}</option>`)}
            </select>
          </label>`
          : nothing}
        <label>${t("supervisor.sort")}
          <select data-testid="agents-sort" @change=${(e: Event) =>
            this.sort = (e.target as HTMLSelectElement).value as AgentSort}>
            ${AGENT_SORTS.map((s) =>
              html`<option value=${s} ?selected=${s === this.sort}>${
                t(
                  `supervisor.sort.${s}` as MessageKey,
                )
              }</option>`
            )}
          </select>
        </label>
      </div>
      <table data-testid="agents-board">
        <thead>
          <tr>
            <th scope="col">${t("supervisor.col.agent")}</th>
            <th scope="col">${t("supervisor.col.state")}</th>
            <th scope="col">${t("supervisor.col.time")}</th>
            <th scope="col">${t("supervisor.col.call")}</th>
            <th scope="col">${t("supervisor.col.calls")}</th>
            <th scope="col">${t("supervisor.col.aht")}</th>
            <th scope="col">${t("supervisor.col.acw")}</th>
            <th scope="col">${t("supervisor.col.change")}</th>
          </tr>
        </thead>
        <tbody>${rows.map((a) => this.renderRow(a))}</tbody>
      </table>
    `;
  }

  private renderRow(a: AgentRow) {
    const inState = Math.max(0, Math.round((this.now - Date.parse(a.since)) / 1000));
    return html`
      <tr data-testid="agent-row" data-agent=${a.username} data-state=${a.state}>
        <th scope="row">${a.name} <small>${a.extension ?? ""}</small>${a.team
          ? html`<br><small class="team">${a.team}</small>`
          : nothing}</th>
        <td>
          <span class="state" data-state=${a.state}>${t(
            `supervisor.state.${a.state}` as MessageKey,
          )}</span>
          ${a.reason ? html`<small>${a.reason}</small>` : nothing}
        </td>
        <td class="num">${formatClock(inState)}</td>
        <td>${a.call_id ? html`${this.renderCaller(a)}${this.renderCall(a.call_id)}` : "—"}</td>
        <td class="num">${a.today.calls}</td>
        <td class="num">${a.today.aht_s === null
          ? "—"
          : formatClock(Math.round(a.today.aht_s))}</td>
        <td class="num">${a.today.avg_acw_s === null
          ? "—"
          : formatClock(Math.round(a.today.avg_acw_s))}</td>
        <td>
          <div class="actions">
            <select
              data-testid="agent-set-state"
              id=${`state-${a.id}`}
              aria-label=${t("supervisor.changeStateOf", { name: a.name })}
            >
              <option value="">…</option>
              <option value="ready">${t("supervisor.state.ready")}</option>
              <option value="not_ready">${t("supervisor.state.not_ready")}</option>
              <option value="logged_out">${t("supervisor.logOutOfQueues")}</option>
            </select>
            <button
              type="button"
              data-testid="agent-apply-state"
              aria-label=${t("supervision.applyStateOf", { name: a.name })}
              @click=${() => this.onSetState(a)}
            >${t("supervision.apply")}</button>
            <button
              type="button"
              data-testid="agent-skills-today"
              aria-haspopup="dialog"
              @click=${() => this.dispatch("day-skills-request", { id: a.id, name: a.name })}
            >${t("supervision.skillsToday")}</button>
          </div>
        </td>
      </tr>
    `;
  }

  private renderCaller(a: AgentRow) {
    const call = a.call;
    if (!call) return nothing;
    const talk = call.answered_at
      ? formatClock(Math.max(0, Math.round((this.now - Date.parse(call.answered_at)) / 1000)))
      : null;
    const queue = this.queues.find((q) => q.queue_id === call.queue_id)?.name;
    return html`<div class="caller" data-testid="agent-caller">
      <strong>${call.customer ?? call.caller ?? "—"}</strong>${
      call.customer && call.caller
        ? html`
          <small>${call.caller}</small>
        `
        : nothing
    }${
      queue
        ? html`
          · <small>${queue}</small>
        `
        : nothing
    }${
      talk
        ? html`
          · <small class="num" aria-label=${t("supervisor.talkTime")}>${talk}</small>
        `
        : nothing
    }
    </div>`;
  }

  private renderCall(callId: string) {
    const session = this.monitor?.call_id === callId ? this.monitor : null;
    return html`
      <div class="actions" role="group" aria-label=${t("supervisor.monitor.label")}>
        ${MODES.map(([mode, key]) =>
          html`
            <button
              type="button"
              data-testid=${`monitor-${mode}`}
              data-call=${callId}
              aria-pressed=${session?.mode === mode && session.state !== "taken_over"
                ? "true"
                : "false"}
              ?disabled=${this.busy || session?.state === "taken_over"}
              @click=${() => this.dispatch("monitor-request", { callId, mode })}
            >${t(key)}</button>
          `
        )}
        <button
          type="button"
          data-testid="monitor-take-over"
          ?disabled=${this.busy || session?.state !== "joined"}
          @click=${() => this.dispatch("take-over", { callId })}
        >${t("supervisor.monitor.takeOver")}</button>
      </div>
    `;
  }

  private onSetState(agent: AgentRow): void {
    const select = this.renderRoot.querySelector<HTMLSelectElement>(`#state-${agent.id}`);
    if (!select) return;
    const state = select.value;
    select.value = "";
    if (state) this.dispatch("agent-state", { id: agent.id, state });
  }

  private dispatch(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

customElements.define("cc-agents-board", CcAgentsBoard);

declare global {
  interface HTMLElementTagNameMap {
    "cc-agents-board": CcAgentsBoard;
  }
}
