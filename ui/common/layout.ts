import { css, html, LitElement, nothing } from "lit";
import type { User } from "./api_client.ts";
import "./connection_status.ts";
import type { ConnectionState } from "./events_controller.ts";
import { I18nController, t } from "./i18n.ts";
import { icons, logoMark } from "./icons.ts";
import "./lang_switch.ts";
import { AREA_LABELS, areaPath, areasFor, homeArea, resolveRoute } from "./routes.ts";
import { baseStyles } from "./styles.ts";

/** Up to two initials for the avatar, from the display name or else the username. */
export function initials(user: Pick<User, "display_name" | "username">): string {
  // A role or note in brackets ("Grace Ho (supervisor)") is not part of the name, and a
  // word's initial is its first letter or digit, not a bracket or other mark.
  const named = (user.display_name || "").replace(/[(（][^)）]*[)）]?/g, " ").trim();
  const source = named || user.username.trim();
  const words = source.split(/\s+/).map((w) => w.replace(/^[^\p{L}\p{N}]+/u, "")).filter(Boolean);
  if (words.length >= 2) return (words[0][0] + words[words.length - 1][0]).toUpperCase();
  // CJK names read well as their first character; Latin ones as two letters.
  const chars = [...source];
  return /[\u3400-\u9fff]/.test(chars[0] ?? "")
    ? chars[0]
    : chars.slice(0, 2).join("").toUpperCase();
}

/**
 * The signed-in frame: a header with the areas the user's role may open, the
 * live-connection indicator, the language switch and sign-out, then the page
 * content, then a footer with the server version.
 *
 * @slot - The current area.
 * @fires navigate - A link inside the app was followed; `detail.path` is the target path.
 * @fires logout-request - The user asked to sign out.
 */
