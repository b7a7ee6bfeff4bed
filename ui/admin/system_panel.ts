import { html, LitElement, nothing } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import { SystemController } from "./system_controller.ts";
import "./system_figures.ts";

const ENTITIES = [
  "",
  "users",
  "teams",
  "skills",
  "reason_codes",
  "queues",
  "trunks",
  "numbers",
  "schedules",
  "backups",
  "certificate",
  "api_token",
];

/**
 * The appliance's version and uptime, its health figures and certificate, and the audit
 * log with filters (who, what, entity).
 */
export class CcSystemPanel extends LitElement {
  static override styles = [baseStyles, areaStyles, adminStyles];

  static override properties = {
    api: { attribute: false },
    query: { state: true },
    entity: { state: true },
  };

  /** The signed-in API client. */
  declare api: ApiClient;
  declare private query: string;
  declare private entity: string;

  private readonly i18n = new I18nController(this);
  private data: SystemController | undefined;

  constructor() {
    super();
    this.query = "";
    this.entity = "";
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && !this.data) {
      this.data = new SystemController(this, this.api);
      void this.data.load();
    }
  }

  override render() {
    const data = this.data!;
    const h = data.health;
    const shown = data.filter(this.query);
    return html`
      <section class="panel" aria-labelledby="system-title" data-testid="admin-system">
        <header>
          <h2 id="system-title">${t("admin.system.title")}</h2>
          ${h
            ? html`<p class="intro">
              ${t("admin.system.version", { version: h.version })} ·
              ${t("admin.system.uptime", { hours: (h.uptime_s / 3600).toFixed(1) })}
            </p>`
            : nothing}
        </header>
        <div class="panel-body">
          ${data.error ? html`<p class="banner bad" role="alert">${data.error}</p>` : nothing}
          <cc-system-figures .api=${this.api}></cc-system-figures>
          <h3>${t("admin.system.audit")}</h3>
          <div class="toolbar">
            <label>
              ${t("admin.list.search")}
              <input
                type="search"
                placeholder=${t("admin.system.auditSearch")}
                .value=${this.query}
                @input=${(e: Event) => this.query = (e.target as HTMLInputElement).value}
              />
            </label>
            <label>
              ${t("admin.system.entity")}
              <select @change=${this.onEntity}>
                ${ENTITIES.map((e) =>
                  html`<option value=${e} ?selected=${e === this.entity}>${
                    e ||
                    t("admin.system.allEntities")
                  }</option>`
                )}
              </select>
            </label>
          </div>
          <table data-testid="audit">
            <thead>
              <tr>
                <th scope="col">${t("admin.system.when")}</th>
                <th scope="col">${t("admin.system.who")}</th>
                <th scope="col">${t("admin.system.what")}</th>
                <th scope="col">${t("admin.system.entity")}</th>
              </tr>
            </thead>
            <tbody>
              ${shown.map((e) =>
                html`
                  <tr>
                    <td>${new Date(e.at).toLocaleString(this.i18n.language)}</td>
                    <td>${e.actor}${e.ip
                      ? html`
                        <span class="muted">${e.ip}</span>
                      `
                      : nothing}</td>
                    <td>${e.action}</td>
                    <td>${e.entity}${e.entity_id ? ` #${e.entity_id}` : ""}</td>
                  </tr>
                `
              )}
            </tbody>
          </table>
        </div>
      </section>
    `;
  }

  private onEntity(event: Event): void {
    this.entity = (event.target as HTMLSelectElement).value;
    void this.data!.load(this.entity);
  }
}

customElements.define("cc-system-panel", CcSystemPanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-system-panel": CcSystemPanel;
  }
}
