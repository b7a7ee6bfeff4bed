import { css, html, LitElement } from "lit";
import { formatClock } from "../agent/agent_state_rules.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import { DEFAULT_LIMITS, figureLevel, type Limits } from "./figure_levels.ts";
import type { QueueFigures } from "./supervision_controller.ts";

const AGENT_STATES: readonly [string, MessageKey][] = [
  ["ready", "supervisor.state.ready"],
  ["on_call", "supervisor.state.on_call"],
  ["wrap_up", "supervisor.state.wrap_up"],
  ["not_ready", "supervisor.state.not_ready"],
];

/**
 * One tile per queue: calls waiting, longest wait, service level, ASA,
 * abandon rate, answered, and agents by state; figures past their limits are
 * coloured (and say so in words for screen readers).
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
    `,
  ];

  static override properties = {
    queues: { attribute: false },
  };

  /** The queues to show. */
  declare queues: readonly QueueFigures[];

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.queues = [];
  }

  override render() {
    if (this.queues.length === 0) {
      return html`<p>${t("supervisor.noQueues")}</p>`;
    }
    return html`<div class="tiles">${this.queues.map((q) => this.renderQueue(q))}</div>`;
  }

  private renderQueue(q: QueueFigures) {
    return html`
      <section data-testid="wallboard-queue" data-queue=${q.name} aria-label=${q.name}>
        <h3>${q.name}</h3>
        <dl>
          ${this.figure(
            "waiting",
            "supervisor.figure.waiting",
            q.calls_waiting,
            String(q.calls_waiting),
            DEFAULT_LIMITS.waiting,
          )}
          ${this.figure(
            "longest-wait",
            "supervisor.figure.longestWait",
            q.longest_wait_s,
            formatClock(q.longest_wait_s),
            DEFAULT_LIMITS.longestWait,
          )}
          ${this.figure(
            "service-level",
            "supervisor.figure.serviceLevel",
            q.service_level,
            q.service_level === null ? "—" : `${q.service_level}%`,
            DEFAULT_LIMITS.serviceLevel,
          )}
          ${this.figure(
            "asa",
            "supervisor.figure.asa",
            q.asa_s,
            q.asa_s === null ? "—" : formatClock(Math.round(q.asa_s)),
            DEFAULT_LIMITS.asa,
          )}
          ${this.figure(
            "abandon-rate",
            "supervisor.figure.abandonRate",
            q.abandon_rate,
            q.abandon_rate === null ? "—" : `${q.abandon_rate}%`,
            DEFAULT_LIMITS.abandonRate,
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