export class CcLayout extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 100vh;
        min-height: 100dvh;
      }
      .skip {
        position: absolute;
        left: 0.75rem;
        top: -3rem;
        z-index: 10;
        padding: 0.5rem 0.875rem;
        border-radius: var(--cc-radius);
        background: var(--cc-accent);
        color: var(--cc-on-accent);
        font-weight: 600;
        text-decoration: none;
      }
      .skip:focus {
        top: 0.75rem;
      }
      header {
        position: sticky;
        top: 0;
        z-index: 5;
        border-bottom: 1px solid var(--cc-border);
        background: var(--cc-surface);
      }
      .bar {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr) auto;
        grid-template-areas: "brand nav tools";
        align-items: center;
        gap: 0 1.5rem;
        max-width: var(--cc-page-width);
        margin: 0 auto;
        padding: 0 1.5rem;
        min-height: 3.75rem;
      }
      .brand {
        grid-area: brand;
        display: inline-flex;
        align-items: center;
        gap: 0.625rem;
        color: var(--cc-text);
        font-weight: 700;
        font-size: 1rem;
        text-decoration: none;
        white-space: nowrap;
      }
      nav {
        grid-area: nav;
        align-self: stretch;
        min-width: 0;
      }
      nav ul {
        display: flex;
        gap: 0.25rem;
        height: 100%;
        margin: 0;
        padding: 0;
        list-style: none;
        overflow-x: auto;
        scrollbar-width: none;
      }
      nav li {
        display: flex;
      }
      nav a {
        display: inline-flex;
        align-items: center;
        padding: 0 0.875rem;
        border-bottom: 2px solid transparent;
        color: var(--cc-text-muted);
        font-weight: 550;
        font-size: 0.9375rem;
        text-decoration: none;
        white-space: nowrap;
      }
      nav a:hover {
        color: var(--cc-text);
        background: var(--cc-surface-muted);
      }
      nav a[aria-current="page"] {
        border-bottom-color: var(--cc-accent);
        color: var(--cc-accent);
      }
      nav a:focus-visible {
        outline-offset: -2px;
      }
      .tools {
        grid-area: tools;
        display: flex;
        align-items: center;
        gap: 0.625rem;
        justify-content: flex-end;
      }
      .user {
        display: inline-flex;
        align-items: center;
        gap: 0.5rem;
        padding-left: 0.625rem;
        border-left: 1px solid var(--cc-border);
      }
      .avatar {
        display: grid;
        place-items: center;
        width: 2rem;
        height: 2rem;
        border-radius: 50%;
        background: var(--cc-accent-soft);
        color: var(--cc-accent);
        font-size: 0.8125rem;
        font-weight: 700;
      }
      .who {
        display: grid;
        line-height: 1.2;
      }
      .who .name {
        max-width: 12rem;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        font-size: 0.875rem;
        font-weight: 600;
      }
      .who .meta {
        color: var(--cc-text-muted);
        font-size: 0.75rem;
        white-space: nowrap;
      }
      .logout {
        min-height: 2.25rem;
        padding: 0.375rem 0.75rem;
        font-size: 0.875rem;
        font-weight: 550;
      }
      main {
        flex: 1;
        width: 100%;
        max-width: var(--cc-page-width);
        margin: 0 auto;
        padding: 2rem 1.5rem 3rem;
      }
      main:focus {
        outline: none;
      }
      footer {
        border-top: 1px solid var(--cc-border);
        color: var(--cc-text-subtle);
        font-size: 0.8125rem;
      }
      footer div {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        gap: 0.5rem;
        max-width: var(--cc-page-width);
        margin: 0 auto;
        padding: 1rem 1.5rem;
      }
      /* Six areas (an admin's) and the tools do not fit beside each other on a 1366 px
        laptop: the name goes (the page shows who is signed in) and the links tighten. */
      @media (max-width: 1440px) {
        .who {
          display: none;
        }
        .bar {
          gap: 0 1rem;
        }
        nav a {
          padding: 0 0.5rem;
        }
      }
      @media (max-width: 860px) {
        .bar {
          grid-template-columns: auto minmax(0, 1fr);
          grid-template-areas: "brand tools" "nav nav";
          gap: 0 0.75rem;
          padding: 0 1rem;
        }
        .brand {
          min-height: 3.5rem;
        }
        nav {
          margin: 0 -1rem;
          border-top: 1px solid var(--cc-border);
        }
        nav ul {
          padding: 0 0.5rem;
        }
        nav a {
          min-height: 2.75rem;
        }
        main {
          padding: 1.5rem 1rem 2.5rem;
        }
        footer div {
          padding: 1rem;
        }
      }
      @media (max-width: 560px) {
        .brand .name,
        .logout .text {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip: rect(0 0 0 0);
          white-space: nowrap;
        }
        .tools {
          gap: 0.375rem;
        }
        .user {
          padding-left: 0.375rem;
        }
        .logout {
          padding: 0.375rem 0.5rem;
        }
      }
    `,
  ];

  static override properties = {
    user: { attribute: false },
    path: { type: String },
    version: { type: String },
    connection: { type: String },
  };

  /** The signed-in user; decides which areas the navigation offers. */
  declare user: User | null;
  /** The current location path, to mark the active area. */
  declare path: string;
  /** The server version for the footer, once known. */
  declare version: string | null;
  /** State of the live-updates connection. */
  declare connection: ConnectionState;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.user = null;
    this.path = "/";
    this.version = null;
    this.connection = "offline";
  }

  /** Moves keyboard focus to the start of the page content. */
  focusMain(): void {
    this.renderRoot.querySelector<HTMLElement>("main")?.focus();
  }

  override render() {
    const user = this.user;
    const route = resolveRoute(this.path);
    const active = route.kind === "area" ? route.area : null;
    const home = user ? areaPath(homeArea(user.role)) : "/";
    return html`
      <a class="skip" href="#main" @click=${this.onSkip}>${t("app.skipToContent")}</a>
      <header>
        <div class="bar">
          <a class="brand" href=${home} @click=${this.onNavigate}>
            ${logoMark(28)}<span class="name">${t("app.name")}</span>
          </a>
          ${user
            ? html`
              <nav aria-label=${t("nav.label")}>
                <ul>
                  ${areasFor(user.role).map((area) =>
                    html`
                      <li>
                        <a
                          href=${areaPath(area)}
                          data-area=${area}
                          aria-current=${area === active ? "page" : nothing}
                          @click=${this.onNavigate}
                        >${t(AREA_LABELS[area])}</a>
                      </li>
                    `
                  )}
                </ul>
              </nav>
            `
            : nothing}
          <div class="tools">
            <cc-connection-status .state=${this.connection}></cc-connection-status>
            <cc-lang-switch></cc-lang-switch>
            ${user ? this.renderUser(user) : nothing}
          </div>
        </div>
      </header>
      <main id="main" tabindex="-1"><slot></slot></main>
      <footer>
        <div>
          <span>${t("app.copyright")}</span>
          <span data-testid="version">${this.version
            ? t("app.version", { version: this.version })
            : t("app.versionUnknown")}</span>
        </div>
      </footer>
    `;
  }

  private renderUser(user: User) {
    const meta = t(`role.${user.role}`) +
      (user.extension ? ` · ${t("user.extension", { extension: user.extension })}` : "");
    return html`
      <div class="user" role="group" aria-label=${t("user.menuLabel")}>
        <span class="avatar" aria-hidden="true" title=${user.display_name}>${initials(user)}</span>
        <span class="who">
          <span class="name" data-testid="user-name">${user.display_name || user.username}</span>
          <span class="meta">${meta}</span>
        </span>
        <button class="button logout" type="button" data-testid="logout" @click=${this.onLogout}>
          ${icons.logout(18)}<span class="text">${t("user.logout")}</span>
        </button>
      </div>
    `;
  }

  private onSkip(event: Event): void {
    event.preventDefault();
    this.focusMain();
  }

  private onNavigate(event: MouseEvent): void {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.currentTarget as HTMLAnchorElement;
    event.preventDefault();
    this.dispatchEvent(
      new CustomEvent("navigate", {
        detail: { path: link.pathname },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private onLogout(): void {
    this.dispatchEvent(new CustomEvent("logout-request", { bubbles: true, composed: true }));
  }
}

customElements.define("cc-layout", CcLayout);

declare global {
  interface HTMLElementTagNameMap {
    "cc-layout": CcLayout;
  }
}
