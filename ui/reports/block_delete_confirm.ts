import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import type { BlockToDelete } from "./shift_grid.ts";
import { followModal, modalStyles } from "../common/modal_dialog.ts";

/**
 * Asks before a shift or break is deleted. A native modal `<dialog>`: focus starts on
 * "Keep it" (the safe answer), Escape closes it, and the browser returns the focus to
 * the button that opened it.
 *
 * @fires delete-confirm - `detail` is the block's id
 * @fires delete-cancel - the supervisor kept the block
 */
export class CcBlockDeleteConfirm extends LitElement {
  static override styles = [
    baseStyles,
    modalStyles,
    css`
      dialog {
        max-width: 28rem;
      }
      p {
        margin: 0 0 1rem;
      }
      .buttons {
        display: flex;
        gap: 0.5rem;
        justify-content: flex-end;
      }
      .button.danger {
        border-color: var(--cc-danger);
        background: var(--cc-danger);
        color: #fff;
      }
    `,
  ];

  static override properties = { block: { attribute: false } };

  /** The block to ask about; null closes the dialog. */
  declare block: BlockToDelete | null;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.block = null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("block")) followModal(this.renderRoot, Boolean(this.block), "button.keep");
  }

  override render() {
    const b = this.block;
    return html`
      <dialog aria-labelledby="delete-title" aria-describedby="delete-what"
        data-testid="delete-confirm" @cancel=${this.onCancel}>
        ${b
          ? html`
            <h2 id="delete-title">${t(
              b.kind === "shift" ? "shiftPlan.confirm.shiftTitle" : "shiftPlan.confirm.breakTitle",
            )}</h2>
            <p id="delete-what">${t(
              b.kind === "shift" ? "shiftPlan.confirm.shiftBody" : "shiftPlan.confirm.breakBody",
              { agent: b.agent, day: b.day, time: b.time },
            )}</p>
            <div class="buttons">
              <button type="button" class="button keep" @click=${this.onCancel}>${t(
                "shiftPlan.confirm.keep",
              )}</button>
              <button type="button" class="button danger" @click=${this.onConfirm}>${t(
                "shiftPlan.confirm.delete",
              )}</button>
            </div>
          `
          : nothing}
      </dialog>
    `;
  }

  private onConfirm(): void {
    if (!this.block) return;
    this.dispatchEvent(
      new CustomEvent("delete-confirm", { detail: this.block.id, bubbles: true, composed: true }),
    );
  }

  private onCancel(event: Event): void {
    // Escape: the element, not the browser, closes the dialog, so `block` stays the truth.
    event.preventDefault();
    this.dispatchEvent(new CustomEvent("delete-cancel", { bubbles: true, composed: true }));
  }
}

customElements.define("cc-block-delete-confirm", CcBlockDeleteConfirm);

declare global {
  interface HTMLElementTagNameMap {
    "cc-block-delete-confirm": CcBlockDeleteConfirm;
  }
}
