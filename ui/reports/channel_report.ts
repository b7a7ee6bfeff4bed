import { css, html, LitElement, type PropertyValues } from "lit";
import uPlot from "uplot";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import { uplotStyles } from "./uplot_styles.ts";
import {
  CHANNEL_FIGURES,
  type ChannelAnswer,
  type ChannelName,
  CHANNELS,
} from "./channel_report_controller.ts";

const COLOURS: Record<ChannelName, string> = {
  voice: "#2563eb",
  chat: "#16a34a",
  email: "#d97706",
  sms: "#9333ea",
};

/**
 * Reports by channel: a channel filter, a chart of contacts offered per interval with a
 * line per channel, and a table of each channel's figures over the period.
 *
 * @fires channel-change - `detail` is the channel picked, or null for all.
 */
export class CcChannelReport extends LitElement {
  static override styles = [
    baseStyles,
    uplotStyles,
    css`
      :host {
        display: grid;
        gap: 0.75rem;
      }
      .filter {
        display: flex;
        gap: 0.5rem;
        align-items: center;
      }
      .chart {
        overflow: hidden;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.8125rem;
      }
      th,
      td {
        padding: 0.375rem 0.5rem;
        border-bottom: 1px solid var(--cc-border);
        text-align: right;
        white-space: nowrap;
      }
      th:first-child,
      td:first-child {
        text-align: left;
      }
      .wrap {
        overflow-x: auto;
      }
      .swatch {
        display: inline-block;
        width: 0.75rem;
        height: 0.75rem;
        border-radius: 2px;
        margin-right: 0.375rem;
        vertical-align: -1px;
      }
      h3 {
        margin: 0;
        font-size: 0.9375rem;
      }
    `,
  ];

  static override properties = {
    answer: { attribute: false },
    channel: { attribute: false },
  };

  declare answer: ChannelAnswer | null;
  declare channel: ChannelName | null;

  private readonly i18n = new I18nController(this);
  #plot: uPlot | null = null;

  constructor() {
    super();
    this.answer = null;
    this.channel = null;
  }

  override render() {
    const lines = this.answer?.channels ?? [];
    return html`
      <p class="muted">${t("channels.lead")}</p>
      <label class="filter">
        ${t("channels.filter")}
        <select data-testid="channel-filter" @change=${this.onFilter}>
          <option value="" ?selected=${this.channel === null}>${t("channels.all")}</option>
          ${CHANNELS.map((c) =>
            html`<option value=${c} ?selected=${this.channel === c}>${
              t(`channels.name.${c}` as MessageKey)
            }</option>`
          )}
        </select>
      </label>
      <h3>${t("channels.chart")}</h3>
      <div class="chart" role="img" aria-label=${t("channels.chart")}></div>
      <div class="wrap">
        <table data-testid="channel-table">
          <thead>
            <tr>
              <th>${t("channels.col.channel")}</th>
              ${CHANNEL_FIGURES.map((f) => html`<th>${t(`channels.col.${f}` as MessageKey)}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${lines.map((line) =>
              html`
                <tr data-channel=${line.channel}>
                  <td><span class="swatch" style="background:${COLOURS[line.channel]}"></span>${t(
                    `channels.name.${line.channel}` as MessageKey,
                  )}</td>
                  ${CHANNEL_FIGURES.map((f) => html`<td>${line.total[f] ?? "—"}</td>`)}
                </tr>
              `
            )}
          </tbody>
        </table>
      </div>
    `;
  }

  protected override updated(_changed: PropertyValues): void {
    this.#plot?.destroy();
    this.#plot = null;
    const lines = this.answer?.channels ?? [];
    if (lines.length === 0 || lines[0].rows.length === 0) return;
    const x = lines[0].rows.map((r) => Date.parse(r.start) / 1000);
    const target = this.renderRoot.querySelector(".chart") as HTMLElement;
    this.#plot = new uPlot(
      {
        width: Math.max(320, this.getBoundingClientRect().width || 800),
        height: 220,
        series: [
          {},
          ...lines.map((line) => ({
            label: t(`channels.name.${line.channel}` as MessageKey),
            stroke: COLOURS[line.channel],
            width: 2,
            points: { show: true, size: 5 },
          })),
        ],
        axes: [{}, { label: t("channels.col.offered") }],
        legend: { live: false },
      },
      [
        x,
        // Intervals still to come are left blank rather than drawn as zero.
        ...lines.map((line) =>
          line.rows.map((r) => Date.parse(r.start) > Date.now() ? null : r.figures.offered ?? 0)
        ),
      ] as uPlot.AlignedData,
      target,
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#plot?.destroy();
    this.#plot = null;
  }

  private onFilter(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.dispatchEvent(
      new CustomEvent("channel-change", {
        detail: value === "" ? null : value as ChannelName,
        bubbles: true,
        composed: true,
      }),
    );
  }
}

customElements.define("cc-channel-report", CcChannelReport);

declare global {
  interface HTMLElementTagNameMap {
    "cc-channel-report": CcChannelReport;
  }
}
