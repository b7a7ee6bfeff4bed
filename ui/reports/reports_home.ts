import { html, LitElement } from "lit";
import type { ApiClient, User } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import "./channel_report.ts";
import { type ChannelName, ChannelReportController } from "./channel_report_controller.ts";
import "./column_picker.ts";
import "./period_picker.ts";
import "./report_chart.ts";
import "./report_list_table.ts";
import { columnLabel } from "./report_list_table.ts";
import "./report_table.ts";
import { reportsHomeStyles } from "./reports_home_styles.ts";
import {
  LIST_VIEWS,
  type ListKind,
  type ListView,
  ReportListsController,
} from "./report_lists_controller.ts";
import { type PeriodChoice, ReportsController } from "./reports_controller.ts";
import "./saved_reports_bar.ts";
import { choiceOf, definitionOf, SavedReportsController } from "./saved_reports_controller.ts";
import "./shift_planner.ts";
import { StaffingController, type WhatIfRequest } from "./staffing_controller.ts";
import "./staffing_table.ts";
import "./state_time_table.ts";
import "./what_if_form.ts";

/** The area's tabs: the figures, by channel, staffing, shift planning, and the list reports. */
type Tab = "figures" | "channels" | "staffing" | "planning" | ListView;
const TABS: readonly Tab[] = ["figures", "channels", "staffing", "planning", ...LIST_VIEWS];
/** Tabs that are not a period's report: they have their own week and cannot be saved. */
const OWN_PERIOD: readonly Tab[] = ["planning"];

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
 * scope; see a chart and the table of every figure (formula on hover); the IVR,
 * abandoned-call, trunk-usage and disposition lists; export any table as CSV or Excel;
 * choose columns and save the whole view under a name to open again.
 */
