import { css, html, LitElement } from "lit";
import { formatClock } from "../agent/agent_state_rules.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import {
  currentLongestWait,
  figureLevel,
  type Limits,
  limitsFor,
  type QueueThresholds,
} from "./figure_levels.ts";
import type { AlertRow, QueueFigures } from "./supervision_controller.ts";

const AGENT_STATES: readonly [string, MessageKey][] = [
  ["ready", "supervisor.state.ready"],
  ["on_call", "supervisor.state.on_call"],
  ["wrap_up", "supervisor.state.wrap_up"],
  ["not_ready", "supervisor.state.not_ready"],
];

/**
 * One tile per queue: calls waiting, longest wait, service level, ASA,
 * abandon rate, answered, and agents by state; figures past the queue's
 * thresholds are coloured (and say so in words for screen readers), and a
 * queue with an alert is outlined. With `tv` set it fills a wall screen with
 * large type.
 */
export class CcQueueWallboard extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .tiles {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr));
        gap: 0.75rem;
      }
      section {
        padding: 0.75rem 0.875rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius-lg);
        background: var(--cc-surface);
        box-shadow: var(--cc-shadow);
      }
      h3 {
        margin: 0 0 0.5rem;
        font-size: 1rem;
      }
      dl {
        display: grid;
        grid-template-columns: repeat(3, minmax(0, 1fr));
        gap: 0.375rem 0.5rem;
        margin: 0;
      }
      dt {
        color: var(--cc-text-muted);
        font-size: 0.75rem;
      }
      dd {
        margin: 0;
        font-size: 1.25rem;
        font-weight: 650;
        font-variant-numeric: tabular-nums;
      }
      [data-level="warn"] dd {
        color: var(--cc-warning-text);
      }
      [data-level="alarm"] dd {
        color: var(--cc-danger-text);
      }
      [data-level="alarm"] {
        background: var(--cc-danger-soft);
        border-radius: var(--cc-radius);
      }
      .agents {
        display: flex;
        flex-wrap: wrap;
        gap: 0.375rem;
        margin: 0.5rem 0 0;
        padding: 0;
        list-style: none;
        font-size: 0.8125rem;
        color: var(--cc-text-muted);
      }
      .agents strong {
        color: var(--cc-text);
      }
      section[data-alert] {
        border: 2px solid var(--cc-danger-text);
      }
      :host([tv]) .tiles {
        grid-template-columns: minmax(0, 1fr);
      }
      :host([tv]) section {
        padding: 2vh 3vw;
      }
      :host([tv]) h3 {
        font-size: 6vh;
        margin-bottom: 2vh;
      }
      :host([tv]) dl {
        gap: 3vh 2vw;
      }
      :host([tv]) dt {
        font-size: 3vh;
      }
      :host([tv]) dd {
        font-size: 10vh;
        line-height: 1.1;
      }
      :host([tv]) .agents {
        gap: 2vw;
        margin-top: 3vh;
        font-size: 4vh;
      }
    `,
  ];

  static override properties = {
    queues: { attribute: false },
    thresholds: { attribute: false },
    alerts: { attribute: false },
    tv: { type: Boolean, reflect: true },
    now: { state: true },
  };

  /** The queues to show. */
  declare queues: readonly QueueFigures[];
  /** Each queue's thresholds by queue id; queues without get the defaults. */
  declare thresholds: ReadonlyMap<number, QueueThresholds>;
  /** Alerts that hold, to mark the queues they are about. */
  declare alerts: readonly AlertRow[];
  /** Large type for a wall screen. */
  declare tv: boolean;
  declare private now: number;

  private readonly i18n = new I18nController(this);
  #tick: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.queues = [];
    this.thresholds = new Map();
    this.alerts = [];
    this.tv = false;
    this.now = Date.now();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The longest wait grows by the second between updates while callers wait.
    this.#tick = setInterval(() => {
      if (this.queues.some((q) => q.calls_waiting > 0)) this.now = Date.now();
    }, 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#tick);
  }

  override render() {
    if (this.queues.length === 0) {
      return html`<p>${t("supervisor.noQueues")}</p>`;
    }
    return html`<div class="tiles">${this.queues.map((q) => this.renderQueue(q))}</div>`;
  }

  private renderQueue(q: QueueFigures) {
    const limits = limitsFor(this.thresholds.get(q.queue_id));
    const longestWait = currentLongestWait(q, Math.max(this.now, Date.now()));
    const alerted = this.alerts.some((a) => a.queue_id === q.queue_id);
    return html`
      <section data-testid="wallboard-queue" data-queue=${q.name} aria-label=${q.name}
        ?data-alert=${alerted}>
        <h3>${q.name}</h3>
        <dl>
          ${this.figure(
            "waiting",
            "supervisor.figure.waiting",
            q.calls_waiting,
            String(q.calls_waiting),
            limits.waiting,
          )}
          ${this.figure(
            "longest-wait",
            "supervisor.figure.longestWait",
            longestWait,
            formatClock(longestWait),
            limits.longestWait,
          )}
          ${this.figure(
            "service-level",
            "supervisor.figure.serviceLevel",
            q.service_level,
            q.service_level === null ? "—" : `${q.service_level}%`,
            limits.serviceLevel,
          )}
          ${this.figure(
            "asa",
            "supervisor.figure.asa",
            q.asa_s,
            q.asa_s === null ? "—" : formatClock(Math.round(q.asa_s)),
            limits.asa,
          )}
          ${this.figure(
            "abandon-rate",
            "supervisor.figure.abandonRate",
            q.abandon_rate,
            q.abandon_rate === null ? "—" : `${q.abandon_rate}%`,
            limits.abandonRate,
          )}
          ${this.figure("answered", "supervisor.figure.answered", null, String(q.answered))}
        </dl>
        <ul class="agents" aria-label=${t("supervisor.agentsByState")}>
          ${AGENT_STATES.map(([state, key]) =>
            html`<li data-testid="wallboard-agents" data-state=${state}>
              ${t(key)} <strong>${q.agents[state] ?? 0}</strong>
            </li>`
          )}
        </ul>
      </section>
    `;
  }

  private figure(
    id: string,
    label: MessageKey,
    value: number | null,
    shown: string,
    limits?: Limits,
  ) {
    const level = limits ? figureLevel(value, limits) : "ok";
    return html`
      <div data-testid=${`figure-${id}`} data-level=${level}>
        <dt>${t(label)}</dt>
        <dd>${shown}${level === "ok"
          ? ""
          : html`<span class="visually-hidden"> (${t(`supervisor.level.${level}`)})</span>`}</dd>
      </div>
    `;
  }
}

customElements.define("cc-queue-wallboard", CcQueueWallboard);

declare global {
  interface HTMLElementTagNameMap {
    "cc-queue-wallboard": CcQueueWallboard;
  }
}
