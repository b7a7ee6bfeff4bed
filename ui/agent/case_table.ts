import { css, html, LitElement } from "lit";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import { deskStyles, deskTableStyles } from "./desk_styles.ts";
import { type CaseRow, formatSpan, slaClock } from "./tiers_api.ts";

/**
 * A table of cases (a work list, search results, a customer's cases, the tier-2
 * queue), each row a link to its case page with its SLA clock coloured.
 *
 * @fires navigate - `detail.path` is the case page chosen.
 */
export class CcCaseTable extends LitElement {
  static override styles = [
    baseStyles,
    deskStyles,
    deskTableStyles,
    css`
      td.due[data-tone="warning"] {
        color: var(--cc-warning-text, #8a5a00);
        font-weight: 650;
      }
      td.due[data-tone="breached"] {
        color: var(--cc-danger-text, #a01c1c);
        font-weight: 650;
      }
    `,
  ];

  static override properties = {
    cases: { attribute: false },
    now: { attribute: false },
  };

  declare cases: CaseRow[];
  declare now: number;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.cases = [];
    this.now = Date.now();
  }

  override render() {
    if (this.cases.length === 0) return html`<p class="muted">${t("tiers.noCases")}</p>`;
    return html`
      <table>
        <thead>
          <tr>
            <th>${t("tiers.col.case")}</th>
            <th>${t("tiers.col.subject")}</th>
            <th>${t("tiers.col.customer")}</th>
            <th>${t("tiers.col.status")}</th>
            <th>${t("tiers.col.priority")}</th>
            <th>${t("tiers.col.tier")}</th>
            <th>${t("tiers.col.owner")}</th>
            <th>${t("tiers.col.due")}</th>
          </tr>
        </thead>
        <tbody>
          ${this.cases.map((c) => {
            const clock = slaClock(c, this.now);
            return html`
              <tr data-testid="case-row" data-case-id=${c.id}>
                <td><a href="/agent/cases/${c.id}" @click=${(e: Event) => this.open(e, c.id)}>#${c
                  .id}</a></td>
                <td><a href="/agent/cases/${c.id}" @click=${(e: Event) => this.open(e, c.id)}>${c
                  .subject}</a></td>
                <td>${c.customer ?? ""}</td>
                <td>${t(`tiers.status.${c.status}` as MessageKey)}</td>
                <td>${t(`tiers.priority.${c.priority}` as MessageKey)}</td>
                <td>${c.tier}</td>
                <td>${c.assignee ?? "—"}</td>
                <td class="due" data-tone=${clock.tone}>${clock.leftS === null
                  ? "—"
                  : clock.tone === "breached"
                  ? t("tiers.case.slaOver", { time: formatSpan(clock.leftS) })
                  : formatSpan(clock.leftS)}</td>
              </tr>
            `;
          })}
        </tbody>
      </table>
    `;
  }

  private open(event: Event, id: number) {
    event.preventDefault();
    this.dispatchEvent(
      new CustomEvent("navigate", {
        detail: { path: `/agent/cases/${id}` },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

customElements.define("cc-case-table", CcCaseTable);

declare global {
  interface HTMLElementTagNameMap {
    "cc-case-table": CcCaseTable;
  }
}
