import { css, html, LitElement } from "lit";
import type { User } from "./api_client.ts";
import { I18nController, t } from "./i18n.ts";
import { icons } from "./icons.ts";
import { AREA_LABELS, areaPath, homeArea } from "./routes.ts";
import { areaStyles, baseStyles } from "./styles.ts";

/**
 * Shown for a path the UI does not know, with a way back to the user's area.
 *
 * @fires navigate - The user chose to go to their own area; `detail.path` is its path.
 */
export class CcNotFound extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    css`
      .panel {
        max-width: 36rem;
        margin: 2rem auto 0;
      }
      h1 {
        margin: 0;
        font-size: 1.25rem;
        font-weight: 650;
      }
      h1:focus {
        outline: none;
      }
      code {
        font-family: var(--cc-font-mono);
        font-size: 0.875em;
        overflow-wrap: anywhere;
      }
      .empty .button {
        margin-top: 0.75rem;
      }
    `,
  ];

  static override properties = {
    user: { attribute: false },
    path: { type: String },
  };

  /** The signed-in user. */
  declare user: User | null;
  /** The path that matched nothing. */
  declare path: string;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.user = null;
    this.path = "/";
  }

  override render() {
    const home = homeArea(this.user?.role ?? "agent");
    const [before, after] = t("notFound.text", { path: "\u0000" }).split("\u0000");
    return html`
      <section class="panel" data-testid="not-found" aria-labelledby="title">
        <div class="empty">
          <span class="art">${icons.compass(26)}</span>
          <h1 id="title" tabindex="-1" data-focus-target>${t("notFound.title")}</h1>
          <p>${before}<code>${this.path}</code>${after}</p>
          <a class="button primary" href=${areaPath(home)} @click=${this.onHome}>
            ${t("notFound.home", { area: t(AREA_LABELS[home]) })}
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

customElements.define("cc-not-found", CcNotFound);

declare global {
  interface HTMLElementTagNameMap {
    "cc-not-found": CcNotFound;
  }
}
