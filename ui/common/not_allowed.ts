import { css, html, LitElement } from "lit";
import type { User } from "./api_client.ts";
import { I18nController, t } from "./i18n.ts";
import { icons } from "./icons.ts";
import { type Area, AREA_LABELS, areaPath, homeArea } from "./routes.ts";
import { areaStyles, baseStyles } from "./styles.ts";

/**
 * Shown instead of an area the signed-in role may not open: says so plainly
 * and offers the way back to the user's own area.
 *
 * @fires navigate - The user chose to go to their own area; `detail.path` is its path.
 */
export class CcNotAllowed extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    css`
      .panel {
        max-width: 36rem;
        margin: 2rem auto 0;
      }
      .empty .art {
        background: var(--cc-warning-soft);
        color: var(--cc-warning-text);
      }
      h1 {
        margin: 0;
        font-size: 1.25rem;
        font-weight: 650;
      }
      h1:focus {
        outline: none;
      }
      .empty .button {
        margin-top: 0.75rem;
      }
    `,
  ];

  static override properties = {
    user: { attribute: false },
    area: { type: String },
  };

  /** The signed-in user. */
  declare user: User | null;
  /** The area that was asked for. */
  declare area: Area;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.user = null;
    this.area = "admin";
  }

  override render() {
    const role = this.user?.role ?? "agent";
    const home = homeArea(role);
    return html`
      <section class="panel" data-testid="not-allowed" aria-labelledby="title">
        <div class="empty">
          <span class="art">${icons.lock(26)}</span>
          <h1 id="title" tabindex="-1" data-focus-target>${t("notAllowed.title")}</h1>
          <p>${t("notAllowed.text", {
            role: t(`role.${role}`),
            area: t(AREA_LABELS[this.area]),
          })}</p>
          <a class="button primary" href=${areaPath(home)} @click=${this.onHome}>
            ${t("notAllowed.home", { area: t(AREA_LABELS[home]) })}
          </a>
        </div>
      </section>
    `;
  }

  private onHome(event: MouseEvent): void {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    this.dispatchEvent(
      new CustomEvent("navigate", {
        detail: { path: (event.currentTarget as HTMLAnchorElement).pathname },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

customElements.define("cc-not-allowed", CcNotAllowed);

declare global {
  interface HTMLElementTagNameMap {
    "cc-not-allowed": CcNotAllowed;
  }
}
