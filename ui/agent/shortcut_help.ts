import { css, html, LitElement, nothing } from "lit";
import { I18nController, t } from "../common/i18n.ts";
import { icons } from "../common/icons.ts";
import { baseStyles } from "../common/styles.ts";
import { SHORTCUTS } from "./shortcuts.ts";

/**
 * A button that opens a small popover listing the desktop's keyboard
 * shortcuts. Escape or a click elsewhere closes it.
 *
 * @fires toggle-help - The popover opened or closed; `detail.open` says which.
 */
export class CcShortcutHelp extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        position: relative;
        display: inline-block;
      }
      .button {
        min-height: 2.125rem;
        padding: 0.3125rem 0.625rem;
        font-size: 0.8125rem;
      }
      .pop {
        position: absolute;
        right: 0;
        top: calc(100% + 0.375rem);
        z-index: 20;
        width: 19rem;
        padding: 0.75rem 0.875rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius-lg);
        background: var(--cc-surface);
        box-shadow: var(--cc-shadow-lg);
        font-size: 0.875rem;
      }
      h2 {
        margin: 0 0 0.5rem;
        font-size: 0.875rem;
        font-weight: 650;
      }
      dl {
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        gap: 0.375rem 0.75rem;
        margin: 0;
      }
      dd {
        margin: 0;
      }
      kbd {
        display: inline-block;
        padding: 0.0625rem 0.375rem;
        border: 1px solid var(--cc-border-strong);
        border-bottom-width: 2px;
        border-radius: 4px;
        background: var(--cc-surface-muted);
        font-family: var(--cc-font-mono);
        font-size: 0.75rem;
        white-space: nowrap;
      }
      p {
        margin: 0.625rem 0 0;
        color: var(--cc-text-muted);
        font-size: 0.75rem;
      }
    `,
  ];

  static override properties = {
    open: { type: Boolean, reflect: true },
  };

  /** Whether the popover is showing. */
  declare open: boolean;

  private readonly i18n = new I18nController(this);
  readonly #onDocumentClick = (event: MouseEvent) => {
    if (this.open && !event.composedPath().includes(this)) this.open = false;
  };
  readonly #onDocumentKey = (event: KeyboardEvent) => {
    if (this.open && event.key === "Escape") this.open = false;
  };

  constructor() {
    super();
    this.open = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener("click", this.#onDocumentClick);
    document.addEventListener("keydown", this.#onDocumentKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener("click", this.#onDocumentClick);
    document.removeEventListener("keydown", this.#onDocumentKey);
  }

  /** Opens the popover, or closes it when open. */
  toggle(): void {
    this.open = !this.open;
    this.dispatchEvent(new CustomEvent("toggle-help", { detail: { open: this.open } }));
  }

  override render() {
    return html`
      <button
        class="button"
        type="button"
        data-testid="shortcut-help"
        aria-expanded=${this.open ? "true" : "false"}
        aria-controls="shortcut-pop"
        @click=${this.toggle}
      >
        ${icons.keyboard(16)}${t("shortcut.title")}
      </button>
      ${this.open
        ? html`
          <div
            id="shortcut-pop"
            class="pop"
            role="dialog"
            aria-labelledby="shortcut-title"
            data-testid="shortcut-list"
            @keydown=${this.onKeyDown}
          >
            <h2 id="shortcut-title">${t("shortcut.title")}</h2>
            <dl>
              ${SHORTCUTS.map((s) =>
                html`
                  <dt>${t(s.label)}</dt>
                  <dd><kbd>${s.keys}</kbd></dd>
                `
              )}
            </dl>
            <p>${t("shortcut.note")}</p>
          </div>
        `
        : nothing}
    `;
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key === "Escape") {
      this.open = false;
      this.renderRoot.querySelector<HTMLButtonElement>("button")?.focus();
    }
  }
}

customElements.define("cc-shortcut-help", CcShortcutHelp);

declare global {
  interface HTMLElementTagNameMap {
    "cc-shortcut-help": CcShortcutHelp;
  }
}
