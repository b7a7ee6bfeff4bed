import { css, html, LitElement, type PropertyValues } from "lit";
import uPlot from "uplot";
import { I18nController } from "../common/i18n.ts";
import type { MetricInfo, ReportAnswer } from "./reports_controller.ts";
import { uplotStyles } from "./uplot_styles.ts";

const COLOURS = ["#2563eb", "#dc2626", "#16a34a", "#d97706"];

/** A line chart (uPlot) of a few of the report's figures over its intervals. */
export class CcReportChart extends LitElement {
  static override styles = [
    uplotStyles,
    css`
      :host {
        display: block;
        overflow: hidden;
      }
    `,
  ];

  static override properties = {
    report: { attribute: false },
    metrics: { attribute: false },
  };

  declare report: ReportAnswer | null;
  /** The figures to draw (one line each). */
  declare metrics: MetricInfo[];

  private readonly i18n = new I18nController(this);
  #plot: uPlot | null = null;

  override render() {
    return html`<div class="chart" role="img" aria-label=${
      this.metrics?.map((m) => m.name[this.i18n.language]).join(", ") ?? ""
    }></div>`;
  }

  protected override updated(_changed: PropertyValues): void {
    this.#plot?.destroy();
    this.#plot = null;
    if (!this.report || !this.metrics?.length) return;
    const lang = this.i18n.language;
    const x = this.report.rows.map((r) => Date.parse(r.start) / 1000);
    const series = this.metrics.map((m) => this.report!.rows.map((r) => r.metrics[m.id] ?? null));
    const target = this.renderRoot.querySelector(".chart") as HTMLElement;
    this.#plot = new uPlot(
      {
        width: Math.max(320, this.getBoundingClientRect().width || 800),
        height: 240,
        series: [
          {},
          ...this.metrics.map((m, i) => ({
            label: m.name[lang],
            stroke: COLOURS[i % COLOURS.length],
            width: 2,
            spanGaps: false,
          })),
        ],
        axes: [{}, {}],
      },
      [x, ...series] as uPlot.AlignedData,
      target,
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#plot?.destroy();
    this.#plot = null;
  }
}

customElements.define("cc-report-chart", CcReportChart);

declare global {
  interface HTMLElementTagNameMap {
    "cc-report-chart": CcReportChart;
  }
}
