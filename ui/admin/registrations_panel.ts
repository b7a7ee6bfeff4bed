import { css, html, LitElement, nothing } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import { RegistrationsController } from "./registrations_controller.ts";

/** Agents' phones and browsers registered now, and the SIP figures beside them. */
export class CcRegistrationsPanel extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    adminStyles,
    css`
      dl {
        display: grid;
        grid-template-columns: auto auto;
        gap: 0.25rem 1rem;
        margin: 0;
        font-size: 0.875rem;
      }
      dd {
        margin: 0;
        font-weight: 600;
        text-align: right;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
  };

  /** The signed-in API client. */
  declare api: ApiClient;

  private readonly i18n = new I18nController(this);
  private data: RegistrationsController | undefined;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && !this.data) {
      this.data = new RegistrationsController(this, this.api);
      void this.data.load();
    }
  }

  override render() {
    const data = this.data!;
    const f = data.figures;
    return html`
      <div class="screen" data-testid="admin-registrations">
        <section class="panel" aria-labelledby="regs-title">
          <header>
            <h2 id="regs-title">${t("admin.registrations.title")}</h2>
            <p class="intro">${t("admin.registrations.intro")}</p>
          </header>
          <div class="panel-body">
            <div class="toolbar">
              <button class="button" @click=${() => data.load()}>${t("admin.form.reload")}</button>
            </div>
            ${data.error ? html`<p class="banner bad" role="alert">${data.error}</p>` : nothing}
            ${data.registrations.length === 0
              ? html`<p class="muted">${t("admin.registrations.none")}</p>`
              : html`
                <table data-testid="list">
                  <thead>
                    <tr>
                      <th scope="col">${t("admin.registrations.aor")}</th>
                      <th scope="col">${t("admin.registrations.contact")}</th>
                      <th scope="col">${t("admin.registrations.expires")}</th>
                    </tr>
                  </thead>
                  <tbody>
                                  ${data.registrations.map((r) =>
                                    html`
                                      <tr>
                                        <td>${r.extension}</td>
                                        <td>${r.transport.toUpperCase()} ${r.source}${r.user_agent
                                          ? html`<br /><span class="muted">${r.user_agent}</span>`
                                          : nothing}</td>
                                        <td>${new Date(r.expires_at).toLocaleTimeString(
                                          this.i18n.language,
                                        )}</td>
                                      </tr>
                                    `
                                  )}
                                </tbody>
                </table>
              `}
          </div>
        </section>
        <section class="panel" aria-labelledby="stats-title">
          <header>
            <h2 id="stats-title">${t("admin.sip.title")}</h2>
          </header>
          <div class="panel-body">
            ${f
              ? html`
                <dl>
                  <dt>${t("admin.sip.invites")}</dt>
                  <dd>${f.invites}</dd>
                  <dt>${t("admin.sip.live")}</dt>
                  <dd>${f.live_legs}</dd>
                  <dt>${t("admin.sip.forbidden")}</dt>
                  <dd>${f.forbidden}</dd>
                  <dt>${t("admin.sip.blocked")}</dt>
                  <dd>${f.blocked}</dd>
                  <dt>${t("admin.sip.bad")}</dt>
                  <dd>${f.badMessages}</dd>
                </dl>
              `
              : nothing}
          </div>
        </section>
      </div>
    `;
  }
}

customElements.define("cc-registrations-panel", CcRegistrationsPanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-registrations-panel": CcRegistrationsPanel;
  }
}
