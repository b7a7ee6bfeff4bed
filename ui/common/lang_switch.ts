import { css, html, LitElement } from "lit";
import { getLanguage, I18nController, isLanguage, LANGUAGES, setLanguage, t } from "./i18n.ts";
import { baseStyles } from "./styles.ts";

/**
 * A labelled `<select>` that switches the UI between English and Simplified
 * Chinese. The choice is stored and applied at once to every element.
 *
 * @fires language-change - After the language changed; `detail.language` is the new one.
 */
export class CcLangSwitch extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: inline-block;
      }
      label {
        position: relative;
        display: inline-flex;
        align-items: center;
      }
      select {
        appearance: none;
        min-height: 2.25rem;
        padding: 0.375rem 2rem 0.375rem 0.75rem;
        border: 1px solid var(--cc-border-strong);
        border-radius: var(--cc-radius);
        background: var(--cc-surface);
        color: var(--cc-text);
        font: inherit;
        font-size: 0.875rem;
        cursor: pointer;
      }
      select:hover {
        border-color: var(--cc-text-muted);
      }
      select:focus-visible {
        outline: 2px solid var(--cc-focus);
        outline-offset: 2px;
      }
      .chevron {
        position: absolute;
        right: 0.7rem;
        width: 0.45rem;
        height: 0.45rem;
        border-right: 1.5px solid var(--cc-text-muted);
        border-bottom: 1.5px solid var(--cc-text-muted);
        transform: translateY(-25%) rotate(45deg);
        pointer-events: none;
      }
    `,
  ];

  private readonly i18n = new I18nController(this);

  override render() {
    const current = getLanguage();
    return html`
      <label>
        <span class="visually-hidden">${t("lang.label")}</span>
        <select
          data-testid="lang-switch"
          name="language"
          lang=${current}
          @change=${this.onChange}
        >
          ${LANGUAGES.map((lang) =>
            html`<option value=${lang} lang=${lang} ?selected=${lang === current}>
              ${t(`lang.${lang}`)}
            </option>`
          )}
        </select>
        <span class="chevron" aria-hidden="true"></span>
      </label>
    `;
  }

  private onChange(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    if (!isLanguage(value)) return;
    setLanguage(value);
    this.dispatchEvent(
      new CustomEvent("language-change", {
        detail: { language: value },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

customElements.define("cc-lang-switch", CcLangSwitch);

declare global {
  interface HTMLElementTagNameMap {
    "cc-lang-switch": CcLangSwitch;
  }
}
