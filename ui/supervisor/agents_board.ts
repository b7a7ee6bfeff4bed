import { css, html, LitElement, nothing } from "lit";
import { formatClock } from "../agent/agent_state_rules.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import type { MonitorMode, MonitorSession } from "./monitor_controller.ts";
import type { AgentRow, QueueFigures } from "./supervision_controller.ts";

const STATES = ["ready", "on_call", "ringing", "wrap_up", "not_ready", "logged_out"] as const;
const MODES: readonly [MonitorMode, MessageKey][] = [
  ["listen", "supervisor.monitor.listen"],
  ["whisper", "supervisor.monitor.whisper"],
  ["barge", "supervisor.monitor.barge"],
];

/**
 * One row per agent: state and reason with time in state, current call with
 * Listen/Whisper/Barge/Take over, today's calls, AHT and ACW; filters by state
 * and queue; a supervisor can change an agent's state.
 *
 * @fires agent-state - `{ id, state }` the supervisor set an agent's state
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
    const rows = this.agents.filter((a) =>
      (!this.stateFilter || a.state === this.stateFilter) &&
      (!this.queueFilter || a.queue_ids.includes(Number(this.queueFilter)))
    );
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
        <th scope="row">${a.name} <small>${a.extension ?? ""}</small></th>
        <td>
          <span class="state" data-state=${a.state}>${t(
            `supervisor.state.${a.state}` as MessageKey,
          )}</span>
          ${a.reason ? html`<small>${a.reason}</small>` : nothing}
        </td>
        <td class="num">${formatClock(inState)}</td>
        <td>${a.call_id ? this.renderCall(a.call_id) : "—"}</td>
        <td class="num">${a.today.calls}</td>
        <td class="num">${a.today.aht_s === null
          ? "—"
          : formatClock(Math.round(a.today.aht_s))}</td>
        <td class="num">${a.today.avg_acw_s === null
          ? "—"
          : formatClock(Math.round(a.today.avg_acw_s))}</td>
        <td>
          <select
            data-testid="agent-set-state"
            aria-label=${t("supervisor.changeStateOf", { name: a.name })}
            @change=${(e: Event) => this.onSetState(a, e)}
          >
            <option value="">…</option>
            <option value="ready">${t("supervisor.state.ready")}</option>
            <option value="not_ready">${t("supervisor.state.not_ready")}</option>
            <option value="logged_out">${t("supervisor.state.logged_out")}</option>
          </select>
        </td>
      </tr>
    `;
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

  private onSetState(agent: AgentRow, event: Event): void {
    const select = event.target as HTMLSelectElement;
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
