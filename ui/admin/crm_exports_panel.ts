import { css, html, LitElement, nothing } from "lit";
import { I18nController, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import { periodQuery } from "./export_period.ts";

/** Where the API serves each export. */
const BASE = "/api/v1";

/**
 * Downloads of the CRM's data as CSV: customers, cases, and contacts for a chosen
 * period. The browser fetches each file with the session cookie, as any link would.
 */
export class CcCrmExportsPanel extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    adminStyles,
    css`
      .wrap {
        max-width: 52rem;
      }
      .exports {
        display: grid;
        gap: 0.75rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .exports li {
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        gap: 0.5rem 1rem;
        align-items: end;
        padding: 0.75rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius);
      }
      .exports h3 {
        margin: 0 0 0.25rem;
        font-size: 0.95rem;
      }
      .period {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        margin-top: 0.5rem;
      }
      a.button {
        text-decoration: none;
      }
    `,
  ];

  static override properties = {
    from: { state: true },
    to: { state: true },
  };

  declare private from: string;
  declare private to: string;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.from = "";
    this.to = "";
  }

  override render() {
    const period = periodQuery(this.from, this.to);
    const link = (path: string, what: string, testid: string) =>
      html`
        <a class="button primary" href=${`${BASE}${path}`} download data-testid=${testid}
          aria-label=${t("crmAdmin.export.download", { what })}>${t("crmAdmin.export.download", {
            what,
          })}</a>
      `;
    return html`
      <section class="panel wrap" aria-labelledby="export-title" data-testid="admin-export">
        <header>
          <h2 id="export-title">${t("crmAdmin.export.title")}</h2>
          <p class="intro">${t("crmAdmin.export.intro")}</p>
        </header>
        <div class="panel-body">
          <ul class="exports">
            <li>
              <div>
                <h3>${t("crmAdmin.export.customers")}</h3>
                <p class="hint">${t("crmAdmin.export.customersText")}</p>
              </div>
              ${link("/customers/export", t("crmAdmin.export.customers"), "export-customers")}
            </li>
            <li>
              <div>
                <h3>${t("crmAdmin.export.cases")}</h3>
                <p class="hint">${t("crmAdmin.export.casesText")}</p>
              </div>
              ${link("/cases/export", t("crmAdmin.export.cases"), "export-cases")}
            </li>
            <li>
              <div>
                <h3>${t("crmAdmin.export.interactions")}</h3>
                <p class="hint">${t("crmAdmin.export.interactionsText")}</p>
                <div class="period">
                  <label>
                    ${t("crmAdmin.export.from")}
                    <input type="date" name="from" .value=${this.from}
                      aria-invalid=${period === null ? "true" : "false"}
                      @input=${(e: Event) => this.from = (e.target as HTMLInputElement).value} />
                  </label>
                  <label>
                    ${t("crmAdmin.export.to")}
                    <input type="date" name="to" .value=${this.to}
                      aria-invalid=${period === null ? "true" : "false"}
                      aria-describedby="period-error"
                      @input=${(e: Event) => this.to = (e.target as HTMLInputElement).value} />
                  </label>
                </div>
                ${period === null
                  ? html`<p class="error" id="period-error" role="alert">${
                    t("crmAdmin.export.badPeriod")
                  }</p>`
                  : nothing}
              </div>
              ${period === null
                ? html`<button class="button primary" type="button" disabled>${
                  t("crmAdmin.export.download", { what: t("crmAdmin.export.interactions") })
                }</button>`
                : link(
                  `/interactions/export${period}`,
                  t("crmAdmin.export.interactions"),
                  "export-interactions",
                )}
            </li>
          </ul>
        </div>
      </section>
    `;
  }
}

customElements.define("cc-crm-exports-panel", CcCrmExportsPanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-crm-exports-panel": CcCrmExportsPanel;
  }
}
