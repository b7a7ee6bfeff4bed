import { css, html, LitElement, nothing } from "lit";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import type { TvLinkRow } from "./supervision_controller.ts";

/**
 * Read-only wallboard links for wall screens: make one with a name (its
 * address is shown once), see the others, revoke one.
 *
 * @fires tv-link-create - `{ label }` the supervisor made a link
 * @fires tv-link-revoke - `{ id }` the supervisor revoked a link
 */
export class CcTvLinksPanel extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: flex;
        gap: 0.5rem;
        align-items: end;
        margin-bottom: 0.5rem;
      }
      label {
        display: grid;
        gap: 0.125rem;
        font-size: 0.8125rem;
        color: var(--cc-text-muted);
      }
      input {
        min-height: 2rem;
        padding: 0.25rem 0.5rem;
        border: 1px solid var(--cc-border-strong);
        border-radius: var(--cc-radius);
        background: var(--cc-surface);
        color: var(--cc-text);
        font: inherit;
      }
      .new {
        padding: 0.5rem;
        border-radius: var(--cc-radius);
        background: var(--cc-info-soft);
        word-break: break-all;
      }
      ul {
        margin: 0;
        padding: 0;
        list-style: none;
      }
      li {
        display: flex;
        justify-content: space-between;
        gap: 0.5rem;
        padding: 0.25rem 0;
        border-bottom: 1px solid var(--cc-border);
      }
      .muted {
        color: var(--cc-text-muted);
      }
    `,
  ];

  static override properties = {
    links: { attribute: false },
    newLink: { attribute: false },
  };

  declare links: readonly TvLinkRow[];
  /** The address of the link just made. */
  declare newLink: string | null;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.links = [];
    this.newLink = null;
  }

  override render() {
    return html`
      <form @submit=${this.onSubmit}>
        <label>${t("supervisor.tv.label")}
          <input name="label" required maxlength="80" data-testid="tv-link-label">
        </label>
        <button type="submit" class="button" data-testid="tv-link-create">${t(
          "supervisor.tv.create",
        )}</button>
      </form>
      ${this.newLink
        ? html`<p class="new" role="status">${t("supervisor.tv.copyOnce")}
          <a href=${this.newLink} target="_blank" rel="noopener" data-testid="tv-link-new">${this.newLink}</a></p>`
        : nothing}
      ${this.links.length === 0 ? html`<p class="muted">${t("supervisor.tv.none")}</p>` : html`
        <ul>
          ${this.links.map((link) =>
            html`<li data-testid="tv-link" data-id=${link.id}>
              <span>${link.label} <span class="muted">· ${link.created_by}</span>${
              link.revoked_at
                ? html`
                  <span class="muted">(${t("supervisor.tv.revoked")})</span>
                `
                : nothing
            }</span>
              ${
              link.revoked_at ? nothing : html`
                <button type="button" class="button"
                  data-testid="tv-link-revoke" @click=${() =>
                    this.fire("tv-link-revoke", {
                      id: link.id,
                    })}>${t("supervisor.tv.revoke")}</button>
              `
            }
            </li>`
          )}
        </ul>
      `}
    `;
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const label = String(new FormData(form).get("label") ?? "").trim();
    if (!label) return;
    this.fire("tv-link-create", { label });
    form.reset();
  }

  private fire(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

customElements.define("cc-tv-links-panel", CcTvLinksPanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-tv-links-panel": CcTvLinksPanel;
  }
}
