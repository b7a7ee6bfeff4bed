import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import type { QueueThresholds } from "./figure_levels.ts";
import type { QueueFigures } from "./supervision_controller.ts";

type Rising = "longest_wait_s" | "waiting" | "abandon_rate" | "asa_s";
const RISING: readonly [Rising, MessageKey][] = [
  ["waiting", "supervisor.figure.waiting"],
  ["longest_wait_s", "supervisor.figure.longestWait"],
  ["asa_s", "supervisor.figure.asa"],
  ["abandon_rate", "supervisor.figure.abandonRate"],
];
const STATES = ["not_ready", "wrap_up", "on_call"] as const;

/**
 * A supervisor's form for one queue's thresholds: service-level target and
 * red line, amber and red levels of the other figures, and how long an agent
 * may stay in a state before an alert. The server validates; its refusal is
 * shown by the page.
 *
 * @fires thresholds-save - `QueueThresholds` the supervisor saved
 */
export class CcThresholdEditor extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: grid;
        gap: 0.5rem;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
        gap: 0.5rem 0.75rem;
      }
      label {
        display: grid;
        gap: 0.125rem;
        font-size: 0.8125rem;
        color: var(--cc-text-muted);
      }
      input,
      select {
        min-height: 2rem;
        padding: 0.25rem 0.5rem;
        border: 1px solid var(--cc-border-strong);
        border-radius: var(--cc-radius);
        background: var(--cc-surface);
        color: var(--cc-text);
        font: inherit;
      }
      .saved {
        color: var(--cc-success);
      }
    `,
  ];

  static override properties = {
    queues: { attribute: false },
    thresholds: { attribute: false },
    saved: { type: Boolean },
    queueId: { state: true },
  };

  declare queues: readonly QueueFigures[];
  declare thresholds: ReadonlyMap<number, QueueThresholds>;
  /** Shows "saved" after the last save went through. */
  declare saved: boolean;
  declare private queueId: number | null;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.queues = [];
    this.thresholds = new Map();
    this.saved = false;
    this.queueId = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("queues") && this.queueId === null && this.queues.length > 0) {
      this.queueId = this.queues[0].queue_id;
    }
  }

  override render() {
    const current = this.queueId === null ? undefined : this.thresholds.get(this.queueId);
    if (!current) return nothing;
    return html`
      <form data-testid="threshold-form" @submit=${this.onSubmit}>
        <label>${t("supervisor.col.queue")}
          <select name="queue" data-testid="threshold-queue" @change=${this.onQueue}>
            ${this.queues.map((q) =>
              html`<option value=${q.queue_id} ?selected=${
                q.queue_id === this.queueId
              }>${q.name}</option>`
            )}
          </select>
        </label>
        <div class="grid">
          ${this.number(
            "sl_target",
            t("supervisor.thresholds.slTarget"),
            current.service_level.target,
            100,
          )}
          ${this.number(
            "sl_alarm",
            t("supervisor.thresholds.slAlarm"),
            current.service_level.alarm,
            100,
          )}
          ${RISING.map(([key, label]) =>
            html`${
              this.number(
                `${key}_warn`,
                t("supervisor.thresholds.warn", { figure: t(label) }),
                current[key].warn,
              )
            }${
              this.number(
                `${key}_alarm`,
                t("supervisor.thresholds.alarm", { figure: t(label) }),
                current[key].alarm,
              )
            }`
          )}
          ${STATES.map((state) =>
            this.number(
              `state_${state}`,
              t("supervisor.thresholds.stateLimit", {
                state: t(`supervisor.state.${state}`),
              }),
              current.agent_state_s[state],
            )
          )}
        </div>
        <div>
          <button type="submit" class="button" data-testid="threshold-save">${t(
            "supervisor.thresholds.save",
          )}</button>
          ${this.saved
            ? html`<span class="saved" role="status">${t("supervisor.thresholds.saved")}</span>`
            : nothing}
        </div>
      </form>
    `;
  }

  private number(name: string, label: string, value: number, max = 86_400) {
    return html`<label>${label}<input type="number" name=${name} data-testid=${`threshold-${name}`}
      min="0" max=${max} step="1" required .value=${String(value)}></label>`;
  }

  private onQueue(event: Event): void {
    this.queueId = Number((event.target as HTMLSelectElement).value);
    this.saved = false;
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    if (this.queueId === null) return;
    const form = new FormData(event.target as HTMLFormElement);
    const n = (name: string) => Number(form.get(name));
    const pair = (key: Rising) => ({ warn: n(`${key}_warn`), alarm: n(`${key}_alarm`) });
    const thresholds: QueueThresholds = {
      queue_id: this.queueId,
      service_level: { target: n("sl_target"), alarm: n("sl_alarm") },
      longest_wait_s: pair("longest_wait_s"),
      waiting: pair("waiting"),
      abandon_rate: pair("abandon_rate"),
      asa_s: pair("asa_s"),
      agent_state_s: {
        not_ready: n("state_not_ready"),
        wrap_up: n("state_wrap_up"),
        on_call: n("state_on_call"),
      },
    };
    this.dispatchEvent(
      new CustomEvent("thresholds-save", { detail: thresholds, bubbles: true, composed: true }),
    );
  }
}

customElements.define("cc-threshold-editor", CcThresholdEditor);

declare global {
  interface HTMLElementTagNameMap {
    "cc-threshold-editor": CcThresholdEditor;
  }
}
