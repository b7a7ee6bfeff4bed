import { html, LitElement, nothing } from "lit";
import { type ApiClient, ApiError } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import { PromptsController } from "./prompts_controller.ts";

/**
 * The prompts calls hear: built-in ones with their text, uploaded recordings to play in
 * the page, and an upload form (any format the converter takes; what is not audio is
 * refused before anything is stored).
 */
export class CcPromptsPanel extends LitElement {
  static override styles = [baseStyles, areaStyles, adminStyles];

  static override properties = {
    api: { attribute: false },
    query: { state: true },
    notice: { state: true },
    problem: { state: true },
    busy: { state: true },
  };

  /** The signed-in API client. */
  declare api: ApiClient;
  declare private query: string;
  declare private notice: string | null;
  declare private problem: string | null;
  declare private busy: boolean;

  private readonly i18n = new I18nController(this);
  private data: PromptsController | undefined;

  constructor() {
    super();
    this.query = "";
    this.notice = null;
    this.problem = null;
    this.busy = false;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && !this.data) {
      this.data = new PromptsController(this, this.api);
      void this.data.load();
    }
  }

  override render() {
    const data = this.data!;
    return html`
      <div class="screen" data-testid="admin-prompts">
        <section class="panel" aria-labelledby="prompts-title">
          <header>
            <h2 id="prompts-title">${t("admin.prompts.title")}</h2>
            <p class="intro">${t("admin.prompts.intro")}</p>
          </header>
          <div class="panel-body">
            <div class="toolbar">
              <label>
                ${t("admin.list.search")}
                <input
                  type="search"
                  placeholder=${t("admin.list.searchPlaceholder")}
                  .value=${this.query}
                  @input=${(e: Event) => this.query = (e.target as HTMLInputElement).value}
                />
              </label>
            </div>
            ${data.error ? html`<p class="banner bad" role="alert">${data.error}</p>` : nothing}
            <table data-testid="list">
              <thead>
                <tr>
                  <th scope="col">${t("admin.prompts.name")}</th>
                  <th scope="col">${t("admin.users.language")}</th>
                  <th scope="col">${t("admin.prompts.says")}</th>
                  <th scope="col">${t("admin.prompts.listen")}</th>
                </tr>
              </thead>
              <tbody>
                ${data.filter(this.query).map((p) =>
                  html`
                    <tr>
                      <td>${p.name}</td>
                      <td>${t(`lang.${p.language}`)}</td>
                      <td>${p.path ? p.description || t("admin.prompts.uploaded") : p.text}</td>
                      <td>${p.path
                        ? html`
                          <audio
                            controls
                            preload="none"
                            aria-label="${p.name} (${p.language})"
                            src="/api/v1/ivr/prompts/${p.language}/${p.name}/audio"
                          ></audio>
                        `
                        : html`<span class="muted">${t("admin.prompts.speech")}</span>`}</td>
                    </tr>
                  `
                )}
              </tbody>
            </table>
          </div>
        </section>
        <section class="panel" aria-labelledby="upload-title">
          <header>
            <h2 id="upload-title">${t("admin.prompts.upload")}</h2>
          </header>
          <div class="panel-body">
            ${this.notice ? html`<p class="banner good" role="status">${this.notice}</p>` : nothing}
            ${this.problem ? html`<p class="banner bad" role="alert">${this.problem}</p>` : nothing}
            <form novalidate @submit=${this.onUpload}>
              <label>
                ${t("admin.prompts.name")}
                <input name="name" required pattern="[a-z0-9_]{1,64}" />
                <span class="hint">${t("admin.prompts.nameHint")}</span>
              </label>
              <label>
                ${t("admin.users.language")}
                <select name="language">
                  <option value="zh-CN">${t("lang.zh-CN")}</option>
                  <option value="en">${t("lang.en")}</option>
                </select>
              </label>
              <label>
                ${t("admin.prompts.description")}
                <input name="description" />
              </label>
              <label>
                ${t("admin.prompts.file")}
                <input name="file" type="file" accept="audio/*" required />
              </label>
              <div class="actions">
                <button class="button primary" type="submit" ?disabled=${this.busy}>
                  ${t("admin.prompts.upload")}
                </button>
              </div>
            </form>
          </div>
        </section>
      </div>
    `;
  }

  private async onUpload(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const values = new FormData(form);
    const name = String(values.get("name") ?? "").trim();
    const file = values.get("file");
    this.notice = null;
    if (!/^[a-z0-9_]{1,64}$/.test(name)) {
      this.problem = t("admin.prompts.nameHint");
      return;
    }
    if (!(file instanceof File) || file.size === 0) {
      this.problem = t("admin.prompts.fileMissing");
      return;
    }
    this.busy = true;
    try {
      await this.data!.upload(
        name,
        String(values.get("language")),
        String(values.get("description") ?? "").trim(),
        file,
      );
      this.problem = null;
      this.notice = t("admin.form.saved");
      form.reset();
    } catch (error) {
      const reason = error instanceof ApiError ? error.message : String(error);
      this.problem = t("admin.form.failed", { reason });
    } finally {
      this.busy = false;
    }
  }
}

customElements.define("cc-prompts-panel", CcPromptsPanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-prompts-panel": CcPromptsPanel;
  }
}
