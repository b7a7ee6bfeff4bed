import { css, html, LitElement } from "lit";
import type { User } from "../common/api_client.ts";
import "../common/coming_soon.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { icons } from "../common/icons.ts";
import { areaStyles, baseStyles, signedInAs } from "../common/styles.ts";

const FIGURES: readonly MessageKey[] = [
  "supervisor.figure.waiting",
  "supervisor.figure.longestWait",
  "supervisor.figure.serviceLevel",
  "supervisor.figure.agentsReady",
];

/**
 * The supervision area for team leads, supervisors and quality staff. For
 * now it shows the empty wallboard and what the area will offer; live queue
 * figures, agent states and call coaching arrive here.
 */
export class CcSupervisorHome extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    css`
      .figures {
        display: grid;
        grid-template-columns: repeat(4, minmax(0, 1fr));
        gap: 0.75rem;
        margin: 0 0 1.25rem;
      }
      .figure {
        padding: 0.875rem 1rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius-lg);
        background: var(--cc-surface);
        box-shadow: var(--cc-shadow);
      }
      .figure dt {
        color: var(--cc-text-muted);
        font-size: 0.8125rem;
      }
      .figure dd {
        margin: 0.25rem 0 0;
        color: var(--cc-text-subtle);
        font-size: 1.5rem;
        font-weight: 650;
        font-variant-numeric: tabular-nums;
      }
      @media (max-width: 700px) {
        .figures {
          grid-template-columns: repeat(2, minmax(0, 1fr));
        }
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
          <h1 data-testid="area-title" tabindex="-1" data-focus-target>${t("supervisor.title")}</h1>
          <p class="lead">${t("supervisor.lead")}</p>
        </div>
        ${signedInAs(this.user)}
      </div>
      <dl class="figures" aria-label=${t("supervisor.figuresLabel")}>
        ${FIGURES.map((key) =>
          html`
            <div class="figure">
              <dt>${t(key)}</dt>
              <dd><span aria-hidden="true">—</span><span class="visually-hidden">${t(
                "supervisor.noData",
              )}</span></dd>
            </div>
          `
        )}
      </dl>
      <div class="grid">
        <section class="panel" aria-labelledby="empty-title">
          <div class="empty">
            <span class="art">${icons.chart(26)}</span>
            <h2 id="empty-title">${t("supervisor.emptyTitle")}</h2>
            <p>${t("supervisor.emptyText")}</p>
          </div>
        </section>
        <cc-coming-soon
          .items=${[
            {
              icon: "chart",
              title: t("supervisor.item.wallboard"),
              text: t("supervisor.item.wallboardText"),
            },
            {
              icon: "users",
              title: t("supervisor.item.agents"),
              text: t("supervisor.item.agentsText"),
            },
            {
              icon: "listen",
              title: t("supervisor.item.coaching"),
              text: t("supervisor.item.coachingText"),
            },
            {
              icon: "badge",
              title: t("supervisor.item.quality"),
              text: t("supervisor.item.qualityText"),
            },
          ]}
        ></cc-coming-soon>
      </div>
    `;
  }
}

customElements.define("cc-supervisor-home", CcSupervisorHome);

declare global {
  interface HTMLElementTagNameMap {
    "cc-supervisor-home": CcSupervisorHome;
  }
}
