import { css, html, LitElement, nothing } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import { QuickRepliesController } from "./quick_replies_controller.ts";

/**
 * The center's quick replies for chat: every agent sees them in the chat tabs, with the
 * script variables (`{{customer.name|there}}`) filled from the chat's customer. Agents add
 * their own from the API; this list is the center's.
 */
export class CcQuickRepliesPanel extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    adminStyles,
    css`
      form {
        display: grid;
        gap: 0.5rem;
        max-width: 40rem;
        margin-top: 1.25rem;
      }
      textarea {
        min-height: 5rem;
      }
      form .button {
        justify-self: start;
      }
      .body {
        white-space: pre-wrap;
        color: var(--cc-text-muted);
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    problem: { state: true },
  };

  declare api: ApiClient | null;
  declare private problem: string | null;
  readonly i18n = new I18nController(this);
  #data: QuickRepliesController | null = null;

  constructor() {
    super();
    this.api = null;
    this.problem = null;
  }

  override willUpdate(): void {
    if (this.api && !this.#data) {
      this.#data = new QuickRepliesController(this, this.api);
      void this.#data.load();
    }
  }

  override render() {
    const data = this.#data;
    if (!data) return nothing;
    return html`
      <section class="panel" aria-labelledby="qr-title" data-testid="quick-replies-panel">
        <header>
          <h2 id="qr-title" tabindex="-1" data-focus-target>${t("chat.admin.title")}</h2>
        </header>
        <div class="panel-body">
          <p class="hint">${t("chat.admin.intro")}</p>
          ${data.error ? html`<p class="banner bad" role="alert">${data.error}</p>` : nothing}
          ${this.problem
            ? html`<p class="banner bad" role="alert" data-testid="problem">${this.problem}</p>`
            : nothing}
          <table data-testid="list">
            <thead>
              <tr>
                <th scope="col">${t("chat.admin.replyTitle")}</th>
                <th scope="col">${t("chat.admin.replyBody")}</th>
                <th scope="col"></th>
              </tr>
            </thead>
            <tbody>
              ${data.replies.map((r) =>
                html`
                  <tr>
                    <td>${r.title}</td>
                    <td class="body">${r.body}</td>
                    <td>
                      <button class="button" type="button" @click=${() => void data.remove(r.id)}>
                        ${t("admin.form.delete")}
                      </button>
                    </td>
                  </tr>
                `
              )}
            </tbody>
          </table>
          ${data.replies.length === 0
            ? html`<p class="muted">${t("admin.list.empty")}</p>`
            : nothing}
          <form @submit=${this.#onAdd} data-testid="form">
            <label>${t(
              "chat.admin.replyTitle",
            )}<input name="title" required maxlength="80" /></label>
            <label>${t("chat.admin.replyBody")}<textarea name="body" required maxlength="4000"
              placeholder=${t("chat.admin.bodyHint")}></textarea></label>
            <button class="button primary" type="submit">${t("admin.list.add")}</button>
          </form>
        </div>
      </section>
    `;
  }

  async #onAdd(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const title = String(data.get("title") ?? "").trim();
    const body = String(data.get("body") ?? "").trim();
    if (!title || !body) return;
    try {
      await this.#data!.add(title, body);
      this.problem = null;
      form.reset();
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
  }
}

customElements.define("cc-quick-replies-panel", CcQuickRepliesPanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-quick-replies-panel": CcQuickRepliesPanel;
  }
}
