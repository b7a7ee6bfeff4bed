import { css, html, LitElement, nothing } from "lit";
import { I18nController, t } from "../common/i18n.ts";
import { icons } from "../common/icons.ts";
import { baseStyles } from "../common/styles.ts";
import { formatClock } from "./agent_state_rules.ts";
import { deskStyles } from "./desk_styles.ts";
import type { PopCase, ScreenPopView } from "./screen_pop_model.ts";

/** Short local date and time for a timeline entry. */
function when(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(document.documentElement.lang || undefined, {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}

/**
 * Who is calling, shown while the call rings: the queue, the wait and the
 * number dialled; the path through the IVR and the digits pressed; then the
 * customer card (VIP badge, company, tags, last agent) with their open cases,
 * last touched first, and recent contacts. An unknown caller gets a one-step
 * "create customer" form.
 *
 * @fires select-case - `detail.id` is the open case the agent picked to work on.
 * @fires create-customer - `detail.body` is the new customer to create.
 * @fires call-number - `detail` is the customer's number to call and their id.
 */
export class CcScreenPop extends LitElement {
  static override styles = [
    baseStyles,
    deskStyles,
    css`
      .facts {
        display: flex;
        flex-wrap: wrap;
        gap: 0.375rem 1.25rem;
        margin: 0;
        padding: 0.625rem 0.875rem;
        border-bottom: 1px solid var(--cc-border);
        background: var(--cc-surface-muted);
      }
      .facts div {
        display: grid;
        line-height: 1.25;
      }
      .facts dt {
        color: var(--cc-text-muted);
        font-size: 0.6875rem;
        font-weight: 600;
        text-transform: uppercase;
        letter-spacing: 0.03em;
      }
      .facts dd {
        margin: 0;
        font-weight: 600;
      }
      .ivr {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.25rem;
      }
      .ivr .sep {
        color: var(--cc-text-subtle);
      }
      .digits {
        font-family: var(--cc-font-mono);
        letter-spacing: 0.1em;
      }
      .customer {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr);
        gap: 0.75rem;
        align-items: start;
        padding: 0.75rem 0.875rem;
      }
      .avatar {
        display: grid;
        place-items: center;
        width: 2.75rem;
        height: 2.75rem;
        border-radius: 50%;
        background: var(--cc-accent-soft);
        color: var(--cc-accent);
        font-weight: 700;
        font-size: 1rem;
      }
      .name {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.375rem;
        margin: 0;
        font-size: 1.125rem;
        font-weight: 650;
      }
      .vip {
        border-color: #e9c46a;
        background: #fff6dc;
        color: #8a5a00;
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
        margin-top: 0.25rem;
        color: var(--cc-text-muted);
        font-size: 0.8125rem;
      }
      .tags {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        margin-top: 0.375rem;
      }
      .notes {
        margin: 0.375rem 0 0;
        color: var(--cc-text-muted);
        font-size: 0.8125rem;
        white-space: pre-line;
      }
      .section {
        border-top: 1px solid var(--cc-border);
      }
      .section h3 {
        display: flex;
        align-items: center;
        justify-content: space-between;
        margin: 0;
        padding: 0.5rem 0.875rem 0.25rem;
        color: var(--cc-text-muted);
        font-size: 0.75rem;
        font-weight: 650;
        letter-spacing: 0.03em;
        text-transform: uppercase;
      }
      .cases li button {
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        gap: 0.125rem 0.5rem;
        width: 100%;
        padding: 0.5rem 0.875rem;
        border: 0;
        border-left: 3px solid transparent;
        background: none;
        color: inherit;
        font: inherit;
        text-align: left;
        cursor: pointer;
      }
      .cases li button:hover {
        background: var(--cc-surface-muted);
      }
      .cases li button[aria-pressed="true"] {
        border-left-color: var(--cc-accent);
        background: var(--cc-accent-soft);
      }
      .cases .subject {
        font-weight: 600;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .cases .sub {
        grid-column: 1 / -1;
        color: var(--cc-text-muted);
        font-size: 0.75rem;
      }
      .timeline {
        max-height: 11rem;
        overflow-y: auto;
        padding: 0 0.875rem 0.5rem;
      }
      .timeline li {
        display: grid;
        grid-template-columns: 6.5rem minmax(0, 1fr);
        gap: 0.5rem;
        padding: 0.375rem 0;
        border-bottom: 1px dashed var(--cc-border);
        font-size: 0.8125rem;
      }
      .timeline li:last-child {
        border-bottom: 0;
      }
      .timeline .when {
        color: var(--cc-text-muted);
        font-variant-numeric: tabular-nums;
      }
      .timeline .what {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .create {
        display: grid;
        gap: 0.5rem;
        padding: 0.75rem 0.875rem;
      }
      .loading {
        padding: 1rem 0.875rem;
        color: var(--cc-text-muted);
      }
    `,
  ];

  static override properties = {
    view: { attribute: false },
    loading: { type: Boolean },
    problem: { type: String },
    selectedCaseId: { type: Number },
    creating: { type: Boolean },
    canCall: { type: Boolean },
  };

  /** The screen pop to show; null while nothing rings. */
  declare view: ScreenPopView | null;
  /** The call's context is being fetched. */
  declare loading: boolean;
  /** `missing` when the server has no context API, `error` when it failed. */
  declare problem: "missing" | "error" | null;
  /** The case the agent is working on. */
  declare selectedCaseId: number | null;
  /** A customer is being created. */
  declare creating: boolean;
  /** The phone is free: the customer's numbers can be called from the card. */
  declare canCall: boolean;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.view = null;
    this.loading = false;
    this.problem = null;
    this.selectedCaseId = null;
    this.creating = false;
    this.canCall = false;
  }

  override render() {
    return html`
      <section class="card" data-testid="screen-pop" aria-labelledby="pop-title">
        <div class="card-head">
          <h2 id="pop-title">${icons.card(18)}${t("pop.title")}</h2>
          ${this.view?.customer && this.view.customer.vipLevel > 0
            ? html`<span class="chip vip" data-testid="pop-vip">${icons.star(14)}${
              t("pop.vip", {
                level: this.view.customer.vipLevel,
              })
            }</span>`
            : nothing}
        </div>
        ${this.renderBody()}
      </section>
    `;
  }

  private renderBody() {
    const view = this.view;
    if (!view) {
      if (this.loading) return html`<p class="loading" role="status">${t("app.loading")}</p>`;
      if (this.problem) {
        return html`
          <div class="card-body">
            <div class="alert info" data-testid="pop-problem">
                    ${icons.info(16)}<span>${this.problem === "missing"
                      ? t("pop.unavailable")
                      : t("pop.loadFailed")}</span>
                  </div>
          </div>
        `;
      }
      return html`
        <div class="empty-note" data-testid="pop-empty">
          <span class="art">${icons.inbox(22)}</span>
          <strong>${t("pop.emptyTitle")}</strong>
          <span class="subtle">${t("pop.emptyText")}</span>
        </div>
      `;
    }
    return html`
      ${this.renderTransfer(view)} ${this.renderFacts(view)} ${view.customer
        ? this.renderCustomer(view)
        : this.renderUnknown(view)}
    `;
  }

  /** Who handed the call over, and their note, above everything else. */
  private renderTransfer(view: ScreenPopView) {
    const transfer = view.transfer;
    if (!transfer?.fromAgent) return nothing;
    return html`
      <div class="alert info" data-testid="pop-transfer">
        ${icons.transfer(16)}
        <span>
          <strong>${t("pop.transferredBy", { name: transfer.fromAgent })}</strong>
          ${transfer.note
            ? html`<span data-testid="pop-transfer-note"> — ${transfer.note}</span>`
            : nothing}
        </span>
      </div>
    `;
  }

  private renderFacts(view: ScreenPopView) {
    return html`
      <dl class="facts">
        <div>
          <dt>${t("pop.caller")}</dt>
          <dd data-testid="pop-caller">${view.caller || t("phone.unknownCaller")}</dd>
        </div>
        <div>
          <dt>${t("pop.queue")}</dt>
          <dd data-testid="pop-queue">${view.queue ?? "—"}</dd>
        </div>
        <div>
          <dt>${t("pop.wait")}</dt>
          <dd data-testid="pop-wait">${view.waitSeconds !== null
            ? formatClock(view.waitSeconds)
            : "—"}</dd>
        </div>
        <div>
          <dt>${t("pop.did")}</dt>
          <dd>${view.did || "—"}</dd>
        </div>
        <div>
          <dt>${t("pop.ivrPath")}</dt>
          <dd class="ivr" data-testid="pop-ivr-path">
            ${view.ivrPath.length
              ? view.ivrPath.map((node, i) =>
                html`${i > 0 ? html`<span class="sep" aria-hidden="true">›</span>` : nothing}
                  <span class="chip">${node}</span>`
              )
              : "—"}
          </dd>
        </div>
        <div>
          <dt>${t("pop.digits")}</dt>
          <dd class="digits" data-testid="pop-digits">${view.digits.length
            ? view.digits.join(" ")
            : "—"}</dd>
        </div>
      </dl>
    `;
  }

  private renderCustomer(view: ScreenPopView) {
    const c = view.customer!;
    const initial = [...c.name.trim()][0]?.toUpperCase() ?? "?";
    return html`
      <div class="customer">
        <span class="avatar" aria-hidden="true">${initial}</span>
        <div>
          <p class="name">
            <span data-testid="pop-customer-name">${c.name}</span>
            ${c.company ? html`<span class="chip">${c.company}</span>` : nothing}
          </p>
          <div class="meta">
            ${c.phones.length
              ? this.canCall
                ? c.phones.map((number) =>
                  html`
                    <button class="button small" type="button" data-testid="pop-call"
                      aria-label=${t("outbound.callNumber", { number })}
                      @click=${() => this.callNumber(number, c.id)}>${icons.phone(
                        14,
                      )}${number}</button>
                  `
                )
                : html`<span>${c.phones.join(", ")}</span>`
              : nothing}
            ${c.emails.length ? html`<span>${c.emails[0]}</span>` : nothing}
            ${c.lastAgent
              ? html`<span>${t("pop.lastAgent", { name: c.lastAgent })}</span>`
              : nothing}
          </div>
          ${c.tags.length
            ? html`<div class="tags">${
              c.tags.map((tag) => html`<span class="chip accent">${tag}</span>`)
            }</div>`
            : nothing} ${c.notes ? html`<p class="notes">${c.notes}</p>` : nothing}
        </div>
      </div>
      <div class="section">
        <h3>
          <span>${t("pop.openCases")}</span><span class="chip">${view.openCases.length}</span>
        </h3>
        ${view.openCases.length
          ? html`<ul class="plain cases" data-testid="pop-open-cases">
            ${view.openCases.map((k) => this.renderCase(k))}
          </ul>`
          : html`<p class="card-body subtle">${t("pop.noOpenCases")}</p>`}
      </div>
      <div class="section">
        <h3><span>${t("pop.timeline")}</span></h3>
        ${view.timeline.length
          ? html`<ul class="plain timeline" data-testid="pop-timeline">
            ${
            view.timeline.map((i) =>
              html`
                <li>
                  <span class="when">${when(i.startedAt)}</span>
                  <span class="what" title=${i.notes}>
                                  ${i.direction === "outbound" ? "↗" : "↙"} ${i.disposition ??
                                    t(`pop.channel.${i.channel === "call" ? "call" : "other"}`)}
                                  ${i.agent
                                    ? html`<span class="subtle">· ${i.agent}</span>`
                                    : nothing}
                                  ${i.notes
                                    ? html`<span class="subtle">· ${i.notes}</span>`
                                    : nothing}
                                </span>
                </li>
              `
            )
          }
          </ul>`
          : html`<p class="card-body subtle">${t("pop.noContacts")}</p>`}
      </div>
    `;
  }

  private renderCase(k: PopCase) {
    const selected = k.id === this.selectedCaseId;
    return html`
      <li>
        <button
          type="button"
          data-testid="pop-case"
          data-case-id=${k.id}
          aria-pressed=${selected ? "true" : "false"}
          @click=${() => this.selectCase(k.id)}
        >
          <span class="subject">#${k.id} ${k.subject}</span>
          <span class="chip ${k.priority === "urgent" || k.priority === "high" ? "danger" : ""}">${k
            .priority}</span>
          <span class="sub">${k.status} · ${k.category} · ${t("pop.updated", {
            when: when(k.updatedAt),
          })}</span>
        </button>
      </li>
    `;
  }

  private renderUnknown(view: ScreenPopView) {
    return html`
      <form class="create" data-testid="pop-unknown" @submit=${this.onCreate}>
        <div class="alert info">${icons.info(16)}<span>${t("pop.unknownCaller")}</span></div>
        <div class="field">
          <label for="new-name">${t("pop.newName")}</label>
          <input
            id="new-name"
            name="name"
            type="text"
            required
            autocomplete="off"
            .value=${view.newCustomer?.name ?? ""}
          />
        </div>
        <div class="row">
          <span class="subtle grow">${view.newCustomer?.phones.map((p) => p.number).join(", ") ??
            ""}</span>
          <button
            class="button primary small"
            type="submit"
            data-testid="create-customer"
            ?disabled=${this.creating}
          >
            ${icons.plus(16)}${t("pop.createCustomer")}
          </button>
        </div>
      </form>
    `;
  }

  private selectCase(id: number): void {
    this.dispatchEvent(
      new CustomEvent("select-case", { detail: { id }, bubbles: true, composed: true }),
    );
  }

  private callNumber(number: string, customerId: number): void {
    this.dispatchEvent(new CustomEvent("call-number", { detail: { number, customerId } }));
  }

  private onCreate(event: SubmitEvent): void {
    event.preventDefault();
    const view = this.view;
    if (!view?.newCustomer) return;
    const name = String(new FormData(event.currentTarget as HTMLFormElement).get("name") ?? "")
      .trim();
    if (!name) return;
    this.dispatchEvent(
      new CustomEvent("create-customer", {
        detail: { body: { ...view.newCustomer, name } },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

customElements.define("cc-screen-pop", CcScreenPop);

declare global {
  interface HTMLElementTagNameMap {
    "cc-screen-pop": CcScreenPop;
  }
}
