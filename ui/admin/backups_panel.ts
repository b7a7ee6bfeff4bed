import { html, LitElement, nothing } from "lit";
import { refusalMessage } from "./refusal_messages.ts";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import { BackupsController } from "./backups_controller.ts";
import "./backup_restore.ts";
import "./backup_schedule_form.ts";

/**
 * Backups of the whole appliance: take one now, download any of them, the daily schedule
 * and restoring one.
 */
export class CcBackupsPanel extends LitElement {
  static override styles = [baseStyles, areaStyles, adminStyles];

  static override properties = {
    api: { attribute: false },
    notice: { state: true },
    busy: { state: true },
  };

  /** The signed-in API client. */
  declare api: ApiClient;
  declare private notice: string | null;
  declare private busy: boolean;

  private readonly i18n = new I18nController(this);
  private data: BackupsController | undefined;

  constructor() {
    super();
    this.notice = null;
    this.busy = false;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && !this.data) {
      this.data = new BackupsController(this, this.api);
      void this.data.load();
    }
  }

  override render() {
    const data = this.data!;
    return html`
      <section class="panel" aria-labelledby="backups-title" data-testid="admin-backups">
        <header>
          <h2 id="backups-title">${t("admin.backups.title")}</h2>
          <p class="intro">${t("admsys.backups.intro")}</p>
        </header>
        <div class="panel-body screen">
          <div>
            <div class="toolbar">
              <button class="button primary" ?disabled=${this.busy} @click=${this
                .onTake} data-testid="backup-now">
                ${t("admin.backups.now")}
              </button>
            </div>
            ${this.notice ? html`<p class="banner good" role="status">${this.notice}</p>` : nothing}
            ${data.error ? html`<p class="banner bad" role="alert">${data.error}</p>` : nothing}
            ${data.backups.length === 0
              ? html`<p class="muted">${t("admin.backups.none")}</p>`
              : html`
                <table data-testid="list">
                  <thead>
                    <tr>
                      <th scope="col">${t("admin.backups.file")}</th>
                      <th scope="col">${t("admin.backups.when")}</th>
                      <th scope="col">${t("admin.backups.size")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${data.backups.map((b) =>
                      html`
                        <tr>
                          <td><a href="/api/v1/backups/${b.name}" download>${b.name}</a></td>
                          <td>${new Date(b.created_at).toLocaleString(this.i18n.language)}</td>
                          <td>${(b.size / 1024 / 1024).toFixed(1)} MB</td>
                        </tr>
                      `
                    )}
                  </tbody>
                </table>
              `}
          </div>
          <div>
            <cc-backup-schedule-form .api=${this.api}></cc-backup-schedule-form>
            <cc-backup-restore .api=${this.api} .backups=${data.backups}></cc-backup-restore>
          </div>
        </div>
      </section>
    `;
  }

  private async onTake(): Promise<void> {
    this.busy = true;
    try {
      const backup = await this.data!.takeNow();
      this.notice = `${t("admin.backups.taken", { name: backup.name })} ${
        backup.summary
          ? t("admsys.backups.contents", {
            files: backup.summary.files,
            keys: backup.summary.keys.length,
          })
          : ""
      }`;
    } catch (error) {
      this.notice = null;
      this.data!.error = refusalMessage(error);
    } finally {
      this.busy = false;
    }
  }
}

customElements.define("cc-backups-panel", CcBackupsPanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-backups-panel": CcBackupsPanel;
  }
}
