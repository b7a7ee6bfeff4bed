import { html, LitElement, nothing } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import type { Backup } from "./backups_controller.ts";
import { RestoreController } from "./restore_controller.ts";

/**
 * Restore from the page: a stored backup or a file from this computer, checked at once
 * (upload progress shown), then applied at the appliance's next start — which the
 * element says, with what to do next.
 */
export class CcBackupRestore extends LitElement {
  static override styles = [baseStyles, adminStyles];

  static override properties = {
    api: { attribute: false },
    backups: { attribute: false },
    fieldError: { state: true },
    notice: { state: true },
  };

  /** The signed-in API client. */
  declare api: ApiClient;
  /** The backups on the appliance, newest first. */
  declare backups: Backup[];
  declare private fieldError: string | null;
  declare private notice: string | null;

  private readonly i18n = new I18nController(this);
  private data: RestoreController | undefined;

  constructor() {
    super();
    this.backups = [];
    this.fieldError = null;
    this.notice = null;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && !this.data) {
      this.data = new RestoreController(this, this.api);
      void this.data.load().catch(() => {});
    }
  }

  override render() {
    const data = this.data!;
    const when = (iso: string) => new Date(iso).toLocaleString(this.i18n.language);
    const busy = data.phase !== "idle";
    return html`
      <section aria-labelledby="restore-title" data-testid="backup-restore">
        <h3 id="restore-title">${t("admsys.restore.title")}</h3>
        <p class="hint">${t("admsys.restore.intro")}</p>
        ${data.last
          ? html`<p class="banner ${data.last.error ? "bad" : "good"}" data-testid="restore-last">${
            data.last.error
              ? t("admsys.restore.lastFailed", {
                name: data.last.name,
                when: when(data.last.applied_at),
                reason: data.last.error,
              })
              : t("admsys.restore.lastOk", {
                name: data.last.name,
                when: when(data.last.applied_at),
                aside: data.last.set_aside ?? "",
              })
          }</p>`
          : nothing}
        ${data.pending ? this.renderPending() : this.renderForm(busy)}
        ${this.notice ? html`<p class="banner good" role="status">${this.notice}</p>` : nothing}
      </section>
    `;
  }

  private renderPending() {
    const p = this.data!.pending!;
    return html`
      <div class="banner good" role="status" data-testid="restore-pending">
        <p>${t("admsys.restore.pending", {
          name: p.name,
          who: p.requested_by,
          when: new Date(p.requested_at).toLocaleString(this.i18n.language),
          files: p.summary.files,
          sealed: p.summary.sealed,
          keys: p.summary.keys.length,
        })}</p>
        <p><strong>${t("admsys.restore.nextStep")}</strong></p>
      </div>
      <div class="actions">
        <button class="button" type="button" @click=${this.onCancel} data-testid="restore-cancel">
          ${t("admsys.restore.cancel")}
        </button>
      </div>
    `;
  }

  private renderForm(busy: boolean) {
    const data = this.data!;
    const error = this.fieldError ??
      (data.refusal ? t("admsys.restore.refused", { reason: data.refusal }) : null);
    return html`
      <form novalidate @submit=${this.onSubmit} aria-busy=${busy ? "true" : "false"}>
        <label>
          ${t("admsys.restore.pick")}
          <select name="stored" aria-describedby=${error
            ? "restore-error"
            : nothing} ?disabled=${busy}>
            <option value="">${t("admsys.restore.pickNone")}</option>
            ${this.backups.map((b) => html`<option value=${b.name}>${b.name}</option>`)}
          </select>
        </label>
        <label>
          ${t("admsys.restore.file")}
          <input
            type="file"
            name="file"
            accept=".tar,.db,application/x-tar"
            aria-invalid=${error ? "true" : "false"}
            aria-describedby=${error ? "restore-error" : nothing}
            ?disabled=${busy}
            data-testid="restore-file"
          />
        </label>
        ${error
          ? html`<p class="error" id="restore-error" role="alert" data-testid="restore-error">${error}</p>`
          : nothing}
        ${busy
          ? html`
            <div role="status" aria-live="polite" data-testid="restore-progress">
              ${data.phase === "uploading"
                ? html`<progress max="1" .value=${data.progress}></progress>`
                : html`<progress></progress>`}
              <span class="hint">${data.phase === "uploading"
                ? t("admsys.restore.uploading", { percent: Math.round(data.progress * 100) })
                : t("admsys.restore.checking")}</span>
            </div>
          `
          : nothing}
        <div class="actions">
          <button class="button" type="submit" ?disabled=${busy} data-testid="restore-submit">
            ${t("admsys.restore.submit")}
          </button>
        </div>
      </form>
    `;
  }

  private async onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const stored = (form.elements.namedItem("stored") as HTMLSelectElement).value;
    const file = (form.elements.namedItem("file") as HTMLInputElement).files?.[0];
    this.notice = null;
    if (!stored && !file) {
      this.fieldError = t("admsys.restore.chooseOne");
      return;
    }
    this.fieldError = null;
    const name = file ? file.name : stored;
    if (!confirm(t("admsys.restore.confirm", { name }))) return;
    const ok = file ? await this.data!.restoreFile(file) : await this.data!.restoreStored(stored);
    if (!ok) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>("input[type='file']")?.focus();
    }
  }

  private async onCancel(): Promise<void> {
    await this.data!.cancel();
    this.notice = t("admsys.restore.cancelled");
  }
}

customElements.define("cc-backup-restore", CcBackupRestore);

declare global {
  interface HTMLElementTagNameMap {
    "cc-backup-restore": CcBackupRestore;
  }
}
