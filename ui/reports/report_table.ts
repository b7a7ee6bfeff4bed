import { css, html, LitElement } from "lit";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import type { MetricInfo, ReportAnswer } from "./reports_controller.ts";

/** "—" for a figure with no denominator, never NaN. */
export function formatFigure(value: number | null | undefined, unit: MetricInfo["unit"]): string {
  if (value === null || value === undefined) return "—";
  return unit === "%" ? `${value.toFixed(1)} %` : String(value);
}

/** The report's figures as a table: one line per interval and the total; formulas on hover. */
export class CcReportTable extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .scroll {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        font-size: 0.8125rem;
        white-space: nowrap;
      }
      th,
      td {
        padding: 0.25rem 0.5rem;
        border-bottom: 1px solid var(--cc-border);
        text-align: right;
      }
      th:first-child,
      td:first-child {
        text-align: left;
      }
      th[title] {
        cursor: help;
        text-decoration: underline dotted;
      }
      tr.total td {
        font-weight: 600;
      }
      tr.previous td {
        color: var(--cc-text-muted);
      }
    `,
  ];

  static override properties = {
    report: { attribute: false },
    metrics: { attribute: false },
  };

  declare report: ReportAnswer | null;
  /** The figures to show, in column order. */
  declare metrics: MetricInfo[];

  private readonly i18n = new I18nController(this);

  override render() {
    if (!this.report) return html``;
    const lang = this.i18n.language;
    const time = (iso: string) =>
      new Date(iso).toLocaleString(lang, { dateStyle: "short", timeStyle: "short" });
    return html`
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th>${t("reports.start")}</th>
              ${this.metrics.map((m) =>
                html`<th title=${m.formula[lang]} data-metric=${m.id}>${m.name[lang]}</th>`
              )}
            </tr>
          </thead>
          <tbody>
            ${this.report.rows.map((row) =>
              html`<tr>
                <td>${time(row.start)}</td>
                ${
                this.metrics.map((m) => html`<td>${formatFigure(row.metrics[m.id], m.unit)}</td>`)
              }
              </tr>`
            )}
            <tr class="total">
              <td>${t("reports.total")}</td>
              ${this.metrics.map((m) =>
                html`<td>${formatFigure(this.report!.total.metrics[m.id], m.unit)}</td>`
              )}
            </tr>
            ${this.report.previous
              ? html`<tr class="previous">
                  <td>${t("reports.previous")}</td>
                  ${
                this.metrics.map((m) =>
                  html`<td>${formatFigure(this.report!.previous!.metrics[m.id], m.unit)}</td>`
                )
              }
                </tr>`
              : ""}
          </tbody>
        </table>
      </div>
    `;
  }
}

customElements.define("cc-report-table", CcReportTable);

declare global {
  interface HTMLElementTagNameMap {
    "cc-report-table": CcReportTable;
  }
}
