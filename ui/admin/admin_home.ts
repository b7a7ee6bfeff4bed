import { css, html, LitElement, nothing, type TemplateResult } from "lit";
import type { EventsController } from "../common/events_controller.ts";
import type { ApiClient, User } from "../common/api_client.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { icons } from "../common/icons.ts";
import { areaStyles, baseStyles, signedInAs } from "../common/styles.ts";
import "./admin_resource.ts";
import "./first_run_checklist.ts";
import type { CcFirstRunChecklist } from "./first_run_checklist.ts";
import "./hours_editor.ts";
import "./user_import.ts";
import "./backups_panel.ts";
import "./registrations_panel.ts";
import "./system_panel.ts";
import "./center_panel.ts";
import "./prompts_panel.ts";
import {
  reasonsResource,
  skillsResource,
  teamsResource,
  usersResource,
} from "./people_resources.ts";
import { queuesResource } from "./queue_resource.ts";
import { dispositionsResource } from "./crm_resources.ts";
import type { AdminResource } from "./resource.ts";
import { numbersResource, trunksResource } from "./telephony_resources.ts";

/** Where the server publishes its API reference. */
export const API_DOCS_PATH = "/api/v1/docs";

const RESOURCES: Record<string, AdminResource> = {
  users: usersResource,
  teams: teamsResource,
  skills: skillsResource,
  reasons: reasonsResource,
  queues: queuesResource,
  trunks: trunksResource,
  numbers: numbersResource,
  dispositions: dispositionsResource,
};

/** The navigation: groups of sections, in the order a new center sets them up. */
const NAV: { group: MessageKey | null; sections: { id: string; label: MessageKey }[] }[] = [
  {
    group: null,
    sections: [
      { id: "checklist", label: "admin.nav.checklist" },
      { id: "center", label: "admin.nav.center" },
    ],
  },
  {
    group: "admin.nav.groupPeople",
    sections: [
      { id: "users", label: "admin.nav.users" },
      { id: "import", label: "admin.nav.import" },
      { id: "teams", label: "admin.nav.teams" },
      { id: "skills", label: "admin.nav.skills" },
      { id: "reasons", label: "admin.nav.reasons" },
    ],
  },
  {
    group: "admin.nav.groupCalls",
    sections: [
      { id: "queues", label: "admin.nav.queues" },
      { id: "hours", label: "admin.nav.hours" },
      { id: "prompts", label: "admin.nav.prompts" },
      { id: "dispositions", label: "admin.nav.dispositions" },
    ],
  },
  {
    group: "admin.nav.groupTelephony",
    sections: [
      { id: "trunks", label: "admin.nav.trunks" },
      { id: "numbers", label: "admin.nav.numbers" },
      { id: "registrations", label: "admin.nav.registrations" },
    ],
  },
  {
    group: "admin.nav.groupSystem",
    sections: [
      { id: "backups", label: "admin.nav.backups" },
      { id: "system", label: "admin.nav.system" },
    ],
  },
];

/**
 * The administration area: a first-run checklist and one screen per thing an admin
 * sets up (people, queues, hours, trunks, numbers), chosen from a side navigation.
 */
export class CcAdminHome extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    css`
      .layout {
        display: grid;
        grid-template-columns: 12rem minmax(0, 1fr);
        gap: 1rem;
        align-items: start;
      }
      nav ul {
        margin: 0 0 0.75rem;
        padding: 0;
        list-style: none;
      }
      nav h2 {
        margin: 0.5rem 0 0.25rem;
        color: var(--cc-text-muted);
        font-size: 0.75rem;
        font-weight: 600;
        text-transform: uppercase;
        letter-spacing: 0.04em;
      }
      nav button {
        display: block;
        width: 100%;
        padding: 0.375rem 0.625rem;
        border: 0;
        border-radius: var(--cc-radius);
        background: none;
        color: var(--cc-text);
        font: inherit;
        font-size: 0.9rem;
        text-align: left;
        cursor: pointer;
      }
      nav button:hover {
        background: var(--cc-surface-muted);
      }
      nav button[aria-current="page"] {
        background: var(--cc-accent-soft);
        color: var(--cc-accent-strong, var(--cc-accent));
        font-weight: 600;
      }
      .docs {
        display: inline-flex;
        gap: 0.25rem;
        align-items: center;
        margin-top: 0.5rem;
        font-size: 0.8125rem;
      }
    `,
  ];

  static override properties = {
    user: { attribute: false },
    api: { attribute: false },
    events: { attribute: false },
    section: { state: true },
  };

  /** The signed-in user. */
  declare user: User | null;
  /** The shell's API client, signed in. */
  declare api: ApiClient | null;
  /** The shell's live event hub, so screens showing live state (trunks) update without reload. */
  declare events: EventsController | null;
  declare private section: string;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.user = null;
    this.api = null;
    this.events = null;
    this.section = "checklist";
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
      <div class="layout">
        <nav aria-label=${t("admin.nav.label")} data-testid="admin-nav">
          ${NAV.map((g) =>
            html`
              ${g.group ? html`<h2>${t(g.group)}</h2>` : nothing}
              <ul>
                ${g.sections.map((s) =>
                  html`
                    <li>
                      <button
                        data-section=${s.id}
                        aria-current=${this.section === s.id ? "page" : nothing}
                        @click=${() => this.open(s.id)}
                      >${t(s.label)}</button>
                    </li>
                  `
                )}
              </ul>
            `
          )}
          <a class="docs" href=${API_DOCS_PATH} target="_blank" rel="noopener" data-testid="api-docs-link">
            ${t("admin.docs")} ${icons.external(12)}
          </a>
        </nav>
        <div @admin-open=${this.onOpen} @admin-changed=${this.onChanged}>
          ${this.renderSection()}
        </div>
      </div>
    `;
  }

  private renderSection() {
    const api = this.api;
    if (!api) return nothing;
    const panels: Record<string, () => TemplateResult> = {
      checklist: () => html`<cc-first-run-checklist .api=${api}></cc-first-run-checklist>`,
      center: () => html`<cc-center-panel .api=${api}></cc-center-panel>`,
      import: () => html`<cc-user-import .api=${api}></cc-user-import>`,
      hours: () => html`<cc-hours-editor .api=${api}></cc-hours-editor>`,
      prompts: () => html`<cc-prompts-panel .api=${api}></cc-prompts-panel>`,
      registrations: () => html`<cc-registrations-panel .api=${api}></cc-registrations-panel>`,
      backups: () => html`<cc-backups-panel .api=${api}></cc-backups-panel>`,
      system: () => html`<cc-system-panel .api=${api}></cc-system-panel>`,
    };
    const panel = panels[this.section];
    if (panel) return panel();
    const resource = RESOURCES[this.section];
    return resource
      ? html`
        <cc-admin-resource
          .api=${api}
          .resource=${resource}
          .events=${this.events}
        ></cc-admin-resource>
      `
      : nothing;
  }

  private open(section: string): void {
    this.section = section;
  }

  private onOpen(event: CustomEvent<{ section: string }>): void {
    this.open(event.detail.section);
  }

  private onChanged(): void {
    void this.renderRoot.querySelector<CcFirstRunChecklist>("cc-first-run-checklist")?.refresh();
  }
}

customElements.define("cc-admin-home", CcAdminHome);

declare global {
  interface HTMLElementTagNameMap {
    "cc-admin-home": CcAdminHome;
  }
}
