import { css, html, LitElement } from "lit";
import type { ApiClient, User } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import "./period_picker.ts";
import "./report_chart.ts";
import "./report_table.ts";
import { type PeriodChoice, ReportsController } from "./reports_controller.ts";
import { StaffingController, type WhatIfRequest } from "./staffing_controller.ts";
import "./staffing_table.ts";
import "./state_time_table.ts";
import "./what_if_form.ts";

/** Figures drawn in the chart. */
const CHARTED = ["service_level", "abandon_rate", "occupancy"];

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${
    String(d.getDate()).padStart(2, "0")
  }`;
}

/**
 * The Reports area for supervisors, managers and admins: pick a period, interval and
 * scope; see a chart and the table of every figure (formula on hover); export CSV.
 */
export class CcReportsHome extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    css`
      .panel {
        display: grid;
        gap: 1rem;
        padding: 0.875rem 1rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius-lg);
        background: var(--cc-surface);
      }
      .panel > * {
        /* Grid items would otherwise grow to the table's width. */
        min-width: 0;
      }
      .tabs {
        display: flex;
        gap: 0.5rem;
        border-bottom: 1px solid var(--cc-border);
      }
      .tab {
        font: inherit;
        padding: 0.375rem 0.75rem;
        border: 0;
        border-bottom: 2px solid transparent;
        background: none;
        cursor: pointer;
      }
      .tab[aria-selected="true"] {
        border-bottom-color: var(--cc-accent);
        color: var(--cc-accent);
      }
      h2 {
        margin: 0;
        font-size: 1.0625rem;
      }
      .actions {
        display: flex;
        gap: 1rem;
        align-items: center;
      }
      .error {
        color: var(--cc-danger-text);
      }
    `,
  ];

  static override properties = {
    user: { attribute: false },
    api: { attribute: false },
    choice: { state: true },
    tab: { state: true },
  };

  declare user: User | null;
  declare api: ApiClient | null;
  declare private choice: PeriodChoice;
  declare private tab: "figures" | "staffing";

  private readonly i18n = new I18nController(this);
  private readonly data = new ReportsController(this, {
    request: <T>(method: string, path: string, body?: unknown) => {
      if (!this.api) return Promise.reject(new Error("Not signed in"));
      return this.api.request<T>(method, path, body);
    },
  });

  private readonly staffing = new StaffingController(this, {
    request: <T>(method: string, path: string, body?: unknown) => {
      if (!this.api) return Promise.reject(new Error("Not signed in"));
      return this.api.request<T>(method, path, body);
    },
    timeZone: this.data.timeZone,
  });

  constructor() {
    super();
    this.tab = "figures";
    this.choice = { day: today(), days: 1, interval: "60m", scope: "center", id: null };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.data.load(this.choice);
  }

  override render() {
    const { data, staffing } = this;
    const charted = data.metrics.filter((m) => CHARTED.includes(m.id));
    const tab = (name: "figures" | "staffing") =>
      html`
        <button
          role="tab"
          class="tab"
          data-tab=${name}
          aria-selected=${this.tab === name ? "true" : "false"}
          @click=${() => this.onTab(name)}
        >${t(`reports.tab.${name}`)}</button>
      `;
    return html`
      <section class="area">
        <h1>${t("reports.title")}</h1>
        <p class="lead">${t("reports.lead")}</p>
        <div class="panel">
          <cc-period-picker .value=${this.choice} @period-change=${this
            .onPeriod}></cc-period-picker>
          <div role="tablist" class="tabs">${tab("figures")} ${tab("staffing")}</div>
          ${data.error ? html`<p class="error" role="alert">${data.error}</p>` : ""}
          ${staffing.error ? html`<p class="error" role="alert">${staffing.error}</p>` : ""}
          ${data.loading ? html`<p>${t("reports.loading")}</p>` : ""}
          ${this.tab === "figures"
            ? html`
              <cc-report-chart .report=${data.report} .metrics=${charted}></cc-report-chart>
              <div class="actions">
                <button class="export" type="button" @click=${this.onExport}>
                  ${t("reports.exportCsv")}
                </button>
                <span>${t("reports.zone", { zone: data.timeZone })}</span>
              </div>
              <cc-report-table .report=${data.report} .metrics=${data.metrics}></cc-report-table>
              <cc-state-time-table .time=${data.states}></cc-state-time-table>
            `
            : html`
                  ${staffing.forecast
                    ? html`<p data-testid="forecast">${
                      t("forecast.summary", {
                        calls: staffing.forecast.calls,
                        weeks: staffing.forecast.weeks_of_history,
                        mape: staffing.forecast.mape ?? "—",
                        baseline: staffing.forecast.baseline_mape ?? "—",
                      })
                    }</p>`
                    : ""}
              <h2>${t("whatIf.title")}</h2>
                  <cc-what-if-form .answer=${staffing.whatIf} @what-if=${this
                    .onWhatIf}></cc-what-if-form>
                  <cc-staffing-table .lines=${staffing.lines} .schedule=${staffing
                    .schedule}></cc-staffing-table>
            `}
        </div>
      </section>
    `;
  }

  private onTab(name: "figures" | "staffing"): void {
    this.tab = name;
    if (name === "staffing") void this.staffing.load(this.choice);
  }

  private onWhatIf(event: CustomEvent<WhatIfRequest>): void {
    void this.staffing.ask(event.detail);
  }

  private async onExport(): Promise<void> {
    try {
      const { blob, fileName } = await this.data.exportCsv(this.choice);
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    } catch (error) {
      this.data.error = (error as Error).message;
      this.requestUpdate();
    }
  }

  private onPeriod(event: CustomEvent<PeriodChoice>): void {
    this.choice = event.detail;
    void this.data.load(this.choice);
    if (this.tab === "staffing") void this.staffing.load(this.choice);
  }
}

customElements.define("cc-reports-home", CcReportsHome);

declare global {
  interface HTMLElementTagNameMap {
    "cc-reports-home": CcReportsHome;
  }
}
