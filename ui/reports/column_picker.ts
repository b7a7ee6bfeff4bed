import { css, html, LitElement } from "lit";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";

/**
 * A folded list of checkboxes that chooses which columns a table shows.
 *
 * @fires columns-change - `string[]`: the ids checked, in the options' order
 */
export class CcColumnPicker extends LitElement {
  static override styles = [
    baseStyles,
    css`
      summary {
        cursor: pointer;
        font-weight: 600;
      }
      .options {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        margin-top: 0.5rem;
        font-size: 0.8125rem;
      }
      label {
        display: inline-flex;
        gap: 0.3125rem;
        align-items: center;
      }
    `,
  ];

  static override properties = {
    options: { attribute: false },
    selected: { attribute: false },
  };

  declare options: { id: string; label: string }[];
  /** The ids shown; undefined or empty: all of them. */
  declare selected: string[] | undefined;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.options = [];
    this.selected = undefined;
  }

  override render() {
    const on = new Set(
      this.selected && this.selected.length > 0 ? this.selected : this.options.map((o) => o.id),
    );
    return html`
      <details>
        <summary>${t("reports.columns")} (${on.size}/${this.options.length})</summary>
        <div class="options">
          ${this.options.map((o) =>
            html`<label><input type="checkbox" name=${o.id} .checked=${on.has(o.id)}
              @change=${this.onChange}>${o.label}</label>`
          )}
        </div>
      </details>
    `;
  }

  private onChange(): void {
    const boxes = [...this.renderRoot.querySelectorAll<HTMLInputElement>("input[type=checkbox]")];
    const ids = boxes.filter((b) => b.checked).map((b) => b.name);
    this.dispatchEvent(
      new CustomEvent("columns-change", { detail: ids, bubbles: true, composed: true }),
    );
  }
}

customElements.define("cc-column-picker", CcColumnPicker);

declare global {
  interface HTMLElementTagNameMap {
    "cc-column-picker": CcColumnPicker;
  }
}
