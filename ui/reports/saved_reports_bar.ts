import { css, html, LitElement } from "lit";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import type { SavedReport } from "./saved_reports_controller.ts";

/**
 * The saved-reports strip above a report: open or delete one of the user's saved
 * reports, or save what is shown under a name.
 *
 * @fires saved-open - `{ id }`: open that saved report
 * @fires saved-delete - `{ id }`: delete it
 * @fires saved-save - `{ name }`: save what is shown under this name
 */
export class CcSavedReports extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1.25rem;
        align-items: end;
      }
      form {
        display: flex;
        gap: 0.375rem;
        align-items: end;
      }
      label {
        display: grid;
        gap: 0.125rem;
        font-size: 0.75rem;
        color: var(--cc-text-muted);
      }
      select,
      input {
        font: inherit;
        font-size: 0.875rem;
        padding: 0.25rem 0.375rem;
        min-width: 12rem;
      }
      .notice {
        font-size: 0.8125rem;
        color: var(--cc-success-text, var(--cc-text-muted));
      }
    `,
  ];

  static override properties = {
    saved: { attribute: false },
    notice: { attribute: false },
  };

  declare saved: SavedReport[];
  declare notice: string | null;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.saved = [];
    this.notice = null;
  }

  override render() {
    return html`
      <div class="bar">
        <form @submit=${this.onOpen} data-testid="saved-open">
          <label>${t("reports.saved.label")}
            <select name="saved" ?disabled=${this.saved.length === 0}>
              ${this.saved.length === 0
                ? html`<option value="">${t("reports.saved.none")}</option>`
                : this.saved.map((s) => html`<option value=${s.id}>${s.name}</option>`)}
            </select>
          </label>
          <button class="button small" type="submit" ?disabled=${this.saved.length === 0}>
            ${t("reports.saved.open")}</button>
          <button class="button small" type="button" ?disabled=${this.saved.length === 0}
            @click=${this.onDelete}>${t("reports.saved.delete")}</button>
        </form>
        <form @submit=${this.onSave} data-testid="saved-save">
          <label>${t("reports.saved.name")}
            <input name="name" required maxlength="80" autocomplete="off">
          </label>
          <button class="button small primary" type="submit">${t("reports.saved.save")}</button>
        </form>
        ${this.notice ? html`<span class="notice" role="status">${this.notice}</span>` : ""}
      </div>
    `;
  }

  private selectedId(): number | null {
    const select = this.renderRoot.querySelector<HTMLSelectElement>("select[name=saved]");
    const id = Number(select?.value);
    return Number.isInteger(id) && id > 0 ? id : null;
  }

  private onOpen(event: Event): void {
    event.preventDefault();
    const id = this.selectedId();
    if (id !== null) this.emit("saved-open", { id });
  }

  private onDelete(): void {
    const id = this.selectedId();
    if (id !== null) this.emit("saved-delete", { id });
  }

  private onSave(event: Event): void {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>("input[name=name]")!;
    const name = input.value.trim();
    if (name) this.emit("saved-save", { name });
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

customElements.define("cc-saved-reports", CcSavedReports);

declare global {
  interface HTMLElementTagNameMap {
    "cc-saved-reports": CcSavedReports;
  }
}
