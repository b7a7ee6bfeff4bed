import { css, html, LitElement } from "lit";
import { I18nController, t } from "./i18n.ts";
import { type IconName, icons } from "./icons.ts";
import { areaStyles, baseStyles } from "./styles.ts";

/** One capability announced for an area. */
export interface ComingItem {
  icon: IconName;
  title: string;
  text: string;
}

/**
 * A panel listing the capabilities an area is about to gain, each with an
 * icon, a title and one sentence, marked as planned.
 */
export class CcComingSoon extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    css`
      .panel-body {
        padding-top: 0.875rem;
      }
      h2 {
        display: flex;
        align-items: center;
        gap: 0.5rem;
      }
    `,
  ];

  static override properties = {
    items: { attribute: false },
  };

  /** What is coming, in the order to show it. */
  declare items: ComingItem[];

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.items = [];
  }

  override render() {
    return html`
      <section class="panel" aria-labelledby="coming-title" data-testid="coming-soon">
        <header>
          <h2 id="coming-title">
            ${t("area.comingTitle")} <span class="tag">${t("area.planned")}</span>
          </h2>
          <p class="intro">${t("area.comingIntro")}</p>
        </header>
        <div class="panel-body">
          <ul class="features">
            ${this.items.map((item) =>
              html`
                <li>
                  <span class="feature-icon">${icons[item.icon](20)}</span>
                  <div>
                    <h3>${item.title}</h3>
                    <p>${item.text}</p>
                  </div>
                </li>
              `
            )}
          </ul>
        </div>
      </section>
    `;
  }
}

customElements.define("cc-coming-soon", CcComingSoon);

declare global {
  interface HTMLElementTagNameMap {
    "cc-coming-soon": CcComingSoon;
  }
}
