import { css, html, LitElement, nothing } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import {
  CustomerImportController,
  type ImportChoice,
  type ImportSummary,
} from "./customer_import_controller.ts";

/** Refused rows listed on the page; all of them are in the download. */
const LISTED = 100;

/**
 * Customer import from a CSV file: a dry run or the import itself, a progress bar while
 * the file goes up in pieces, the outcome, and the refused rows with their reasons, which
 * can be downloaded as a CSV to fix and import again.
 *
 * @fires admin-changed - after customers were written
 */
export class CcCustomerImport extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    adminStyles,
    css`
      .wrap {
        max-width: 60rem;
      }
      fieldset {
        display: grid;
        gap: 0.25rem;
        margin: 0;
        padding: 0.5rem 0.75rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius);
      }
      legend {
        font-size: 0.875rem;
        font-weight: 500;
      }
      .options {
        display: grid;
        grid-template-columns: minmax(0, 2fr) minmax(0, 1fr);
        gap: 0.75rem;
        align-items: start;
      }
      .radios {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1.5rem;
      }
      .run {
        align-items: center;
      }
      .progress {
        display: grid;
        flex: 1;
        grid-template-columns: auto minmax(0, 1fr);
        gap: 0.75rem;
        align-items: center;
        min-width: 16rem;
        font-size: 0.875rem;
      }
      progress {
        width: 100%;
        height: 1rem;
      }
      th {
        white-space: nowrap;
      }
      .rejected-head {
        display: flex;
        gap: 1rem;
        align-items: center;
        justify-content: space-between;
        margin: 0.75rem 0 0.5rem;
      }
      .rejected-head h3 {
        margin: 0;
        font-size: 1rem;
      }
      .values {
        max-width: 18rem;
        overflow: hidden;
        color: var(--cc-text-muted);
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .rejected {
        max-height: 20rem;
        overflow-y: auto;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    file: { state: true },
    mode: { state: true },
    key: { state: true },
    problem: { state: true },
  };

  /** The signed-in API client. */
  declare api: ApiClient;
  declare private file: File | null;
  declare private mode: ImportChoice["mode"];
  declare private key: ImportChoice["key"];
  declare private problem: string | null;

  private readonly i18n = new I18nController(this);
  private run: CustomerImportController | undefined;
  /** Whether the last run was a dry run, so the bar says "checking" or "importing". */
  #dry = true;

  constructor() {
    super();
    this.file = null;
    this.mode = "lenient";
    this.key = "phone";
    this.problem = null;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && !this.run) this.run = new CustomerImportController(this, this.api);
  }

  override render() {
    const run = this.run!;
    return html`
      <section class="panel wrap" aria-labelledby="cimport-title" data-testid="admin-customer-import">
        <header>
          <h2 id="cimport-title">${t("crmAdmin.import.title")}</h2>
          <p class="intro">${t("crmAdmin.import.intro")}</p>
        </header>
        <div class="panel-body">
          <form novalidate @submit=${(e: Event) => e.preventDefault()}>
            <div class="options">
              <label>
                ${t("crmAdmin.import.file")}
                <input type="file" name="file" accept=".csv,.tsv,.txt,text/csv,text/plain"
                  data-testid="file" aria-describedby="file-size" @change=${this.onFile} />
                <span class="hint" id="file-size">${this.file
                  ? t("crmAdmin.import.fileSize", {
                    name: this.file.name,
                    size: size(this.file.size),
                  })
                  : ""}</span>
              </label>
              <label>
                ${t("crmAdmin.import.key")}
                <select name="key" @change=${(e: Event) =>
                  this.key = (e.target as HTMLSelectElement).value as ImportChoice["key"]}>
                  ${(["phone", "external_id"] as const).map((k) =>
                    html`<option value=${k} ?selected=${this.key === k}>${
                      t(`crmAdmin.import.key.${k}`)
                    }</option>`
                  )}
                </select>
              </label>
            </div>
            <fieldset>
              <legend>${t("crmAdmin.import.mode")}</legend>
              <div class="radios">
                ${(["lenient", "strict"] as const).map((m) =>
                  html`<label class="check">
                    <input type="radio" name="mode" value=${m} .checked=${this.mode === m}
                      @change=${() => this.mode = m} />
                    ${t(`crmAdmin.import.${m}`)}
                  </label>`
                )}
              </div>
            </fieldset>
            <div class="actions run">
              <button class="button" type="button" ?disabled=${run.busy} data-testid="dry-run"
                @click=${() => this.start(true)}>${t("crmAdmin.import.dryRun")}</button>
              <button class="button primary" type="button" ?disabled=${run.busy}
                data-testid="import" @click=${() => this.start(false)}>${t(
                  "crmAdmin.import.run",
                )}</button>
              ${this.renderProgress()}
            </div>
          </form>
          ${this.problem ? html`<p class="banner bad" role="alert">${this.problem}</p>` : nothing}
          ${run.error
            ? html`<p class="banner bad" role="alert" data-testid="import-error">${
              t("crmAdmin.import.failed", { reason: run.error })
            }</p>`
            : nothing}
          ${run.summary ? this.renderSummary(run.summary) : nothing}
        </div>
      </section>
    `;
  }

  private renderProgress() {
    const p = this.run!.progress;
    if (!p) return nothing;
    const percent = Math.min(100, Math.round(p.done / p.total * 100));
    const text = t(this.#dry ? "crmAdmin.import.checking" : "crmAdmin.import.importing", {
      percent,
    });
    return html`
      <div class="progress" data-testid="progress">
        <label for="import-progress">${this.run!.busy
          ? text
          : t("crmAdmin.import.progress")}</label>
        <progress id="import-progress" max="100" .value=${percent}
          aria-valuetext="${percent}%">${percent}%</progress>
      </div>
    `;
  }

  private renderSummary(s: ImportSummary) {
    const counts = {
      rows: s.rows,
      created: s.created,
      updated: s.updated,
      rejected: s.rejectedCount,
    };
    const refusedWhole = !s.dryRun && !s.committed && s.rejectedCount > 0;
    const message = s.dryRun
      ? t("crmAdmin.import.dryResult", counts)
      : refusedWhole
      ? t("crmAdmin.import.nothingWritten", counts)
      : t("crmAdmin.import.result", counts);
    return html`
      <p class="banner ${refusedWhole ? "bad" : "good"}" role="status" data-testid="import-result">
        ${message}
      </p>
      ${s.ignoredColumns.length
        ? html`<p class="hint">${
          t("crmAdmin.import.ignored", { columns: s.ignoredColumns.join(", ") })
        }</p>`
        : nothing}
      ${s.rejected.length ? this.renderRejected(s) : nothing}
    `;
  }

  private renderRejected(s: ImportSummary) {
    const listed = s.rejected.slice(0, LISTED);
    return html`
      <div class="rejected-head">
        <h3 id="rejected-title">${t("crmAdmin.import.rejected")}</h3>
        <button class="button" type="button" data-testid="download-rejected"
          @click=${this.onDownload}>${t("crmAdmin.import.download")}</button>
      </div>
      ${s.rejectedCount > listed.length
        ? html`<p class="hint">${
          t("crmAdmin.import.shown", { shown: listed.length, count: s.rejectedCount })
        }</p>`
        : nothing}
      <div class="rejected">
        <table data-testid="rejected" aria-labelledby="rejected-title">
          <thead>
            <tr>
              <th scope="col">${t("crmAdmin.import.line")}</th>
              <th scope="col">${t("crmAdmin.import.column")}</th>
              <th scope="col">${t("crmAdmin.import.reason")}</th>
              <th scope="col">${t("crmAdmin.import.values")}</th>
            </tr>
          </thead>
          <tbody>
            ${listed.map((r) =>
              html`
                <tr>
                  <td>${r.line}</td>
                  <td>${r.column ?? ""}</td>
                  <td>${r.reason}</td>
                  <td class="values" title=${(r.values ?? []).join(", ")}>${(r.values ?? []).join(
                    ", ",
                  )}</td>
                </tr>
              `
            )}
          </tbody>
        </table>
      </div>
    `;
  }

  private onFile(event: Event): void {
    this.file = (event.target as HTMLInputElement).files?.[0] ?? null;
    this.problem = null;
  }

  private async start(dryRun: boolean): Promise<void> {
    if (!this.file) {
      this.problem = t("crmAdmin.import.noFile");
      return;
    }
    this.problem = null;
    this.#dry = dryRun;
    await this.run!.run(this.file, { mode: this.mode, key: this.key, dryRun });
    if (!dryRun && this.run!.summary?.committed) {
      this.dispatchEvent(new CustomEvent("admin-changed", { bubbles: true, composed: true }));
    }
  }

  private onDownload(): void {
    const csv = this.run!.rejectedFile({
      line: t("crmAdmin.import.csvLine"),
      reason: t("crmAdmin.import.csvReason"),
    });
    if (!csv) return;
    const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `${(this.file?.name ?? "customers").replace(/\.[^.]*$/, "")}-rejected.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

customElements.define("cc-customer-import", CcCustomerImport);

declare global {
  interface HTMLElementTagNameMap {
    "cc-customer-import": CcCustomerImport;
  }
}
