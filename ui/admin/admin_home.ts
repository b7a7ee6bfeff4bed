import { css, html, LitElement } from "lit";
import type { User } from "../common/api_client.ts";
import "../common/coming_soon.ts";
import { I18nController, t } from "../common/i18n.ts";
import { icons } from "../common/icons.ts";
import { areaStyles, baseStyles, signedInAs } from "../common/styles.ts";

/** Where the server publishes its API reference. */
export const API_DOCS_PATH = "/api/v1/docs";

/**
 * The administration area. For now it links the API reference and shows what
 * the area will offer; users, queues, trunks and call flows arrive here.
 */
export class CcAdminHome extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    css`
      .tools {
        display: grid;
        gap: 0.75rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .tool {
        display: flex;
        gap: 0.875rem;
        align-items: flex-start;
        padding: 1rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius);
        color: inherit;
        text-decoration: none;
        transition: border-color 120ms ease, background-color 120ms ease;
      }
      .tool:hover {
        border-color: var(--cc-accent);
        background: var(--cc-accent-soft);
      }
      .tool:focus-visible {
        border-radius: var(--cc-radius);
      }
      .tool-icon {
        display: grid;
        place-items: center;
        flex: none;
        width: 2.5rem;
        height: 2.5rem;
        border-radius: var(--cc-radius);
        background: var(--cc-accent-soft);
        color: var(--cc-accent);
      }
      .tool h3 {
        display: flex;
        align-items: center;
        gap: 0.375rem;
        margin: 0 0 0.125rem;
        color: var(--cc-link);
        font-size: 0.9375rem;
        font-weight: 600;
      }
      .tool p {
        margin: 0;
        color: var(--cc-text-muted);
        font-size: 0.875rem;
      }
      .tool code {
        font-family: var(--cc-font-mono);
        font-size: 0.8125rem;
      }
    `,
  ];

  static override properties = {
    user: { attribute: false },
  };

  /** The signed-in user. */
  declare user: User | null;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.user = null;
  }

  override render() {
    return html`
      <div class="area-header">
        <div>
          <h1 data-testid="area-title" tabindex="-1" data-focus-target>${t("admin.title")}</h1>
          <p class="lead">${t("admin.lead")}</p>
        </div>
        ${signedInAs(this.user)}
      </div>
      <div class="grid">
        <section class="panel" aria-labelledby="tools-title">
          <header>
            <h2 id="tools-title">${t("admin.toolsTitle")}</h2>
          </header>
          <div class="panel-body">
            <ul class="tools">
              <li>
                <a
                  class="tool"
                  href=${API_DOCS_PATH}
                  target="_blank"
                  rel="noopener"
                  data-testid="api-docs-link"
                >
                  <span class="tool-icon">${icons.book(20)}</span>
                  <div>
                    <h3>${t("admin.docs")} ${icons.external(14)}</h3>
                    <p>${t("admin.docsText")}</p>
                    <p><code>${API_DOCS_PATH}</code></p>
                  </div>
                </a>
              </li>
            </ul>
          </div>
        </section>
        <cc-coming-soon
          .items=${[
            { icon: "users", title: t("admin.item.users"), text: t("admin.item.usersText") },
            { icon: "queue", title: t("admin.item.queues"), text: t("admin.item.queuesText") },
            { icon: "plug", title: t("admin.item.trunks"), text: t("admin.item.trunksText") },
            { icon: "flow", title: t("admin.item.ivr"), text: t("admin.item.ivrText") },
          ]}
        ></cc-coming-soon>
      </div>
    `;
  }
}

customElements.define("cc-admin-home", CcAdminHome);

declare global {
  interface HTMLElementTagNameMap {
    "cc-admin-home": CcAdminHome;
  }
}
