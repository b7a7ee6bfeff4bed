import { html, LitElement, nothing } from "lit";
import type { Issue } from "./field_messages.ts";
import { importRowRefusal, refusalMessage } from "./refusal_messages.ts";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";

/** What `POST /users/import` answers. */
interface ImportResult {
  dry_run: boolean;
  accepted: string[];
  created: string[];
  rejected: { line: number; username: string; reason: string; issue?: Issue }[];
}

const EXAMPLE = "username,display_name,role,password,extension,team,skills\n" +
  "wang,Wang Fang,agent,change-me-123,3101,Front desk,billing:7";

/**
 * Bulk adding of users from a CSV file or pasted text: a dry run first, then the import,
 * with every refused row shown with its line and reason.
 *
 * @fires admin-changed - after users were added
 */
export class CcUserImport extends LitElement {
  static override styles = [baseStyles, areaStyles, adminStyles];

  static override properties = {
    api: { attribute: false },
    csv: { state: true },
    result: { state: true },
    problem: { state: true },
    busy: { state: true },
  };

  /** The signed-in API client. */
  declare api: ApiClient;
  declare private csv: string;
  declare private result: ImportResult | null;
  declare private problem: string | null;
  declare private busy: boolean;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.csv = "";
    this.result = null;
    this.problem = null;
    this.busy = false;
  }

  override render() {
    const r = this.result;
    return html`
      <section class="panel" aria-labelledby="import-title" data-testid="admin-import">
        <header>
          <h2 id="import-title">${t("admin.import.title")}</h2>
          <p class="intro">${t("admin.import.intro")}</p>
        </header>
        <div class="panel-body">
          <form novalidate @submit=${(e: Event) => e.preventDefault()}>
            <label>
              ${t("admin.import.file")}
              <input type="file" accept=".csv,text/csv,text/plain" @change=${this.onFile} />
            </label>
            <label>
              ${t("admin.import.text")}
              <textarea
                name="csv"
                rows="8"
                placeholder=${EXAMPLE}
                .value=${this.csv}
                @input=${(e: Event) => this.csv = (e.target as HTMLTextAreaElement).value}
              ></textarea>
            </label>
            <div class="actions">
              <button class="button" type="button" ?disabled=${this.busy} @click=${() =>
                this.run(true)} data-testid="dry-run">${t("admin.import.dryRun")}</button>
              <button class="button primary" type="button" ?disabled=${this.busy} @click=${() =>
                this.run(false)} data-testid="import">${t("admin.import.run")}</button>
            </div>
          </form>
          ${this.problem ? html`<p class="banner bad" role="alert">${this.problem}</p>` : nothing}
          ${r
            ? html`
              <p class="banner good" role="status" data-testid="import-result">
                ${r.dry_run
                  ? t("admin.import.wouldAdd", { count: r.accepted.length })
                  : t("admin.import.added", { count: r.created.length })}
                ${r.rejected.length > 0
                  ? t("admin.import.rejectedCount", { count: r.rejected.length })
                  : nothing}
              </p>
              ${r.rejected.length > 0
                ? html`
                  <table data-testid="rejected">
                    <thead>
                      <tr>
                        <th scope="col">${t("admin.import.line")}</th>
                        <th scope="col">${t("admin.users.username")}</th>
                        <th scope="col">${t("admin.import.reason")}</th>
                      </tr>
                    </thead>
                    <tbody>
                                      ${r.rejected.map((row) =>
                                        html`
                                          <tr>
                                            <td>${row.line}</td>
                                            <td>${row.username}</td>
                                            <td>${importRowRefusal(row)}</td>
                                          </tr>
                                        `
                                      )}
                                    </tbody>
                  </table>
                `
                : nothing}
            `
            : nothing}
        </div>
      </section>
    `;
  }

  private async onFile(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) this.csv = await file.text();
  }

  private async run(dryRun: boolean): Promise<void> {
    this.busy = true;
    this.problem = null;
    this.result = null;
    try {
      this.result = await this.api.request<ImportResult>("POST", "/users/import", {
        csv: this.csv,
        dry_run: dryRun,
      });
      if (!dryRun && this.result.created.length > 0) {
        this.dispatchEvent(new CustomEvent("admin-changed", { bubbles: true, composed: true }));
      }
    } catch (error) {
      this.problem = t("admin.form.failed", { reason: refusalMessage(error) });
    } finally {
      this.busy = false;
    }
  }
}

customElements.define("cc-user-import", CcUserImport);

declare global {
  interface HTMLElementTagNameMap {
    "cc-user-import": CcUserImport;
  }
}
