import { html, LitElement, nothing } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import { CenterController } from "./center_controller.ts";

const ZONES = [
  "Asia/Shanghai",
  "Asia/Hong_Kong",
  "Asia/Taipei",
  "Asia/Singapore",
  "Europe/London",
  "UTC",
];

/**
 * The center's name, time zone and default language.
 *
 * @fires admin-changed - after a save
 */
export class CcCenterPanel extends LitElement {
  static override styles = [baseStyles, areaStyles, adminStyles];

  static override properties = {
    api: { attribute: false },
    errors: { state: true },
    notice: { state: true },
  };

  /** The signed-in API client. */
  declare api: ApiClient;
  declare private errors: Record<string, string>;
  declare private notice: string | null;

  private readonly i18n = new I18nController(this);
  private data: CenterController | undefined;

  constructor() {
    super();
    this.errors = {};
    this.notice = null;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && !this.data) {
      this.data = new CenterController(this, this.api);
      void this.data.load();
    }
  }

  override render() {
    const c = this.data?.center;
    if (!c) return nothing;
    const error = (key: string) =>
      this.errors[key]
        ? html`<p class="error" id="center-${key}-error" data-testid="error-${key}">${
          this.errors[key]
        }</p>`
        : nothing;
    return html`
      <section class="panel" aria-labelledby="center-title" data-testid="admin-center">
        <header>
          <h2 id="center-title">${t("admin.center.title")}</h2>
          <p class="intro">${t("admin.center.intro")}</p>
        </header>
        <div class="panel-body">
          ${this.notice
            ? html`<p class="banner good" role="status" data-testid="notice">${this.notice}</p>`
            : nothing}
          <form novalidate @submit=${this.onSave}>
            <label>
              ${t("admin.center.name")}
              <input name="name" .value=${c.name} aria-invalid=${this.errors.name
                ? "true"
                : "false"} />
            </label>
            ${error("name")}
            <label>
              ${t("admin.center.timezone")}
              <input
                name="timezone"
                list="zones"
                .value=${c.timezone}
                aria-invalid=${this.errors.timezone ? "true" : "false"}
              />
              <datalist id="zones">${ZONES.map((z) =>
                html`<option value=${z}></option>`
              )}</datalist>
            </label>
            ${error("timezone")}
            <label>
              ${t("admin.center.language")}
              <select name="language">
                <option value="zh-CN" ?selected=${c.language === "zh-CN"}>${t(
                  "lang.zh-CN",
                )}</option>
                <option value="en" ?selected=${c.language === "en"}>${t("lang.en")}</option>
              </select>
            </label>
            <div class="actions">
              <button class="button primary" type="submit" data-testid="save">${t(
                "admin.form.save",
              )}</button>
            </div>
          </form>
        </div>
      </section>
    `;
  }

  private async onSave(event: Event): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const errors = await this.data!.save({
      name: String(form.get("name") ?? "").trim(),
      timezone: String(form.get("timezone") ?? "").trim(),
      language: String(form.get("language")) as "en" | "zh-CN",
    });
    this.errors = errors ?? {};
    this.notice = errors ? null : t("admin.form.saved");
    if (!errors) {
      this.dispatchEvent(new CustomEvent("admin-changed", { bubbles: true, composed: true }));
    }
  }
}

customElements.define("cc-center-panel", CcCenterPanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-center-panel": CcCenterPanel;
  }
}
