import { html, LitElement, nothing } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import { BackupScheduleController } from "./backup_schedule_controller.ts";

/** The daily backup: on or off, the time of day in the center's zone, how many to keep. */
export class CcBackupScheduleForm extends LitElement {
  static override styles = [baseStyles, adminStyles];

  static override properties = {
    api: { attribute: false },
    errors: { state: true },
    saved: { state: true },
  };

  /** The signed-in API client. */
  declare api: ApiClient;
  declare private errors: Record<string, string>;
  declare private saved: boolean;

  private readonly i18n = new I18nController(this);
  private data: BackupScheduleController | undefined;

  constructor() {
    super();
    this.errors = {};
    this.saved = false;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && !this.data) {
      this.data = new BackupScheduleController(this, this.api);
      void this.data.load();
    }
  }

  override render() {
    const s = this.data?.schedule;
    if (!s) {
      return this.data?.error
        ? html`<p class="banner bad" role="alert">${this.data.error}</p>`
        : nothing;
    }
    // In the center's zone, as the time of day is set: the browser may be elsewhere.
    const when = (iso: string) =>
      `${
        new Date(iso).toLocaleString(this.i18n.language, {
          timeZone: s.time_zone,
          dateStyle: "medium",
          timeStyle: "short",
        })
      } (${s.time_zone})`;
    const error = (field: string) =>
      this.errors[field]
        ? html`<p class="error" id="schedule-${field}-error" data-testid="error-${field}">${
          this.errors[field]
        }</p>`
        : nothing;
    const described = (field: string, hint: string) =>
      this.errors[field] ? `schedule-${field}-error ${hint}` : hint;
    return html`
      <form novalidate @submit=${this
        .onSave} data-testid="backup-schedule" aria-labelledby="schedule-title">
        <h3 id="schedule-title">${t("admsys.schedule.title")}</h3>
        <label class="check">
          <input type="checkbox" name="enabled" ?checked=${s.enabled} />
          ${t("admsys.schedule.enabled")}
        </label>
        <label>
          ${t("admsys.schedule.time")}
          <input
            type="time"
            name="time"
            required
            .value=${s.time}
            aria-invalid=${this.errors.time ? "true" : "false"}
            aria-describedby=${described("time", "schedule-time-hint")}
          />
          <span class="hint" id="schedule-time-hint">${t("admsys.schedule.timeHint", {
            zone: s.time_zone,
          })}</span>
        </label>
        ${error("time")}
        <label>
          ${t("admsys.schedule.keep")}
          <input
            type="number"
            name="keep"
            min="1"
            max="365"
            .value=${String(s.keep)}
            aria-invalid=${this.errors.keep ? "true" : "false"}
            aria-describedby=${described("keep", "schedule-keep-hint")}
          />
          <span class="hint" id="schedule-keep-hint">${t("admsys.schedule.keepHint")}</span>
        </label>
        ${error("keep")}
        <p class="hint" data-testid="schedule-next" role="status">
          ${s.enabled && s.next_run_at
            ? t("admsys.schedule.next", { when: when(s.next_run_at) })
            : t("admsys.schedule.off")}
          ${this.saved ? t("admin.form.saved") : nothing}
        </p>
        ${s.last_run
          ? s.last_run.error
            ? html`<p class="banner bad">${
              t("admsys.schedule.lastFailed", {
                when: when(s.last_run.at),
                reason: s.last_run.error,
              })
            }</p>`
            : html`<p class="hint">${
              t("admsys.schedule.lastOk", {
                name: s.last_run.name ?? "",
                when: when(s.last_run.at),
              })
            }</p>`
          : nothing}
        <div class="actions">
          <button class="button" type="submit" data-testid="schedule-save">${t(
            "admsys.schedule.save",
          )}</button>
        </div>
      </form>
    `;
  }

  private async onSave(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const keep = String(data.get("keep") ?? "").trim();
    const errors = await this.data!.save({
      enabled: data.get("enabled") === "on",
      time: String(data.get("time") ?? ""),
      keep: keep === "" ? 0 : Number(keep),
    });
    this.errors = errors ?? {};
    this.saved = !errors;
    if (errors) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
    }
  }
}

customElements.define("cc-backup-schedule-form", CcBackupScheduleForm);

declare global {
  interface HTMLElementTagNameMap {
    "cc-backup-schedule-form": CcBackupScheduleForm;
  }
}
