import { css, html, LitElement } from "lit";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";

/** Agent-state time as `/reports/agent-states` gives it, in ms. */
export interface StateTime {
  by_state: Record<string, number>;
  by_reason: Record<string, number>;
  /** Not-ready time split by each reason's paid flag. */
  breaks?: { paid_ms: number; unpaid_ms: number; total_ms: number };
}

/**
 * Time in each agent state, and in each not-ready reason, over the period, with the
 * not-ready time split into paid and unpaid breaks.
 */
export class CcStateTimeTable extends LitElement {
  static override styles = [
    baseStyles,
    css`
      table {
        border-collapse: collapse;
        font-size: 0.8125rem;
      }
      th,
      td {
        padding: 0.25rem 0.75rem;
        border-bottom: 1px solid var(--cc-border);
        text-align: right;
      }
      th:first-child,
      td:first-child {
        text-align: left;
      }
      h3 {
        font-size: 1rem;
        margin: 0.5rem 0;
      }
    `,
  ];

  static override properties = { time: { attribute: false } };

  declare time: StateTime | null;

  private readonly i18n = new I18nController(this);

  override render() {
    if (!this.time) return html``;
    const hours = (ms: number) => (ms / 3_600_000).toFixed(2);
    const rows = (entries: [string, number][]) =>
      entries.sort((a, b) => b[1] - a[1]).map(([name, ms]) =>
        html`
          <tr>
            <td>${name || "—"}</td>
            <td>${hours(ms)}</td>
          </tr>
        `
      );
    return html`
      <h3>${t("reports.states")}</h3>
      <table data-testid="state-time">
        <thead>
          <tr>
            <th>${t("reports.state")}</th>
            <th>${t("reports.hours")}</th>
          </tr>
        </thead>
        <tbody>${rows(Object.entries(this.time.by_state))}</tbody>
      </table>
      <table data-testid="reason-time">
        <thead>
          <tr>
            <th>${t("reports.reason")}</th>
            <th>${t("reports.hours")}</th>
          </tr>
        </thead>
        <tbody>${rows(Object.entries(this.time.by_reason))}</tbody>
      </table>
      ${this.time.breaks
        ? html`
          <table data-testid="break-time">
            <tbody>
              <tr>
                <th scope="row">${t("reports.breaksPaid")}</th>
                <td>${hours(this.time.breaks.paid_ms)}</td>
              </tr>
              <tr>
                <th scope="row">${t("reports.breaksUnpaid")}</th>
                <td>${hours(this.time.breaks.unpaid_ms)}</td>
              </tr>
            </tbody>
          </table>
        `
        : ""}
    `;
  }
}

customElements.define("cc-state-time-table", CcStateTimeTable);

declare global {
  interface HTMLElementTagNameMap {
    "cc-state-time-table": CcStateTimeTable;
  }
}
