import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import type { EventsController } from "../common/events_controller.ts";
import { baseStyles } from "../common/styles.ts";
import { deskStyles } from "./desk_styles.ts";
import { type SmsMessageJson, smsSize, SmsThreadController } from "./sms_thread_controller.ts";

/**
 * A customer's text messages on the customer page: the threads, newest first, and a
 * reply box. A reply the gateway never took stays in the thread marked "not delivered"
 * with the reason and a button to send it again.
 */
export class CcSmsThread extends LitElement {
  static override styles = [
    baseStyles,
    deskStyles,
    css`
      ol {
        display: grid;
        gap: 0.375rem;
        margin: 0 0 0.75rem;
        padding: 0;
        list-style: none;
        max-height: 18rem;
        overflow-y: auto;
      }
      li {
        max-width: 80%;
        padding: 0.375rem 0.625rem;
        border-radius: var(--cc-radius-lg, 8px);
        background: var(--cc-surface-muted);
        overflow-wrap: anywhere;
      }
      .body {
        display: block;
        white-space: pre-wrap;
      }
      li[data-direction="outbound"] {
        justify-self: end;
        background: var(--cc-accent-soft, #e0ecff);
      }
      li[data-status="failed"] {
        outline: 2px solid var(--cc-danger, #dc2626);
      }
      .meta {
        display: block;
        color: var(--cc-text-subtle);
        font-size: 0.6875rem;
      }
      .failed {
        display: block;
        color: var(--cc-danger-text, #b91c1c);
        font-size: 0.75rem;
      }
      form {
        display: grid;
        gap: 0.375rem;
      }
      textarea {
        width: 100%;
        min-height: 3.5rem;
        resize: vertical;
        font: inherit;
        box-sizing: border-box;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        justify-content: space-between;
      }
      .error {
        color: var(--cc-danger-text, #b91c1c);
        margin: 0;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    events: { attribute: false },
    customerId: { type: Number },
    draft: { state: true },
  };

  declare api: ApiClient | null;
  /** The live-events connection: a text arriving or failing for this customer reloads the thread. */
  declare events: EventsController | null;
  declare customerId: number;
  declare private draft: string;

  private readonly i18n = new I18nController(this);
  readonly data = new SmsThreadController(
    this,
    <T>(method: string, path: string, body?: unknown) => {
      if (!this.api) return Promise.reject(new Error("Not signed in"));
      return this.api.request<T>(method, path, body);
    },
  );

  constructor() {
    super();
    this.api = null;
    this.events = null;
    this.customerId = 0;
    this.draft = "";
  }

  #unsubscribe: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#follow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("events")) this.#follow();
    if ((changed.has("customerId") || changed.has("api")) && this.api && this.customerId) {
      void this.data.load(this.customerId);
    }
  }

  override render() {
    const { data } = this;
    const messages = [...data.threads].reverse().flatMap((thread) =>
      thread.messages.map((m) => ({ m, phone: thread.phone }))
    );
    const size = smsSize(this.draft);
    return html`
      <section class="card">
        <div class="card-head">
          <h2>${t("sms.title")}</h2>
        </div>
        <div class="card-body">
          ${messages.length === 0 ? html`<p class="muted">${t("sms.none")}</p>` : nothing}
          <ol data-testid="sms-messages">
            ${messages.map(({ m, phone }) => this.renderMessage(m, phone))}
          </ol>
          <form @submit=${this.onSend}>
            <label class="subtle" for="sms-reply">${t("sms.to")}: ${data.replyNumber ?? "—"}</label>
            <textarea
              id="sms-reply"
              data-testid="sms-reply"
              maxlength="1600"
              .value=${this.draft}
              placeholder=${t("sms.placeholder")}
              @input=${(e: Event) => this.draft = (e.target as HTMLTextAreaElement).value}
            ></textarea>
            <div class="row">
              <span class="subtle">${t("sms.size", size)}</span>
              <button class="button primary" type="submit" data-testid="sms-send"
                ?disabled=${data.sending || this.draft.trim() === ""}>
                ${data.sending ? t("sms.sending") : t("sms.send")}
              </button>
            </div>
            ${data.problem?.kind === "refused"
              ? html`<p class="error" role="alert">${
                t(`sms.refused.${data.problem.code}` as MessageKey)
              }</p>`
              : nothing}
          </form>
        </div>
      </section>
    `;
  }

  private renderMessage(m: SmsMessageJson, phone: string) {
    const who = m.direction === "inbound" ? phone : (m.agent ?? "—");
    return html`
      <li data-direction=${m.direction} data-status=${m.status}>
        <span class="meta">${new Date(m.created_at).toLocaleString(
          this.i18n.language,
        )} · ${who} · ${t(`sms.status.${m.status}` as MessageKey)}</span>
        <span class="body">${m.body}</span>
        ${m.status === "failed"
          ? html`
            <span class="failed" role="alert">${t("sms.failed", { reason: m.error ?? "" })}</span>
            <button type="button" class="button small" data-testid="sms-resend"
              ?disabled=${this.data.sending}
              @click=${() => this.data.resend(m.id)}>${t("sms.resend")}</button>
          `
          : nothing}
      </li>
    `;
  }

  /** Listens to the current events connection (again after a reconnect of the element). */
  #follow(): void {
    this.#unsubscribe?.();
    this.#unsubscribe =
      this.events?.addListener((event) => this.data.onEvent(event.type, event.data)) ?? null;
  }

  private async onSend(event: Event): Promise<void> {
    event.preventDefault();
    const text = this.draft.trim();
    if (!text) return;
    const number = this.data.replyNumber ?? undefined;
    await this.data.send(text, number);
    // A text stored but not delivered is in the thread, to be sent again from there.
    if (this.data.problem?.kind !== "refused") this.draft = "";
  }
}

customElements.define("cc-sms-thread", CcSmsThread);

declare global {
  interface HTMLElementTagNameMap {
    "cc-sms-thread": CcSmsThread;
  }
}
