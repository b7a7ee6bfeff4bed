import { css, html, LitElement, nothing } from "lit";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { icons } from "../common/icons.ts";
import { baseStyles } from "../common/styles.ts";
import type { Availability } from "./agent_state_controller.ts";
import {
  type ActionRule,
  type AgentSnapshot,
  type AgentState,
  formatClock,
  NOT_READY_REASONS,
  type NotReadyReason,
  reasonOverrun,
  secondsLeft,
  stateActions,
} from "./agent_state_rules.ts";
import { deskStyles } from "./desk_styles.ts";

const STATE_LABELS: Record<AgentState, MessageKey> = {
  logged_out: "state.logged_out",
  ready: "state.ready",
  not_ready: "state.not_ready",
  ringing: "state.ringing",
  on_call: "state.on_call",
  wrap_up: "state.wrap_up",
};

/** The label of a not-ready reason; reasons the UI does not know are shown as given. */
function reasonLabel(reason: string): string {
  if (reason === "login") return t("reason.login");
  return (NOT_READY_REASONS as readonly string[]).includes(reason)
    ? t(`reason.${reason as NotReadyReason}`)
    : reason;
}

/**
 * The agent's ACD state across the top of the desktop: the current state
 * (with the not-ready reason or the wrap-up countdown), the buttons to change
 * it under the ACD's rules, and today's own figures (calls, average handle
 * time, average after-call work).
 *
 * @fires state-request - `detail.state` is `"ready"`, `"not_ready"` (with `detail.reason`) or
 *   `"logged_out"`.
 * @fires wrap-up-extend - The agent asked for 30 more seconds of wrap-up.
 */
export class CcStateBar extends LitElement {
  static override styles = [
    baseStyles,
    deskStyles,
    css`
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.625rem 1rem;
        padding: 0.625rem 0.875rem;
      }
      .state {
        display: inline-flex;
        align-items: center;
        gap: 0.5rem;
        min-width: 10.5rem;
        padding: 0.375rem 0.75rem;
        border-radius: 999px;
        background: var(--cc-surface-muted);
        border: 1px solid var(--cc-border);
        font-weight: 650;
        white-space: nowrap;
      }
      .state .dot {
        width: 0.625rem;
        height: 0.625rem;
        border-radius: 50%;
        background: var(--cc-text-subtle);
      }
      .state[data-state="ready"] {
        border-color: transparent;
        background: var(--cc-success-soft);
        color: var(--cc-success);
      }
      .state[data-state="ready"] .dot {
        background: var(--cc-success);
      }
      .state[data-state="not_ready"] {
        border-color: var(--cc-danger-border);
        background: var(--cc-danger-soft);
        color: var(--cc-danger-text);
        font-variant-numeric: tabular-nums;
      }
      .state[data-state="not_ready"] .dot {
        background: var(--cc-danger);
      }
      .state[data-state="ringing"],
      .state[data-state="on_call"] {
        border-color: var(--cc-info-border);
        background: var(--cc-info-soft);
        color: var(--cc-info-text);
      }
      .state[data-state="ringing"] .dot,
      .state[data-state="on_call"] .dot {
        background: var(--cc-accent);
      }
      .state[data-state="wrap_up"] {
        border-color: var(--cc-warning-border);
        background: var(--cc-warning-soft);
        color: var(--cc-warning-text);
      }
      .state[data-state="wrap_up"] .dot {
        background: var(--cc-warning);
      }
      .state .detail {
        font-weight: 500;
      }
      .countdown {
        font-family: var(--cc-font-mono);
        font-variant-numeric: tabular-nums;
      }
      .overrun {
        padding: 0.0625rem 0.5rem;
        border: 1px solid var(--cc-danger-border);
        border-radius: 999px;
        background: var(--cc-danger-soft);
        color: var(--cc-danger-text);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.375rem;
      }
      .reason {
        width: auto;
        min-height: 2rem;
        padding: 0.25rem 0.375rem;
        font-size: 0.8125rem;
      }
      .figures {
        display: flex;
        gap: 1.25rem;
        margin: 0 0 0 auto;
      }
      .figures div {
        display: grid;
        line-height: 1.2;
      }
      .figures dt {
        color: var(--cc-text-muted);
        font-size: 0.6875rem;
        font-weight: 600;
        letter-spacing: 0.03em;
        text-transform: uppercase;
      }
      .figures dd {
        margin: 0;
        font-size: 1rem;
        font-weight: 650;
        font-variant-numeric: tabular-nums;
      }
      .note {
        display: inline-flex;
        align-items: center;
        gap: 0.375rem;
        color: var(--cc-text-muted);
        font-size: 0.8125rem;
      }
      .note.error {
        color: var(--cc-danger-text);
      }
    `,
  ];

