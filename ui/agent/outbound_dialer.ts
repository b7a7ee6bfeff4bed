import { css, html, LitElement, nothing } from "lit";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { icons } from "../common/icons.ts";
import { baseStyles } from "../common/styles.ts";

/**
 * The agent's dialler: a number to call out to while no call is on the phone. The
 * agent's own phone rings first and answers by itself; then the number is called. A
 * refusal (do-not-call list, calling hours, no free line) is shown under the field.
 *
 * @fires call-number - `detail.number` is the number typed in.
 * @fires dismiss-refusal - the agent closed the refusal message.
 */
export class CcOutboundDialer extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.375rem 0.5rem;
        align-items: center;
        padding: 0.5rem 0.75rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius-lg);
        background: var(--cc-surface);
      }
      label {
        flex-basis: 100%;
        font-size: 0.8125rem;
        color: var(--cc-text-muted);
      }
      input {
        flex: 1;
        min-width: 0;
        font: inherit;
        padding: 0.375rem 0.5rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius);
      }
      .message {
        margin: 0.375rem 0 0;
        font-size: 0.8125rem;
      }
      .message[data-kind="refused"] {
        color: var(--cc-danger, #b91c1c);
      }
    `,
  ];

  static override properties = {
    disabled: { type: Boolean },
    pending: { type: Boolean },
    refusal: { attribute: false },
    number: { state: true },
  };

  /** A call is on the phone, or the phone is not registered. */
  declare disabled: boolean;
  /** A call out was asked for and is on its way. */
  declare pending: boolean;
  /** Why the last call out was refused. */
  declare refusal: MessageKey | null;
  declare private number: string;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.disabled = false;
    this.pending = false;
    this.refusal = null;
    this.number = "";
  }

  override render() {
    const blocked = this.disabled || this.pending || this.number.trim() === "";
    return html`
      <form data-testid="outbound-dialer" @submit=${this.onSubmit}>
        <label for="number">${t("outbound.dialLabel")}</label>
        <input
          id="number"
          type="tel"
          inputmode="tel"
          autocomplete="off"
          data-testid="outbound-number"
          placeholder=${t("outbound.numberPlaceholder")}
          .value=${this.number}
          @input=${(e: Event) => this.number = (e.target as HTMLInputElement).value}
        />
        <button class="button primary small" type="submit" data-testid="outbound-call"
          ?disabled=${blocked}>
          ${icons.phone(16)}${t("outbound.call")}
        </button>
      </form>
      ${this.pending
        ? html`<p class="message" role="status">${t("outbound.placing")}</p>`
        : this.refusal
        ? html`<p class="message" role="alert" data-kind="refused" data-testid="outbound-refusal">
          ${t(this.refusal)}
          <button type="button" class="button small" aria-label=${t("common.dismiss")}
            @click=${() => this.dispatchEvent(new CustomEvent("dismiss-refusal"))}>✕</button>
        </p>`
        : nothing}
    `;
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    const number = this.number.trim();
    if (!number || this.disabled || this.pending) return;
    this.dispatchEvent(new CustomEvent("call-number", { detail: { number } }));
  }
}

customElements.define("cc-outbound-dialer", CcOutboundDialer);

declare global {
  interface HTMLElementTagNameMap {
    "cc-outbound-dialer": CcOutboundDialer;
  }
}
