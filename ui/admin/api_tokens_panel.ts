import { html, LitElement, nothing } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import { ApiTokensController } from "./api_tokens_controller.ts";

/**
 * The signed-in admin's API tokens for integrations: create one (its secret shown once,
 * with a copy button), see when each was last used, revoke.
 */
export class CcApiTokensPanel extends LitElement {
  static override styles = [baseStyles, areaStyles, adminStyles];

  static override properties = {
    api: { attribute: false },
    errors: { state: true },
    notice: { state: true },
    copied: { state: true },
  };

  /** The signed-in API client. */
  declare api: ApiClient;
  declare private errors: Record<string, string>;
  declare private notice: string | null;
  declare private copied: boolean;

  private readonly i18n = new I18nController(this);
  private data: ApiTokensController | undefined;

  constructor() {
    super();
    this.errors = {};
    this.notice = null;
    this.copied = false;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && !this.data) {
      this.data = new ApiTokensController(this, this.api);
      void this.data.load();
    }
  }

  override render() {
    const data = this.data!;
    const when = (iso: string | null) =>
      iso ? new Date(iso).toLocaleString(this.i18n.language) : t("admsys.tokens.never");
    return html`
      <section class="panel" aria-labelledby="tokens-title" data-testid="admin-tokens">
        <header>
          <h2 id="tokens-title">${t("admsys.tokens.title")}</h2>
          <p class="intro">${t("admsys.tokens.intro")}</p>
        </header>
        <div class="panel-body screen">
          <div>
            ${data.error ? html`<p class="banner bad" role="alert">${data.error}</p>` : nothing}
            ${this.notice ? html`<p class="banner good" role="status">${this.notice}</p>` : nothing}
            ${data.tokens.length === 0
              ? html`<p class="muted" data-testid="tokens-none">${t("admsys.tokens.none")}</p>`
              : html`
                <table data-testid="tokens">
                  <thead>
                    <tr>
                      <th scope="col">${t("admsys.tokens.name")}</th>
                      <th scope="col">${t("admsys.tokens.created")}</th>
                      <th scope="col">${t("admsys.tokens.lastUsed")}</th>
                      <th scope="col"><span class="visually-hidden">${t(
                        "admsys.tokens.revoke",
                      )}</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    ${data.tokens.map((token) =>
                      html`
                        <tr>
                          <td>${token.name}</td>
                          <td>${when(token.created_at)}</td>
                          <td>${when(token.last_used_at)}</td>
                          <td>
                            <button
                              class="button"
                              type="button"
                              aria-label=${t("admsys.tokens.revokeName", { name: token.name })}
                              @click=${() => this.onRevoke(token.id, token.name)}
                            >${t("admsys.tokens.revoke")}</button>
                          </td>
                        </tr>
                      `
                    )}
                  </tbody>
                </table>
              `}
          </div>
          <div>
            ${data.created ? this.renderSecret(data.created) : nothing}
            <form novalidate @submit=${this.onCreate} aria-label=${t("admsys.tokens.create")}>
              <label>
                ${t("admsys.tokens.name")}
                <input
                  name="name"
                  maxlength="80"
                  aria-invalid=${this.errors.name ? "true" : "false"}
                  aria-describedby=${this.errors.name
                    ? "token-name-error token-name-hint"
                    : "token-name-hint"}
                  data-testid="token-name"
                />
                <span class="hint" id="token-name-hint">${t("admsys.tokens.nameHint")}</span>
              </label>
              ${this.errors.name
                ? html`<p class="error" id="token-name-error" data-testid="error-name">${this.errors.name}</p>`
                : nothing}
              <div class="actions">
                <button class="button primary" type="submit" data-testid="token-create">${t(
                  "admsys.tokens.create",
                )}</button>
              </div>
            </form>
          </div>
        </div>
      </section>
    `;
  }

  private renderSecret(created: { name: string; token: string }) {
    return html`
      <div class="banner good" role="status" data-testid="token-secret">
        <p>${t("admsys.tokens.secret", { name: created.name })}</p>
        <p><code data-testid="token-value">${created.token}</code></p>
        <div class="actions">
          <button class="button" type="button" @click=${() => this.onCopy(created.token)}>
            ${this.copied ? t("admsys.tokens.copied") : t("admsys.tokens.copy")}
          </button>
          <button class="button" type="button" @click=${this.onDismiss} data-testid="token-done">
            ${t("admsys.tokens.done")}
          </button>
        </div>
      </div>
    `;
  }

  private async onCreate(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const name = String(new FormData(form).get("name") ?? "").trim();
    this.notice = null;
    this.copied = false;
    const errors = await this.data!.create(name);
    this.errors = errors ?? {};
    if (errors) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
      return;
    }
    form.reset();
  }

  private async onCopy(token: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(token);
      this.copied = true;
    } catch {
      // Without clipboard access the token stays on screen to be selected by hand.
      this.copied = false;
    }
  }

  private onDismiss(): void {
    this.copied = false;
    this.data!.dismissSecret();
  }

  private async onRevoke(id: number, name: string): Promise<void> {
    if (!confirm(t("admsys.tokens.confirmRevoke", { name }))) return;
    await this.data!.revoke(id);
    this.notice = t("admsys.tokens.revoked", { name });
  }
}

customElements.define("cc-api-tokens-panel", CcApiTokensPanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-api-tokens-panel": CcApiTokensPanel;
  }
}