  static override properties = {
    agent: { attribute: false },
    availability: { type: String },
    pending: { type: Boolean },
    error: { type: String },
    dispositionRequired: { type: Boolean },
    dispositionSaved: { type: Boolean },
    reason: { state: true },
    now: { state: true },
  };

  /** The agent's state and figures, once loaded. */
  declare agent: AgentSnapshot | null;
  /** Whether the agent-state API answered. */
  declare availability: Availability;
  /** A change is being sent. */
  declare pending: boolean;
  /** The last failed change's message. */
  declare error: string | null;
  /** The queue wants a disposition before wrap-up may end. */
  declare dispositionRequired: boolean;
  /** The disposition has been saved. */
  declare dispositionSaved: boolean;
  declare private reason: NotReadyReason;
  declare private now: number;

  private readonly i18n = new I18nController(this);
  #tick: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.agent = null;
    this.availability = "loading";
    this.pending = false;
    this.error = null;
    this.dispositionRequired = true;
    this.dispositionSaved = false;
    this.reason = "break";
    this.now = Date.now();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#tick = setInterval(() => {
      const agent = this.agent;
      if (agent?.state === "wrap_up" || (agent?.state === "not_ready" && agent.reason_limit_s)) {
        this.now = Date.now();
      }
    }, 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#tick);
  }

  override render() {
    return html`
      <section class="card bar" data-testid="state-bar" aria-label=${t("stateBar.label")}>
        ${this.renderBody()}
      </section>
    `;
  }

  private renderBody() {
    const agent = this.agent;
    if (this.availability === "missing" || (!agent && this.availability === "error")) {
      return html`
        <span class="state" data-testid="agent-state" data-state="unknown">
          <span class="dot" aria-hidden="true"></span>${t("stateBar.unknown")}
        </span>
        <span class="note" data-testid="state-unavailable" role="status">
          ${icons.info(16)}${this.availability === "missing"
            ? t("stateBar.unavailable")
            : t("stateBar.loadFailed")}
        </span>
      `;
    }
    if (!agent) {
      return html`<span class="note" role="status">${t("app.loading")}</span>`;
    }
    const rules = stateActions({
      state: agent.state,
      dispositionRequired: this.dispositionRequired,
      dispositionSaved: this.dispositionSaved,
    });
    const left = agent.state === "wrap_up" ? secondsLeft(agent.wrap_up_ends_at, this.now) : null;
    const over = reasonOverrun(agent, this.now);
    return html`
      <span
        class="state"
        data-testid="agent-state"
        data-state=${agent.state}
        role="status"
        aria-live="polite"
      >
        <span class="dot" aria-hidden="true"></span>
        <span>${t(STATE_LABELS[agent.state])}</span>
        ${agent.state === "not_ready" && agent.reason
          ? html`<span class="detail">· ${reasonLabel(agent.reason)}</span>`
          : nothing} ${over !== null && agent.reason_limit_s
          ? html`
            <span class="detail overrun" data-testid="reason-overrun">${t(
              "reasons.overrun",
              {
                time: formatClock(over),
                limit: formatClock(agent.reason_limit_s),
              },
            )}</span>
          `
          : nothing} ${left !== null
          ? html`
            <span class="detail countdown" data-testid="wrap-up-countdown"
              aria-label=${t("stateBar.wrapUpLeft", { time: formatClock(left) })}
            >${formatClock(left)}</span>
          `
          : nothing}
      </span>
      <div class="actions">
        ${this.renderButton(
          rules.ready,
          "state-ready",
          t("stateBar.goReady"),
          "primary",
          () => this.request("ready"),
        )}
        <label class="visually-hidden" for="reason">${t("stateBar.reason")}</label>
        <select
          id="reason"
          class="reason"
          data-testid="state-reason"
          .value=${this.reason}
          ?disabled=${!rules.notReady.enabled || this.pending}
          @change=${this.onReason}
        >
          ${NOT_READY_REASONS.map((r) =>
            html`<option value=${r} ?selected=${r === this.reason}>${t(`reason.${r}`)}</option>`
          )}
        </select>
        ${this.renderButton(
          rules.notReady,
          "state-not-ready",
          rules.notReady.deferred ? t("stateBar.notReadyAfter") : t("stateBar.goNotReady"),
          "",
          () => this.request("not_ready"),
        )} ${rules.extendWrapUp
          ? html`
            <button
              class="button small"
              type="button"
              data-testid="wrap-up-extend"
              ?disabled=${this.pending}
              @click=${this.onExtend}
            >${icons.clock(16)}${t("stateBar.extend")}</button>
          `
          : nothing} ${this.renderButton(
            rules.logout,
            "state-logout",
            rules.logout.deferred ? t("stateBar.logOutAfter") : t("stateBar.logOut"),
            "",
            () => this.request("logged_out"),
          )}
      </div>
      ${this.error
        ? html`<span class="note error" role="alert" data-testid="state-error">
          ${icons.alert(16)}${this.error}</span>`
        : rules.ready.hint === "stateBar.hint.dispositionFirst"
        ? html`<span class="note" data-testid="state-hint">${icons.info(16)}${
          t(
            rules.ready.hint,
          )
        }</span>`
        : nothing}
      <dl class="figures" aria-label=${t("stateBar.today")}>
        <div>
          <dt>${t("stateBar.calls")}</dt>
          <dd data-testid="today-calls">${agent.today.calls}</dd>
        </div>
        <div>
          <dt title=${t("stateBar.ahtLong")}>${t("stateBar.aht")}</dt>
          <dd data-testid="today-aht">${formatClock(agent.today.aht_s)}</dd>
        </div>
        <div>
          <dt title=${t("stateBar.acwLong")}>${t("stateBar.acw")}</dt>
          <dd data-testid="today-acw">${formatClock(agent.today.acw_s)}</dd>
        </div>
      </dl>
    `;
  }

  private renderButton(
    rule: ActionRule,
    testId: string,
    label: string,
    kind: string,
    onClick: () => void,
  ) {
    return html`
      <button
        class="button small ${kind}"
        type="button"
        data-testid=${testId}
        ?disabled=${!rule.enabled || this.pending}
        title=${rule.hint ? t(rule.hint) : nothing}
        @click=${onClick}
      >
        ${label}
      </button>
    `;
  }

  private onReason(event: Event): void {
    this.reason = (event.target as HTMLSelectElement).value as NotReadyReason;
  }

  private request(state: "ready" | "not_ready" | "logged_out"): void {
    this.dispatchEvent(
      new CustomEvent("state-request", {
        detail: state === "not_ready" ? { state, reason: this.reason } : { state },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private onExtend(): void {
    this.dispatchEvent(new CustomEvent("wrap-up-extend", { bubbles: true, composed: true }));
  }
}

customElements.define("cc-state-bar", CcStateBar);

declare global {
  interface HTMLElementTagNameMap {
    "cc-state-bar": CcStateBar;
  }
}
