import { css, html, LitElement, nothing } from "lit";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import { deskStyles } from "./desk_styles.ts";
import type { WorkCounts, WorkList } from "./tiers_api.ts";
import type { SlaNotice } from "./work_controller.ts";

const COUNTED: readonly (keyof WorkCounts)[] = [
  "assigned",
  "due_today",
  "breached",
  "waiting",
  "follow_ups",
];
const LIST_OF: Partial<Record<keyof WorkCounts, WorkList>> = {
  assigned: "assigned",
  due_today: "due_today",
  breached: "breached",
  waiting: "waiting",
  follow_ups: "tasks",
};

/**
 * The desk's work header: one search box for customers and cases, the counts of the
 * agent's lists (each opens its list), and SLA notices for the agent's cases.
 *
 * @fires work-search - `detail.q` is what to find.
 * @fires work-list - `detail.list` is the list to open.
 * @fires navigate - `detail.path` is the desk (`/agent`) or a case page.
 * @fires notice-dismiss - `detail.caseId` is the notice to drop.
 */
export class CcWorkBar extends LitElement {
  static override styles = [
    baseStyles,
    deskStyles,
    css`
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        margin: 0.5rem 0;
      }
      form {
        display: flex;
        gap: 0.375rem;
        flex: 1 1 18rem;
        max-width: 28rem;
      }
      .button {
        white-space: nowrap;
      }
      .count {
        white-space: nowrap;
        display: inline-flex;
        align-items: center;
        gap: 0.3125rem;
        padding: 0.25rem 0.5rem;
        border: 1px solid var(--cc-border);
        border-radius: 999px;
        background: var(--cc-surface);
        color: var(--cc-text);
        font: inherit;
        font-size: 0.8125rem;
        cursor: pointer;
      }
      .count strong {
        font-variant-numeric: tabular-nums;
      }
      .count[data-kind="breached"][data-hot] {
        border-color: var(--cc-danger, #c62828);
        color: var(--cc-danger-text, #a01c1c);
      }
      .notices {
        display: grid;
        gap: 0.375rem;
        margin-bottom: 0.5rem;
      }
    `,
  ];

  static override properties = {
    counts: { attribute: false },
    notices: { attribute: false },
    onDesk: { type: Boolean },
  };

  declare counts: WorkCounts;
  declare notices: readonly SlaNotice[];
  /** Whether the call desk is showing (else a work page is, with a way back). */
  declare onDesk: boolean;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.counts = { assigned: 0, due_today: 0, breached: 0, waiting: 0, follow_ups: 0 };
    this.notices = [];
    this.onDesk = true;
  }

  /** Puts the cursor in the search box (Alt + F). */
  focusSearch(): void {
    this.renderRoot.querySelector<HTMLInputElement>("input[type=search]")?.focus();
  }

  override render() {
    return html`
      <div class="bar" data-testid="work-bar">
        ${this.onDesk ? nothing : html`
          <a class="button small" href="/agent" data-testid="back-to-desk"
            @click=${(e: Event) => this.fire(e, "navigate", { path: "/agent" })}>← ${t(
              "tiers.backToDesk",
            )}</a>
        `}
        <form role="search" @submit=${this.onSearch}>
          <input type="search" name="q" data-testid="work-search"
            aria-label=${t("tiers.search")} placeholder=${t("tiers.searchHint")}>
          <button class="button small" type="submit">${t("tiers.searchGo")}</button>
        </form>
        <span class="subtle">${t("tiers.myWork")}:</span>
        ${COUNTED.map((kind) =>
          html`
            <button type="button" class="count" data-kind=${kind} data-testid="count-${kind}"
              ?data-hot=${this.counts[kind] > 0}
              @click=${(e: Event) =>
                this.fire(e, "work-list", { list: LIST_OF[kind] ?? "assigned" })}
            >${t(`tiers.count.${kind}`)} <strong>${this.counts[kind]}</strong></button>
          `
        )}
        <button type="button" class="count" data-testid="open-tier2"
          @click=${(e: Event) => this.fire(e, "work-list", { list: "tier2" })}>${t(
            "tiers.list.tier2",
          )}</button>
      </div>
      ${this.notices.length
        ? html`<div class="notices" aria-live="polite">
          ${
          this.notices.map((n) =>
            html`
              <div class="alert ${n.state === "warning" ? "warn" : ""}" role="alert"
                data-testid="sla-notice" data-state=${n.state} data-case-id=${n.caseId}>
                <span class="grow">${t(
                  n.state === "warning" ? "tiers.sla.warning" : "tiers.sla.breached",
                  {
                    id: n.caseId,
                    subject: n.subject,
                  },
                )}</span>
                <a class="button small" href="/agent/cases/${n.caseId}" @click=${(e: Event) =>
                  this.fire(e, "navigate", { path: `/agent/cases/${n.caseId}` })}>${t(
                    "tiers.sla.open",
                  )}</a>
                <button type="button" class="button small" aria-label=${t("common.dismiss")}
                  @click=${(e: Event) =>
                    this.fire(e, "notice-dismiss", { caseId: n.caseId })}>✕</button>
              </div>
            `
          )
        }
        </div>`
        : nothing}
    `;
  }

  private onSearch(event: SubmitEvent) {
    event.preventDefault();
    const q = String(new FormData(event.target as HTMLFormElement).get("q") ?? "").trim();
    if (q) this.fire(event, "work-search", { q });
  }

  private fire(event: Event, type: string, detail: unknown) {
    event.preventDefault();
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

customElements.define("cc-work-bar", CcWorkBar);

declare global {
  interface HTMLElementTagNameMap {
    "cc-work-bar": CcWorkBar;
  }
}
