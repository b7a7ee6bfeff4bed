import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import "./email_waiting.ts";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import "./case_table.ts";
import "./task_list.ts";
import { deskStyles } from "./desk_styles.ts";
import {
  type CaseRow,
  type CustomerHit,
  TiersApi,
  WORK_LISTS,
  type WorkList,
} from "./tiers_api.ts";

const STATUSES = [
  "new",
  "open",
  "pending_customer",
  "escalated",
  "resolved",
  "closed",
  "reopened",
] as const;
const PRIORITIES = ["low", "normal", "high", "urgent"] as const;

/**
 * Work outside a call at `/agent/work` and `/agent/search`: the agent's lists (assigned,
 * due today, breached, waiting on the customer, the tier-2 queue, the tasks to call), and
 * for a search the customers found by any key beside the cases found with filters.
 *
 * @fires navigate - `detail.path` is the customer or case page chosen.
 */
export class CcWorkPage extends LitElement {
  static override styles = [
    baseStyles,
    deskStyles,
    css`
      .tabs {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        margin-bottom: 0.5rem;
      }
      .filters {
        display: flex;
        flex-wrap: wrap;
        align-items: end;
        gap: 0.5rem;
        margin-bottom: 0.5rem;
      }
      .filters .field {
        margin: 0;
        min-width: 8rem;
      }
      ul.customers {
        display: grid;
        gap: 0.25rem;
        margin: 0 0 0.75rem;
        padding: 0;
        list-style: none;
      }
      .stack {
        display: grid;
        gap: 0.75rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    mode: { type: String },
    list: { type: String },
    query: { type: String },
    now: { attribute: false },
    cases: { state: true },
    customers: { state: true },
    loading: { state: true },
  };

  declare api: ApiClient | null;
  /** `work` shows a list, `search` the results of {@linkcode query}. */
  declare mode: "work" | "search";
  declare list: WorkList;
  declare query: string;
  declare now: number;
  declare private cases: CaseRow[];
  declare private customers: CustomerHit[];
  declare private loading: boolean;
  #filters: Record<string, string> = {};

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.api = null;
    this.mode = "work";
    this.list = "assigned";
    this.query = "";
    this.now = Date.now();
    this.cases = [];
    this.customers = [];
    this.loading = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (
      this.api && (changed.has("api") || changed.has("mode") || changed.has("list") ||
        changed.has("query"))
    ) void this.load();
  }

  async load(): Promise<void> {
    if (!this.api) return;
    const api = new TiersApi(this.api);
    this.loading = true;
    try {
      if (this.mode === "work") {
        this.customers = [];
        // The task list loads its own rows.
        if (this.list === "tasks") return;
        this.cases = this.list === "tier2"
          ? (await this.api.request<{ cases: CaseRow[] }>("GET", "/cases/tier2-queue")).cases
          : (await api.work(this.list)).cases;
      } else {
        const [people, found] = await Promise.all([
          this.query ? api.findCustomers(this.query) : Promise.resolve({ customers: [] }),
          api.searchCases({ ...this.#filters, q: this.query }),
        ]);
        this.customers = people.customers;
        this.cases = found.cases;
      }
    } catch {
      this.cases = [];
    } finally {
      this.loading = false;
    }
  }

  override render() {
    return html`
      <div class="stack">
        ${this.mode === "work"
          ? html`<cc-email-waiting .api=${this.api}></cc-email-waiting>${this.renderTabs()}`
          : this.renderSearch()}
        <section class="card">
          <div class="card-head"><h2 data-testid="work-heading">${this.mode === "work"
            ? t(`tiers.list.${this.list}` as MessageKey)
            : t("tiers.cases")}</h2>${this.loading
            ? html`<span class="subtle">${t("tiers.loading")}</span>`
            : nothing}</div>
          <div class="card-body">
            ${this.mode === "work" && this.list === "tasks"
              ? html`<cc-task-list .api=${this.api} .now=${this.now}></cc-task-list>`
              : html`
                <cc-case-table data-testid="work-cases" .cases=${this.cases} .now=${this.now}
                ></cc-case-table>
              `}
          </div>
        </section>
      </div>
    `;
  }

  private renderTabs() {
    return html`<div class="tabs" role="tablist">
      ${
      WORK_LISTS.map((list) =>
        html`
          <button class="button small" role="tab" type="button" data-testid="list-${list}"
            aria-selected=${list === this.list ? "true" : "false"}
            aria-pressed=${list === this.list ? "true" : "false"}
            @click=${() => this.list = list}>${t(`tiers.list.${list}` as MessageKey)}</button>
        `
      )
    }
    </div>`;
  }

  private renderSearch() {
    return html`
      <section class="card">
        <div class="card-head">
          <h2>${t("tiers.customers")}</h2>
        </div>
        <div class="card-body">
          ${this.customers.length === 0
            ? html`<p class="muted">${t("tiers.noCustomers")}</p>`
            : html`<ul class="customers" data-testid="customer-results">
              ${
              this.customers.map((c) =>
                html`<li><a href="/agent/customers/${c.id}" @click=${(e: Event) =>
                  this.go(e, `/agent/customers/${c.id}`)}>${c.name}</a>
                  <span class="subtle">${c.phones.join(", ")} · ${
                  t(`tiers.matched.${c.matched}` as MessageKey)
                }</span></li>`
              )
            }
            </ul>`}
        </div>
      </section>
      <form class="filters" @change=${this.onFilter} @submit=${(e: Event) => e.preventDefault()}>
        ${this.select("status", "tiers.filter.status", STATUSES, "tiers.status.")}
        ${this.select("priority", "tiers.filter.priority", PRIORITIES, "tiers.priority.")}
        <div class="field"><label for="f-tier">${t("tiers.filter.tier")}</label>
          <select id="f-tier" name="tier"><option value="">${t("tiers.filter.any")}</option>
            <option value="1">1</option><option value="2">2</option></select></div>
        <label class="row"><input type="checkbox" name="breached" value="1"> ${t(
          "tiers.filter.breached",
        )}</label>
        <label class="row"><input type="checkbox" name="mine" value="1"> ${t(
          "tiers.filter.mine",
        )}</label>
      </form>
    `;
  }

  private select(name: string, label: MessageKey, values: readonly string[], prefix: string) {
    return html`<div class="field"><label for="f-${name}">${t(label)}</label>
      <select id="f-${name}" name=${name}>
        <option value="">${t("tiers.filter.any")}</option>
        ${values.map((v) => html`<option value=${v}>${t(`${prefix}${v}` as MessageKey)}</option>`)}
      </select></div>`;
  }

  private onFilter(event: Event) {
    const form = (event.target as HTMLElement).closest("form")!;
    const data = new FormData(form);
    this.#filters = Object.fromEntries(
      ["status", "priority", "tier", "breached", "mine"].map((k) => [k, String(data.get(k) ?? "")]),
    );
    void this.load();
  }

  private go(event: Event, path: string) {
    event.preventDefault();
    this.dispatchEvent(
      new CustomEvent("navigate", { detail: { path }, bubbles: true, composed: true }),
    );
  }
}

customElements.define("cc-work-page", CcWorkPage);

declare global {
  interface HTMLElementTagNameMap {
    "cc-work-page": CcWorkPage;
  }
}
