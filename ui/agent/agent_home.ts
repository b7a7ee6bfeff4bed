import { css, html, LitElement } from "lit";
import type { User } from "../common/api_client.ts";
import "../common/coming_soon.ts";
import { I18nController, t } from "../common/i18n.ts";
import { icons } from "../common/icons.ts";
import { areaStyles, baseStyles, signedInAs } from "../common/styles.ts";

/**
 * The agent desktop. For now it shows who is signed in, their station, and
 * what the desktop will offer; calls, status and the customer card arrive here.
 */
export class CcAgentHome extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    css`
      .station .panel-body {
        display: grid;
        gap: 1.25rem;
      }
      .empty {
        padding: 1.75rem 1rem 0.5rem;
        border-top: 1px dashed var(--cc-border);
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
    const user = this.user;
    return html`
      <div class="area-header">
        <div>
          <h1 data-testid="area-title" tabindex="-1" data-focus-target>${t("agent.title")}</h1>
          <p class="lead">${t("agent.lead")}</p>
        </div>
        ${signedInAs(user)}
      </div>
      <div class="grid">
        <section class="panel station" aria-labelledby="station-title">
          <header>
            <h2 id="station-title">${t("agent.statusTitle")}</h2>
          </header>
          <div class="panel-body">
            <dl class="facts">
              <dt>${t("agent.extension")}</dt>
              <dd>${user?.extension ?? t("user.noExtension")}</dd>
              <dt>${t("agent.role")}</dt>
              <dd>${user ? t(`role.${user.role}`) : ""}</dd>
            </dl>
            <div class="empty">
              <span class="art">${icons.inbox(26)}</span>
              <h3>${t("agent.noCalls")}</h3>
              <p>${t("agent.noCallsText")}</p>
            </div>
          </div>
        </section>
        <cc-coming-soon
          .items=${[
            {
              icon: "headset",
              title: t("agent.item.softphone"),
              text: t("agent.item.softphoneText"),
            },
            { icon: "toggle", title: t("agent.item.status"), text: t("agent.item.statusText") },
            { icon: "card", title: t("agent.item.customer"), text: t("agent.item.customerText") },
            { icon: "note", title: t("agent.item.notes"), text: t("agent.item.notesText") },
          ]}
        ></cc-coming-soon>
      </div>
    `;
  }
}

customElements.define("cc-agent-home", CcAgentHome);

declare global {
  interface HTMLElementTagNameMap {
    "cc-agent-home": CcAgentHome;
  }
}
