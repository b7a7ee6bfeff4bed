import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import type { EventsController } from "../common/events_controller.ts";
import { baseStyles } from "../common/styles.ts";
import "./case_table.ts";
import { deskStyles } from "./desk_styles.ts";
import "./sms_thread.ts";
import { type CustomerPage, mergeTimeline, TiersApi } from "./tiers_api.ts";
import { dateTime } from "../common/dates.ts";

/**
 * The customer page at `/agent/customers/:id`: details, phones, consent, every case and
 * the timeline of contacts on every channel with the notes on their cases (so tier 1
 * sees what tier 2 wrote back), and the customer's text messages with a reply box.
 *
 * @fires navigate - `detail.path` is a case page chosen from the list or the timeline.
 * @fires call-number - `detail` is one of the customer's numbers to call, and their id.
 */
export class CcCustomerPage extends LitElement {
  static override styles = [
    baseStyles,
    deskStyles,
    css`
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1.2fr);
        gap: 0.75rem;
        align-items: start;
      }
      .wide {
        grid-column: 1 / -1;
      }
      @media (max-width: 1000px) {
        .layout {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 0.75rem;
        margin: 0;
      }
      dt {
        color: var(--cc-text-muted);
      }
      dd {
        margin: 0;
      }
      ol {
        display: grid;
        gap: 0.375rem;
        margin: 0;
        padding: 0;
        list-style: none;
        max-height: 16rem;
        overflow-y: auto;
      }
      ol li {
        padding: 0.375rem 0.5rem;
        border-left: 3px solid var(--cc-border-strong);
        background: var(--cc-surface-muted);
        white-space: pre-line;
      }
      ol li[data-kind="note"] {
        border-left-color: var(--cc-accent);
      }
      .by {
        display: block;
        color: var(--cc-text-subtle);
        font-size: 0.6875rem;
      }
      h1 {
        margin: 0 0 0.75rem;
        font-size: 1.0625rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    events: { attribute: false },
    customerId: { type: Number },
    now: { attribute: false },
    page: { state: true },
    problem: { state: true },
  };

  declare api: ApiClient | null;
  /** The live-events connection: the customer's texts follow it. */
  declare events: EventsController | null;
  declare customerId: number;
  declare now: number;
  declare private page: CustomerPage | null;
  declare private problem: string | null;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.api = null;
    this.events = null;
    this.customerId = 0;
    this.now = Date.now();
    this.page = null;
    this.problem = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has("customerId") || changed.has("api")) && this.api && this.customerId) {
      this.page = null;
      void this.load();
    }
  }

  async load(): Promise<void> {
    if (!this.api) return;
    try {
      this.page = await new TiersApi(this.api).customerPage(this.customerId);
      this.problem = null;
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
  }

  override render() {
    const p = this.page;
    if (!p) return html`<p class="muted">${this.problem ?? t("tiers.loading")}</p>`;
    const c = p.customer;
    const timeline = mergeTimeline(p);
    return html`
      <h1 data-testid="customer-title">${c.name}</h1>
      <div class="layout">
        <section class="card">
          <div class="card-head">
            <h2>${t("tiers.customer.title")}</h2>
          </div>
          <div class="card-body">
            <dl>
                <dt>${t("tiers.customer.company")}</dt><dd>${c.company || "—"}</dd>
                <dt>${t("tiers.customer.account")}</dt><dd>${c.external_id ?? "—"}</dd>
                <dt>${t("tiers.customer.phones")}</dt>
                <dd data-testid="customer-phones">${c.phones.map((ph) =>
                  html`
                    <div>
                      ${ph.e164} <span class="subtle">${ph.label}</span>
                      <button type="button" class="button small" data-testid="call-phone"
                        aria-label=${t("tiers.customer.callNumber", { number: ph.e164 })}
                        @click=${() => this.call(ph.e164)}>${t("tiers.customer.call")}</button>
                    </div>
                  `
                )}</dd>
                <dt>${t(
                  "tiers.customer.emails",
                )}</dt><dd>${c.emails.map((e) => e.email).join(", ") || "—"}</dd>
                <dt>${t("tiers.customer.consent")}</dt>
                <dd>${t("tiers.customer.consentRecording")}: ${t(
                  c.consent_recording ? "tiers.yes" : "tiers.no",
                )} · ${t("tiers.customer.consentMarketing")}: ${t(
                  c.consent_marketing ? "tiers.yes" : "tiers.no",
                )}</dd>
                ${Object.entries(c.custom_fields ?? {}).map(([key, value]) =>
                  html`
                    <dt>${key}</dt>
                    <dd>${String(value)}</dd>
                  `
                )}
              </dl>
          </div>
        </section>
        <section class="card">
          <div class="card-head">
            <h2>${t("tiers.customer.timeline")}</h2>
          </div>
          <div class="card-body">
            ${timeline.length === 0
              ? html`<p class="muted">${t("tiers.customer.noTimeline")}</p>`
              : nothing}
            <ol data-testid="customer-timeline">
              ${timeline.map((item) =>
                item.kind === "note"
                  ? html`<li data-kind="note"><span class="by">${dateTime(item.at)} · ${
                    item.note.author ?? "—"
                  } · ${
                    t("tiers.timeline.note", {
                      id: item.note.case_id ?? "",
                      subject: item.note.subject ?? "",
                    })
                  }</span>${item.note.body}</li>`
                  : html`<li data-kind="contact"><span class="by">${dateTime(item.at)} · ${
                    item.contact.agent ?? "—"
                  }</span>${
                    t("tiers.timeline.contact", {
                      channel: item.contact.channel,
                      direction: item.contact.direction,
                    })
                  }${item.contact.notes ? html`: ${item.contact.notes}` : nothing}</li>`
              )}
            </ol>
          </div>
        </section>
        <cc-sms-thread class="wide" .api=${this.api} .events=${this.events}
          .customerId=${this.customerId}></cc-sms-thread>
        <section class="card wide">
          <div class="card-head">
            <h2>${t("tiers.cases")}</h2>
          </div>
          <div class="card-body">
            <cc-case-table .cases=${p.cases} .now=${this.now}></cc-case-table>
          </div>
        </section>
      </div>
    `;
  }

  /** Click-to-call: the desk places it, agent first, like a number from the screen pop. */
  private call(number: string) {
    this.dispatchEvent(
      new CustomEvent("call-number", {
        detail: { number, customerId: this.customerId },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

customElements.define("cc-customer-page", CcCustomerPage);

declare global {
  interface HTMLElementTagNameMap {
    "cc-customer-page": CcCustomerPage;
  }
}
