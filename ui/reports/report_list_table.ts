import { css, html, LitElement } from "lit";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import type { ListAnswer, ListColumn } from "./report_lists_controller.ts";

/** A cell as the page shows it: "—" for nothing, times in the zone, units on numbers. */
export function formatCell(
  value: string | number | null,
  kind: ListColumn["kind"],
  language: string,
  timeZone: string,
  columnId = "",
): string {
  if (value === null || value === "") return "—";
  if (columnId === "callback") {
    const key = `reports.callback.${value}` as MessageKey;
    const text = t(key);
    return text === key ? String(value) : text;
  }
  switch (kind) {
    case "percent":
      return `${Number(value).toFixed(1)} %`;
    case "seconds":
      return `${value} s`;
    case "flag":
      return value ? t("reports.list.yes") : t("reports.list.no");
    case "time":
      return new Date(String(value)).toLocaleString(language, {
        timeZone,
        dateStyle: "short",
        timeStyle: "medium",
      });
    default:
      return String(value);
  }
}

/** The label of a list column, from the catalog (its id if the catalog has none). */
export function columnLabel(id: string): string {
  const key = `reports.col.${id}` as MessageKey;
  const text = t(key);
  return text === key ? id : text;
}

/**
 * One list report as a table: the columns shown, in order. Abandoned calls get a "Call
 * back" button on each row that has no callback yet.
 *
 * @fires call-back - `{ callId }`: the user asks for a callback to an abandoned caller
 */
export class CcReportListTable extends LitElement {
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
        padding: 0.3125rem 0.625rem;
        border-bottom: 1px solid var(--cc-border);
        text-align: right;
      }
      th.text,
      td.text {
        text-align: left;
      }
      th {
        font-weight: 600;
        color: var(--cc-text-muted);
      }
      .empty {
        color: var(--cc-text-muted);
      }
    `,
  ];

  static override properties = {
    list: { attribute: false },
    columns: { attribute: false },
    timeZone: { attribute: false },
  };

  declare list: ListAnswer | null;
  /** Column ids to show, in order; undefined shows them all. */
  declare columns: string[] | undefined;
  declare timeZone: string;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.list = null;
    this.columns = undefined;
    this.timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  override render() {
    const list = this.list;
    if (!list) return html``;
    const shown = this.columns && this.columns.length > 0
      ? this.columns.map((id) => list.columns.findIndex((c) => c.id === id)).filter((i) => i >= 0)
      : list.columns.map((_, i) => i);
    if (list.rows.length === 0) {
      return html`<p class="empty" data-testid="list-empty">${t("reports.list.empty")}</p>`;
    }
    const callable = list.kind === "abandoned";
    const callIdAt = list.columns.findIndex((c) => c.id === "call_id");
    const callbackAt = list.columns.findIndex((c) => c.id === "callback");
    const lang = this.i18n.language;
    return html`
      <div class="scroll">
        <table data-kind=${list.kind}>
          <thead>
            <tr>
              ${shown.map((i) => {
                const c = list.columns[i];
                return html`
                  <th class=${c.kind === "text" || c.kind === "time" ? "text" : ""}
                    data-column=${c.id}>${columnLabel(c.id)}</th>
                `;
              })}
              ${callable ? html`<th></th>` : ""}
            </tr>
          </thead>
          <tbody>
            ${list.rows.map((row) =>
              html`<tr>
                ${
                shown.map((i) => {
                  const c = list.columns[i];
                  return html`<td class=${c.kind === "text" || c.kind === "time" ? "text" : ""}>${
                    formatCell(row[i], c.kind, lang, this.timeZone, c.id)
                  }</td>`;
                })
              }
                ${
                callable
                  ? html`<td>${
                    callIdAt >= 0 && (callbackAt < 0 || row[callbackAt] === null)
                      ? html`
                        <button type="button" class="button small" data-testid="call-back"
                          @click=${() => this.onCallBack(String(row[callIdAt]))}>${t(
                            "reports.list.callBack",
                          )}</button>
                      `
                      : ""
                  }</td>`
                  : ""
              }
              </tr>`
            )}
          </tbody>
        </table>
      </div>
    `;
  }

  private onCallBack(callId: string): void {
    this.dispatchEvent(
      new CustomEvent("call-back", { detail: { callId }, bubbles: true, composed: true }),
    );
  }
}

customElements.define("cc-report-list-table", CcReportListTable);

declare global {
  interface HTMLElementTagNameMap {
    "cc-report-list-table": CcReportListTable;
  }
}