export class CcReportsHome extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    reportsHomeStyles,
  ];

  static override properties = {
    user: { attribute: false },
    api: { attribute: false },
    choice: { state: true },
    tab: { state: true },
    columns: { state: true },
    savedNotice: { state: true },
  };

  declare user: User | null;
  declare api: ApiClient | null;
  declare private choice: PeriodChoice;
  declare private tab: Tab;
  /** The columns shown per tab (figure ids, or list column ids); none: all. */
  declare private columns: Record<string, string[] | undefined>;
  declare private savedNotice: string | null;

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

  private readonly lists = new ReportListsController(this, {
    request: <T>(method: string, path: string, body?: unknown) => {
      if (!this.api) return Promise.reject(new Error("Not signed in"));
      return this.api.request<T>(method, path, body);
    },
  });

  private readonly byChannel = new ChannelReportController(this, {
    request: <T>(method: string, path: string, body?: unknown) => {
      if (!this.api) return Promise.reject(new Error("Not signed in"));
      return this.api.request<T>(method, path, body);
    },
    timeZone: this.data.timeZone,
  });

  private readonly saved = new SavedReportsController(this, {
    request: <T>(method: string, path: string, body?: unknown) => {
      if (!this.api) return Promise.reject(new Error("Not signed in"));
      return this.api.request<T>(method, path, body);
    },
  });

  constructor() {
    super();
    this.tab = "figures";
    this.columns = {};
    this.savedNotice = null;
    this.choice = { day: today(), days: 1, interval: "60m", scope: "center", id: null };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.data.load(this.choice);
    void this.saved.load();
  }

  override render() {
    const { data, staffing, lists, saved } = this;
    const charted = data.metrics.filter((m) => CHARTED.includes(m.id));
    const tab = (name: Tab) =>
      html`
        <button
          role="tab"
          class="tab"
          data-tab=${name}
          aria-selected=${this.tab === name ? "true" : "false"}
          @click=${() => this.onTab(name)}
        >${t(`reports.tab.${name}`)}</button>
      `;
    const errors = [data.error, staffing.error, lists.error, saved.error, this.byChannel.error]
      .filter(Boolean);
    return html`
      <section class="area">
        <h1>${t("reports.title")}</h1>
        <p class="lead">${t("reports.lead")}</p>
        <div class="panel">
          ${OWN_PERIOD.includes(this.tab) ? "" : html`
            <cc-saved-reports
              .saved=${saved.saved}
              .notice=${this.savedNotice}
              @saved-open=${this.onSavedOpen}
              @saved-save=${this.onSavedSave}
              @saved-delete=${this.onSavedDelete}
            ></cc-saved-reports>
            <cc-period-picker .value=${this.choice} @period-change=${this
              .onPeriod}></cc-period-picker>
          `}
          <div role="tablist" class="tabs">${TABS.map(tab)}</div>
          ${errors.map((e) => html`<p class="error" role="alert">${e}</p>`)}
          ${lists.notice ? html`<p class="notice" role="status">${lists.notice}</p>` : ""}
          ${(data.loading || lists.loading) && !OWN_PERIOD.includes(this.tab)
            ? html`<p>${t("reports.loading")}</p>`
            : ""}
          ${this.renderTab(charted)}
        </div>
      </section>
    `;
  }

  private renderTab(charted: typeof this.data.metrics) {
    const { data, staffing } = this;
    if (this.tab === "figures") {
      const chosen = this.columns.figures;
      const shown = chosen && chosen.length > 0
        ? data.metrics.filter((m) => chosen.includes(m.id))
        : data.metrics;
      const lang = this.i18n.language;
      return html`
        <cc-report-chart .report=${data.report} .metrics=${charted}></cc-report-chart>
        <div class="actions">
          <button class="export" type="button" @click=${() => this.onExport("csv")}>
            ${t("reports.exportCsv")}
          </button>
          <button class="export-xlsx" type="button" @click=${() => this.onExport("xlsx")}>
            ${t("reports.exportXlsx")}
          </button>
          <span>${t("reports.zone", { zone: data.timeZone })}</span>
        </div>
        <cc-column-picker
          .options=${data.metrics.map((m) => ({ id: m.id, label: m.name[lang] }))}
          .selected=${chosen}
          @columns-change=${(e: CustomEvent<string[]>) => this.onColumns("figures", e.detail)}
        ></cc-column-picker>
        <cc-report-table .report=${data.report} .metrics=${shown}></cc-report-table>
        ${data.states
          ? html`
            <div class="actions">
              <button class="export-states" type="button" @click=${() =>
                this.onStatesExport("csv")}>${t("reports.exportCsv")}</button>
              <button class="export-states-xlsx" type="button" @click=${() =>
                this.onStatesExport("xlsx")}>${t("reports.exportXlsx")}</button>
            </div>
          `
          : ""}
        <cc-state-time-table .time=${data.states}></cc-state-time-table>
      `;
    }
    if (this.tab === "channels") {
      return html`
        <cc-channel-report
          .answer=${this.byChannel.answer}
          .channel=${this.byChannel.channel}
          @channel-change=${(e: CustomEvent<ChannelName | null>) =>
            this.byChannel.load(this.choice, e.detail)}
        ></cc-channel-report>
      `;
    }
    if (this.tab === "planning") {
      return html`<cc-shift-planner .api=${this.api}></cc-shift-planner>`;
    }
    if (this.tab === "staffing") {
      return html`
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
        <cc-what-if-form .answer=${staffing.whatIf} @what-if=${this.onWhatIf}></cc-what-if-form>
        <div class="actions">
          <button class="export-staffing" type="button" @click=${() =>
            this.onStaffingExport("csv")}>${t("reports.exportCsv")}</button>
          <button class="export-staffing-xlsx" type="button" @click=${() =>
            this.onStaffingExport("xlsx")}>${t("reports.exportXlsx")}</button>
        </div>
        <cc-staffing-table .lines=${staffing.lines} .schedule=${staffing
          .schedule}></cc-staffing-table>
      `;
    }
    const view = this.tab;
    const chosen = this.columns[view];
    return html`
      ${view === "abandoned" || view === "dispositions"
        ? html`<p class="notice">${t("reports.queueFilter")}</p>`
        : ""}
      ${this.lists.lists.map((list, i) =>
        html`
          <div class="list-head">
            ${i > 0 ? html`<h3>${t("reports.list.hangups")}</h3>` : ""}
            <button class="export" type="button" data-kind=${list.kind}
              @click=${() => this.onListExport(list.kind, "csv", i === 0 ? chosen : undefined)}>
              ${t("reports.exportCsv")}</button>
            <button class="export-xlsx" type="button" data-kind=${list.kind}
              @click=${() => this.onListExport(list.kind, "xlsx", i === 0 ? chosen : undefined)}>
              ${t("reports.exportXlsx")}</button>
            <span>${t("reports.zone", { zone: data.timeZone })}</span>
          </div>
          ${i === 0
            ? html`
              <cc-column-picker
                .options=${list.columns.map((c) => ({ id: c.id, label: columnLabel(c.id) }))}
                .selected=${chosen}
                @columns-change=${(e: CustomEvent<string[]>) => this.onColumns(view, e.detail)}
              ></cc-column-picker>
            `
            : ""}
          <cc-report-list-table
            .list=${list}
            .columns=${i === 0 ? chosen : undefined}
            .timeZone=${data.timeZone}
            @call-back=${this.onCallBack}
          ></cc-report-list-table>
        `
      )}
    `;
  }

  private onColumns(view: string, ids: string[]): void {
    this.columns = { ...this.columns, [view]: ids };
  }

  private onTab(name: Tab): void {
    this.tab = name;
    this.loadTab();
  }

  /** Loads what the tab shows beyond the figures (which load with every period). */
  private loadTab(): void {
    if (this.tab === "staffing") void this.staffing.load(this.choice);
    else if (this.tab === "channels") void this.byChannel.load(this.choice);
    else if (this.tab !== "figures" && this.tab !== "planning") {
      void this.lists.load(this.tab, this.choice);
    }
  }

  private async onCallBack(event: CustomEvent<{ callId: string }>): Promise<void> {
    const number = await this.lists.callBack(event.detail.callId);
    if (
      number === null || this.tab === "figures" || this.tab === "staffing" ||
      this.tab === "channels" || this.tab === "planning"
    ) return;
    await this.lists.load(this.tab, this.choice);
    this.lists.notice = t("reports.list.callBackDone", { number });
    this.requestUpdate();
  }

  private async onListExport(
    kind: ListKind,
    format: "csv" | "xlsx",
    columns: string[] | undefined,
  ): Promise<void> {
    try {
      this.download(await this.lists.exportFile(kind, this.choice, format, columns));
    } catch (error) {
      this.lists.error = (error as Error).message;
      this.requestUpdate();
    }
  }

  private onSavedOpen(event: CustomEvent<{ id: number }>): void {
    const report = this.saved.saved.find((s) => s.id === event.detail.id);
    if (!report) return;
    const def = report.definition;
    this.choice = choiceOf(def, today());
    this.tab = (TABS as readonly string[]).includes(def.view) ? def.view as Tab : "figures";
    this.columns = { ...this.columns, [this.tab]: def.columns };
    this.savedNotice = null;
    void this.data.load(this.choice);
    this.loadTab();
  }

  private async onSavedSave(event: CustomEvent<{ name: string }>): Promise<void> {
    const name = event.detail.name;
    const ok = await this.saved.save(
      name,
      definitionOf(this.tab, this.choice, this.columns[this.tab]),
    );
    this.savedNotice = ok ? t("reports.saved.saved", { name }) : null;
  }

  private async onSavedDelete(event: CustomEvent<{ id: number }>): Promise<void> {
    await this.saved.remove(event.detail.id);
    this.savedNotice = null;
  }

  private onWhatIf(event: CustomEvent<WhatIfRequest>): void {
    void this.staffing.ask(event.detail);
  }

  private async onExport(format: "csv" | "xlsx"): Promise<void> {
    try {
      this.download(await this.data.exportFile(this.choice, format));
    } catch (error) {
      this.data.error = (error as Error).message;
      this.requestUpdate();
    }
  }

  private async onStatesExport(format: "csv" | "xlsx"): Promise<void> {
    try {
      this.download(await this.data.exportStates(this.choice, format));
    } catch (error) {
      this.data.error = (error as Error).message;
      this.requestUpdate();
    }
  }

  private async onStaffingExport(format: "csv" | "xlsx"): Promise<void> {
    try {
      this.download(
        await this.data.fetchExport(
          `/api/v1/reports/staffing.${format}?${this.staffing.staffingQuery(this.choice)}`,
          `staffing.${format}`,
        ),
      );
    } catch (error) {
      this.staffing.error = (error as Error).message;
      this.requestUpdate();
    }
  }

  private download({ blob, fileName }: { blob: Blob; fileName: string }): void {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  }

  private onPeriod(event: CustomEvent<PeriodChoice>): void {
    this.choice = event.detail;
    void this.data.load(this.choice);
    this.loadTab();
  }
}

customElements.define("cc-reports-home", CcReportsHome);

declare global {
  interface HTMLElementTagNameMap {
    "cc-reports-home": CcReportsHome;
  }
}
