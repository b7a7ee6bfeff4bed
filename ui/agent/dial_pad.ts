import { css, html, LitElement } from "lit";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";

const KEYS: readonly { tone: string; letters: string }[] = [
  { tone: "1", letters: "" },
  { tone: "2", letters: "ABC" },
  { tone: "3", letters: "DEF" },
  { tone: "4", letters: "GHI" },
  { tone: "5", letters: "JKL" },
  { tone: "6", letters: "MNO" },
  { tone: "7", letters: "PQRS" },
  { tone: "8", letters: "TUV" },
  { tone: "9", letters: "WXYZ" },
  { tone: "*", letters: "" },
  { tone: "0", letters: "+" },
  { tone: "#", letters: "" },
];

/**
 * A telephone keypad for sending DTMF during a call. Digits typed on the
 * keyboard while the pad has focus are sent as well.
 *
 * @fires dtmf - A key was pressed; `detail.tone` is the digit, `*` or `#`.
 */
export class CcDialPad extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .sent {
        min-height: 1.75rem;
        margin-bottom: 0.375rem;
        padding: 0.25rem 0.5rem;
        border-radius: var(--cc-radius);
        background: var(--cc-surface-muted);
        font-family: var(--cc-font-mono);
        font-size: 1rem;
        letter-spacing: 0.12em;
        text-align: center;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .keys {
        display: grid;
        grid-template-columns: repeat(3, 1fr);
        gap: 0.375rem;
      }
      button {
        display: grid;
        justify-items: center;
        min-height: 2.5rem;
        padding: 0.25rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius);
        background: var(--cc-surface);
        color: var(--cc-text);
        font: inherit;
        cursor: pointer;
      }
      button:hover {
        background: var(--cc-surface-muted);
      }
      button:active {
        background: var(--cc-accent-soft);
      }
      button[disabled] {
        cursor: not-allowed;
        opacity: 0.55;
      }
      .digit {
        font-size: 1.0625rem;
        font-weight: 600;
        line-height: 1.1;
      }
      .letters {
        min-height: 0.75rem;
        color: var(--cc-text-subtle);
        font-size: 0.5625rem;
        letter-spacing: 0.08em;
      }
    `,
  ];

  static override properties = {
    disabled: { type: Boolean },
    sent: { type: String },
  };

  /** Whether the keys are inactive (no call to send digits to). */
  declare disabled: boolean;
  /** Digits sent so far during the call, shown above the keys. */
  declare sent: string;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.disabled = false;
    this.sent = "";
  }

  override render() {
    return html`
      <div class="sent" data-testid="dtmf-sent" aria-live="polite" aria-label=${t(
        "phone.dtmfSent",
      )}>
        ${this.sent || "\u00a0"}
      </div>
      <div class="keys" role="group" aria-label=${t("phone.dialPad")} @keydown=${this.onKeyDown}>
        ${KEYS.map((key) =>
          html`
            <button
              type="button"
              data-tone=${key.tone}
              ?disabled=${this.disabled}
              @click=${() => this.press(key.tone)}
            >
              <span class="digit">${key.tone}</span>
              <span class="letters" aria-hidden="true">${key.letters}</span>
            </button>
          `
        )}
      </div>
    `;
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (/^[0-9*#]$/.test(event.key)) {
      event.preventDefault();
      this.press(event.key);
    }
  }

  private press(tone: string): void {
    if (this.disabled) return;
    this.dispatchEvent(
      new CustomEvent("dtmf", { detail: { tone }, bubbles: true, composed: true }),
    );
  }
}

customElements.define("cc-dial-pad", CcDialPad);

declare global {
  interface HTMLElementTagNameMap {
    "cc-dial-pad": CcDialPad;
  }
}
