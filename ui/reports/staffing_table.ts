import { css, html, LitElement } from "lit";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import type { NamedScheduleLine, StaffingLine } from "./staffing_controller.ts";

/**
 * Staffing per interval (Erlang C and A beside scheduled and logged in), and the shifts
 * with the name of the agent who works each.
 */
export class CcStaffingTable extends LitElement {
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
        margin-bottom: 1rem;
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
      td.short {
        color: var(--cc-danger-text);
        font-weight: 600;
      }
      h3 {
        font-size: 1rem;
        margin: 0.5rem 0;
      }
    `,
  ];

  static override properties = {
    lines: { attribute: false },
    schedule: { attribute: false },
  };

  declare lines: StaffingLine[];
  declare schedule: NamedScheduleLine[];

  private readonly i18n = new I18nController(this);

  override render() {
    const lang = this.i18n.language;
    const time = (iso: string) =>
      new Date(iso).toLocaleString(lang, { dateStyle: "short", timeStyle: "short" });
    const dash = (x: number | null) => x === null ? "—" : String(x);
    const busy = (this.lines ?? []).filter((l) =>
      l.calls > 0 || l.scheduled > 0 || l.logged_in > 0
    );
    return html`
      <div class="scroll">
        <table data-testid="staffing-table">
          <thead>
            <tr>
              <th>${t("reports.start")}</th>
              <th>${t("staffing.calls")}</th>
              <th>${t("staffing.aht")}</th>
              <th title="Erlang C">${t("staffing.neededC")}</th>
              <th title="Erlang A">${t("staffing.neededA")}</th>
              <th>${t("staffing.scheduled")}</th>
              <th>${t("staffing.loggedIn")}</th>
            </tr>
          </thead>
          <tbody>
            ${busy.map((l) =>
              html`
                <tr>
                  <td>${time(l.start)}</td>
                  <td>${l.calls}</td>
                  <td>${dash(l.aht_s)}</td>
                  <td>${dash(l.needed)}</td>
                  <td>${dash(l.needed_erlang_a)}</td>
                  <td>${l.scheduled}</td>
                  <td class=${l.needed !== null && l.logged_in < l.needed ? "short" : ""}>${l
                    .logged_in}</td>
                </tr>
              `
            )}
          </tbody>
        </table>
        <h3>${t("staffing.schedule")}</h3>
        <table data-testid="schedule-table">
          <thead>
            <tr>
              <th>${t("staffing.agent")}</th>
              <th>${t("staffing.kind")}</th>
              <th>${t("staffing.from")}</th>
              <th>${t("staffing.to")}</th>
            </tr>
          </thead>
          <tbody>
            ${(this.schedule ?? []).map((b) =>
              html`
                <tr>
                  <td>${b.agent}</td>
                  <td>${t(b.kind === "shift" ? "staffing.shift" : "staffing.break")}</td>
                  <td>${time(b.starts_at)}</td>
                  <td>${time(b.ends_at)}</td>
                </tr>
              `
            )}
          </tbody>
        </table>
      </div>
    `;
  }
}

customElements.define("cc-staffing-table", CcStaffingTable);

declare global {
  interface HTMLElementTagNameMap {
    "cc-staffing-table": CcStaffingTable;
  }
}
