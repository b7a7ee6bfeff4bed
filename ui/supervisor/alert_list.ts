import { css, html, LitElement, nothing } from "lit";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import { alertText } from "./alert_text.ts";
import type { AlertRow } from "./supervision_controller.ts";

/**
 * The alerts that hold now, one line each, worst kinds first (trunks and a lost
 * standby, then waits, service level, replication lag, agents). Read by screen readers as a polite live list.
 */
export class CcAlertList extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      ul {
        display: grid;
        gap: 0.375rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      li {
        padding: 0.375rem 0.625rem;
        border-left: 4px solid var(--cc-danger-text);
        border-radius: var(--cc-radius);
        background: var(--cc-danger-soft);
        font-weight: 600;
      }
      li[data-kind="agent_state"],
      li[data-kind="service_level"],
      li[data-kind="replication_lag"] {
        border-left-color: var(--cc-warning-text);
        background: var(--cc-warning-soft);
      }
      p {
        margin: 0;
        color: var(--cc-text-muted);
      }
    `,
  ];

  static override properties = {
    alerts: { attribute: false },
    announced: { attribute: false },
  };

  /** The alerts to show. */
  declare alerts: readonly AlertRow[];
  /**
   * The alert the page's notice shows now (its key): left out here so a raised alert is
   * shown once; it joins the list when the notice is dismissed.
   */
  declare announced: string | null;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.alerts = [];
    this.announced = null;
  }

  override render() {
    if (this.alerts.length === 0) {
      return html`<p data-testid="no-alerts">${t("supervisor.noAlerts")}</p>`;
    }
    const order = [
      "trunk_down",
      "mailbox_down",
      "standby_lost",
      "long_wait",
      "service_level",
      "replication_lag",
      "agent_state",
      "case_breached",
    ];
    const sorted = this.alerts.filter((a) => a.key !== this.announced)
      .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
    if (sorted.length === 0) return nothing;
    return html`
      <ul aria-live="polite">
        ${sorted.map((a) =>
          html`<li data-testid="alert" data-kind=${a.kind} data-key=${a.key}>${alertText(a)}</li>`
        )}
      </ul>
    `;
  }
}

customElements.define("cc-alert-list", CcAlertList);

declare global {
  interface HTMLElementTagNameMap {
    "cc-alert-list": CcAlertList;
  }
}
