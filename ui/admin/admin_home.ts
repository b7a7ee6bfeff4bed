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
import "./api_tokens_panel.ts";
import "./replication_panel.ts";
import "./center_panel.ts";
import "./sms_gateway_panel.ts";
import "./prompts_panel.ts";
import "./custom_fields_panel.ts";
import "./sla_rules_panel.ts";
import "./kb_articles_panel.ts";
import "./quick_replies_panel.ts";
import "./script_editor.ts";
import "./customer_import.ts";
import "./crm_exports_panel.ts";
import "./flows/flows_panel.ts";
import "./flows/flow_editor.ts";
import "./mailboxes_panel.ts";
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
      { id: "flows", label: "admin.nav.flows" },
      { id: "hours", label: "admin.nav.hours" },
      { id: "prompts", label: "admin.nav.prompts" },
      { id: "dispositions", label: "admin.nav.dispositions" },
    ],
  },
  {
    group: "crmAdmin.nav.groupCrm",
    sections: [
      { id: "fields", label: "crmAdmin.nav.fields" },
      { id: "sla", label: "crmAdmin.nav.sla" },
      { id: "kb", label: "crmAdmin.nav.kb" },
      { id: "scripts", label: "crmAdmin.nav.scripts" },
      { id: "mailboxes", label: "admin.nav.mailboxes" },
      { id: "quick-replies", label: "chat.nav.quickReplies" },
    ],
  },
  {
    group: "admin.nav.groupTelephony",
    sections: [
      { id: "trunks", label: "admin.nav.trunks" },
      { id: "numbers", label: "admin.nav.numbers" },
      { id: "registrations", label: "admin.nav.registrations" },
      { id: "sms", label: "smsGateway.nav" },
    ],
  },
  {
    group: "crmAdmin.nav.groupData",
    sections: [
      { id: "customer-import", label: "crmAdmin.nav.import" },
      { id: "export", label: "crmAdmin.nav.export" },
    ],
  },
  {
    group: "admin.nav.groupSystem",
    sections: [
      { id: "backups", label: "admin.nav.backups" },
      { id: "replication", label: "admin.nav.replication" },
      { id: "system", label: "admin.nav.system" },
      { id: "tokens", label: "admsys.nav.tokens" },
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
      /* A flow's canvas needs the width: the section list steps aside while it is open. */
      .layout.wide {
        grid-template-columns: minmax(0, 1fr);
      }
      .layout.wide nav {
        display: none;
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
    subpath: { attribute: false },
    events: { attribute: false },
    section: { state: true },
  };

  /** The signed-in user. */
  declare user: User | null;
  /** The shell's API client, signed in. */
  declare api: ApiClient | null;
  /** What follows `/admin` in the address: `flows`, or `flows/<id>` for one flow. */
  declare subpath: string;
  /** The shell's live event hub, so screens showing live state (trunks) update without reload. */
  declare events: EventsController | null;
  declare private section: string;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.user = null;
    this.api = null;
    this.subpath = "";
    this.events = null;
    this.section = "checklist";
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("subpath") && this.subpath.startsWith("flows")) this.section = "flows";
    // A standby opens its admins straight on how it follows the primary.
    if (changed.has("subpath") && this.subpath === "replication") this.section = "replication";
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
      <div class="layout ${this.editingFlow() ? "wide" : ""}">
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
        <div
          @admin-open=${this.onOpen}
          @admin-changed=${this.onChanged}
          @flow-open=${this.onFlowOpen}
          @flow-close=${() => this.navigate("/admin/flows")}
        >
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
      sms: () => html`<cc-sms-gateway-panel .api=${api}></cc-sms-gateway-panel>`,
      import: () => html`<cc-user-import .api=${api}></cc-user-import>`,
      hours: () => html`<cc-hours-editor .api=${api}></cc-hours-editor>`,
      prompts: () => html`<cc-prompts-panel .api=${api}></cc-prompts-panel>`,
      registrations: () => html`<cc-registrations-panel .api=${api}></cc-registrations-panel>`,
      backups: () => html`<cc-backups-panel .api=${api}></cc-backups-panel>`,
      replication: () => html`<cc-replication-panel .api=${api}></cc-replication-panel>`,
      system: () => html`<cc-system-panel .api=${api}></cc-system-panel>`,
      fields: () => html`<cc-custom-fields-panel .api=${api}></cc-custom-fields-panel>`,
      sla: () => html`<cc-sla-rules-panel .api=${api}></cc-sla-rules-panel>`,
      kb: () => html`<cc-kb-articles-panel .api=${api}></cc-kb-articles-panel>`,
      scripts: () => html`<cc-script-editor .api=${api}></cc-script-editor>`,
      "quick-replies": () => html`<cc-quick-replies-panel .api=${api}></cc-quick-replies-panel>`,
      "customer-import": () => html`<cc-customer-import .api=${api}></cc-customer-import>`,
      export: () => html`<cc-crm-exports-panel></cc-crm-exports-panel>`,
      tokens: () => html`<cc-api-tokens-panel .api=${api}></cc-api-tokens-panel>`,
      mailboxes: () =>
        html`<cc-mailboxes-panel .api=${api} .events=${this.events}></cc-mailboxes-panel>`,
    };
    if (this.section === "flows") {
      const id = Number(/^flows\/(\d+)$/.exec(this.subpath)?.[1] ?? 0);
      return id
        ? html`<cc-flow-editor .api=${api} .flowId=${id}></cc-flow-editor>`
        : html`<cc-flows-panel .api=${api}></cc-flows-panel>`;
    }
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

  private editingFlow(): boolean {
    return this.section === "flows" && /^flows\/\d+$/.test(this.subpath);
  }

  private open(section: string): void {
    // Call flows have addresses of their own; the other sections live at /admin.
    if (section === "flows") this.navigate("/admin/flows");
    else if (this.subpath) this.navigate("/admin");
    this.section = section;
  }

  private navigate(path: string): void {
    this.dispatchEvent(
      new CustomEvent("navigate", { detail: { path }, bubbles: true, composed: true }),
    );
  }

  private onFlowOpen(event: CustomEvent<{ id: number }>): void {
    this.navigate(`/admin/flows/${event.detail.id}`);
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
