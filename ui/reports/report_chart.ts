import { css, html, LitElement, type PropertyValues } from "lit";
import uPlot from "uplot";
import { I18nController } from "../common/i18n.ts";
import type { MetricInfo, ReportAnswer } from "./reports_controller.ts";

const COLOURS = ["#2563eb", "#dc2626", "#16a34a", "#d97706"];

/** A line chart (uPlot) of a few of the report's figures over its intervals. */
export class CcReportChart extends LitElement {
  // uPlot's layout rules, restated here because its stylesheet cannot reach into the
  // shadow root: the plot's layers are stacked absolutely inside the sized wrapper.
  static override styles = css`
    :host {
      display: block;
      overflow: hidden;
    }
    .uplot {
      font-family: inherit;
      line-height: 1.5;
      width: min-content;
    }
    .u-wrap {
      position: relative;
      user-select: none;
    }
    .u-over,
    .u-under,
    .u-axis {
      position: absolute;
    }
    .uplot canvas {
      display: block;
      position: relative;
      width: 100%;
      height: 100%;
    }
    .u-legend {
      font-size: 0.8125rem;
      margin: 0.25rem auto 0;
      text-align: center;
    }
    .u-legend tbody {
      display: flex;
      flex-wrap: wrap;
      gap: 0 1rem;
      justify-content: center;
    }
    .u-legend .u-marker {
      display: inline-block;
      width: 1em;
      height: 1em;
      margin-right: 4px;
      vertical-align: middle;
    }
    .u-legend .u-off > * {
      opacity: 0.3;
    }
    .u-select {
      position: absolute;
      background: rgba(0, 0, 0, 0.07);
      pointer-events: none;
    }
    .u-cursor-x,
    .u-cursor-y,
    .u-cursor-pt {
      position: absolute;
      left: 0;
      top: 0;
      pointer-events: none;
    }
    .u-hz .u-cursor-x {
      height: 100%;
      border-right: 1px dashed #607d8b;
    }
    .u-hz .u-cursor-y {
      width: 100%;
      border-bottom: 1px dashed #607d8b;
    }
    .u-cursor-pt {
      border-radius: 50%;
      border: 0 solid;
    }
    .u-axis.u-off,
    .u-select.u-off,
    .u-cursor-x.u-off,
    .u-cursor-y.u-off,
    .u-cursor-pt.u-off {
      display: none;
    }
  `;

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
