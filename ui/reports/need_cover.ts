import { css, html, LitElement, nothing } from "lit";
import { styleMap } from "lit/directives/style-map.js";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import { clockTime, dayLabel } from "./plan_week.ts";
import type { NeedCover } from "./shift_proposal_controller.ts";

/** Figures as people read them: at most one decimal. */
const figure = (x: number) => String(Math.round(x * 10) / 10);

/**
 * A day's need beside the shifts already planned, and what is left for a proposal: a
 * sentence in agent-hours, then per interval a bar (the need's outline, filled as far as
 * the plan covers it, hatched where it does not) above the three figures. The bars only
 * repeat the table's figures, so they are hidden from screen readers; the table scrolls
 * sideways, from the keyboard too, when a day has more intervals than fit.
 */
export class CcNeedCover extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: grid;
        gap: 0.5rem;
      }
      p {
        margin: 0;
        font-size: 0.875rem;
      }
      .scroll {
        overflow-x: auto;
        max-width: 100%;
        padding-bottom: 0.25rem;
      }
      table {
        border-collapse: collapse;
        font-size: 0.75rem;
        font-variant-numeric: tabular-nums;
      }
      caption {
        padding-bottom: 0.375rem;
        text-align: left;
        font-size: 0.8125rem;
        font-weight: 600;
      }
      th,
      td {
        min-width: 2.75rem;
        padding: 0.1875rem 0.25rem;
        text-align: center;
        white-space: nowrap;
      }
      th[scope="row"],
      thead th:first-child {
        min-width: 0;
        padding-right: 0.75rem;
        text-align: left;
        font-weight: 500;
        color: var(--cc-text-muted);
      }
      thead th {
        font-weight: 500;
        color: var(--cc-text-muted);
        border-bottom: 1px solid var(--cc-border);
      }
      tbody tr + tr th,
      tbody tr + tr td {
        border-top: 1px solid var(--cc-border);
      }
      tr.bars td {
        height: 3.25rem;
        padding-bottom: 0;
        vertical-align: bottom;
      }
      .bar {
        display: flex;
        flex-direction: column-reverse;
        width: 1.25rem;
        margin: 0 auto;
        border: 1px solid var(--cc-border-strong);
        border-bottom: none;
        border-radius: 3px 3px 0 0;
        overflow: hidden;
      }
      .bar .planned,
      .swatch.planned {
        background: var(--cc-accent);
      }
      .bar .left,
      .swatch.left {
        background: repeating-linear-gradient(
          -45deg,
          var(--cc-warning) 0 3px,
          var(--cc-warning-soft) 3px 6px
        );
      }
      .swatch {
        display: inline-block;
        width: 0.625rem;
        height: 0.625rem;
        margin-right: 0.375rem;
        border: 1px solid var(--cc-border-strong);
        border-radius: 2px;
        vertical-align: -1px;
      }
      td.left {
        color: var(--cc-warning-text);
        font-weight: 700;
      }
      td.none {
        color: var(--cc-text-subtle);
      }
    `,
  ];

  static override properties = {
    cover: { attribute: false },
    timeZone: { attribute: false },
  };

  declare cover: NeedCover | null;
  declare timeZone: string;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.cover = null;
    this.timeZone = "UTC";
  }

  override render() {
    const c = this.cover;
    if (!c) return nothing;
    const hours = (xs: number[]) => xs.reduce((sum, x) => sum + x, 0) * c.intervalMs / 3_600_000;
    const needed = hours(c.need);
    const left = hours(c.remaining);
    const tallest = Math.max(...c.need, 1);
    return html`
      <p data-testid="cover-summary">${t("shiftPlan.cover.summary", {
        day: dayLabel(c.day),
        need: figure(needed),
        covered: figure(needed - left),
        left: figure(left),
      })}</p>
      <div class="scroll" tabindex="0" role="region" aria-labelledby="cover-caption">
        <table data-testid="need-cover">
          <caption id="cover-caption">${t("shiftPlan.cover.title", {
            day: dayLabel(c.day),
          })}</caption>
          <thead>
            <tr class="bars" aria-hidden="true">
              <td></td>
              ${c.need.map((need, i) => this.bar(need, c.planned[i], tallest))}
            </tr>
            <tr>
              <th scope="col">${t("shiftPlan.cover.starts")}</th>
              ${c.need.map((_, i) =>
                html`<th scope="col">${clockTime(c.firstMs + i * c.intervalMs, this.timeZone)}</th>`
              )}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row"><span class="swatch" aria-hidden="true"></span>${t(
                "shiftPlan.cover.need",
              )}</th>
              ${c.need.map((n) => html`<td>${figure(n)}</td>`)}
            </tr>
            <tr>
              <th scope="row"><span class="swatch planned" aria-hidden="true"></span>${t(
                "shiftPlan.cover.planned",
              )}</th>
              ${c.planned.map((n) => html`<td>${figure(n)}</td>`)}
            </tr>
            <tr>
              <th scope="row"><span class="swatch left" aria-hidden="true"></span>${t(
                "shiftPlan.cover.left",
              )}</th>
              ${c.remaining.map((n) =>
                html`<td class=${n > 0 ? "left" : "none"}>${figure(n)}</td>`
              )}
            </tr>
          </tbody>
        </table>
      </div>
    `;
  }

  /** The need's outline, as tall as the need, filled from below as far as the plan covers it. */
  private bar(need: number, planned: number, tallest: number) {
    if (need <= 0) return html`<td></td>`;
    const covered = Math.min(planned, need);
    return html`
      <td>
        <div class="bar" style=${styleMap({ height: `${(need / tallest) * 3}rem` })}>
          <span class="planned" style=${styleMap({ flex: `${covered} 0 0` })}></span>
          <span class="left" style=${styleMap({ flex: `${need - covered} 0 0` })}></span>
        </div>
      </td>
    `;
  }
}

customElements.define("cc-need-cover", CcNeedCover);

declare global {
  interface HTMLElementTagNameMap {
    "cc-need-cover": CcNeedCover;
  }
}
