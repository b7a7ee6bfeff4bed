import { html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { failureText, fieldErrors } from "./field_errors.ts";

/** What a save gives back: the saved item's id and the form's values for it. */
export interface Saved<Id, Draft> {
  id: Id;
  draft: Draft;
}

/**
 * A list of one kind of CRM setting beside a form that adds, changes or deletes one. It
 * holds what every such screen does the same way: the search box and Add button, the
 * form's notice and problem banners, refusals shown at their field with the first one
 * focused, the delete confirmation, and `admin-changed` after each save or delete.
 * Subclasses draw their list and their fields.
 *
 * @fires admin-changed - after a save or delete
 */
export abstract class AdminEditPanel<Id extends string | number, Draft> extends LitElement {
  static override properties: PropertyDeclarations = {
    api: { attribute: false },
    query: { state: true },
    editing: { state: true },
    draft: { state: true },
    errors: { state: true },
    problem: { state: true },
    notice: { state: true },
    busy: { state: true },
  };

  /** The signed-in API client. */
  declare api: ApiClient;
  declare protected query: string;
  /** The id of the item in the form: undefined when none, null when adding. */
  declare protected editing: Id | null | undefined;
  declare protected draft: Draft;
  declare protected errors: Record<string, string>;
  declare protected problem: string | null;
  declare protected notice: string | null;
  declare protected busy: boolean;

  protected readonly i18n = new I18nController(this);

  /** The form's field names, as the server names them in a refusal. */
  protected abstract readonly fieldKeys: readonly string[];
  /** The values of an empty form. */
  protected abstract emptyDraft(): Draft;
  /** How the item in the form is named in the delete confirmation. */
  protected abstract draftName(): string;
  protected abstract removeItem(id: Id): Promise<void>;

  constructor() {
    super();
    this.query = "";
    this.editing = undefined;
    this.errors = {};
    this.problem = null;
    this.notice = null;
    this.busy = false;
  }

  /** The search box and the Add button above the list. */
  protected renderToolbar(
    onQuery: (event: Event) => void,
    describedBy?: string,
  ): TemplateResult {
    return html`
      <div class="toolbar">
        <label>
          ${t("admin.list.search")}
          <input
            type="search"
            data-testid="search"
            aria-describedby=${describedBy ?? nothing}
            placeholder=${t("admin.list.searchPlaceholder")}
            .value=${this.query}
            @input=${onQuery}
          />
        </label>
        <button class="button primary" data-testid="add" @click=${this.onAdd}>
          ${t("admin.list.add")}
        </button>
      </div>
    `;
  }

  /** The list's load error, or what to say when it is empty. */
  protected renderListState(error: string | null, empty: boolean): TemplateResult {
    return html`
      ${error ? html`<p class="banner bad" role="alert">${error}</p>` : nothing}
      ${empty
        ? html`<p class="muted">${
          this.query ? t("admin.list.noMatch", { query: this.query }) : t("admin.list.empty")
        }</p>`
        : nothing}
    `;
  }

  /** Whether `text` holds every word typed in the search box. */
  protected matchesQuery(text: string): boolean {
    const lower = text.toLowerCase();
    return this.query.toLowerCase().split(/\s+/).filter(Boolean).every((w) => lower.includes(w));
  }

  /** The form's "saved" notice and its problem, above the fields. */
  protected renderBanners(): TemplateResult {
    return html`
      ${this.notice
        ? html`<p class="banner good" role="status" data-testid="notice">${this.notice}</p>`
        : nothing}
      ${this.problem
        ? html`<p class="banner bad" role="alert" data-testid="problem">${this.problem}</p>`
        : nothing}
    `;
  }

  /** Save, Cancel and (for an existing item) Delete, with an optional hint on deleting. */
  protected renderActions(deleteHint?: string): TemplateResult {
    const isNew = this.editing === null;
    return html`
      <div class="actions">
        <button class="button primary" type="submit" ?disabled=${this.busy} data-testid="save">
          ${this.busy ? t("admin.form.saving") : t("admin.form.save")}
        </button>
        <button class="button" type="button" @click=${this.onCancel}>
          ${t("admin.form.cancel")}
        </button>
        <span class="spacer"></span>
        ${isNew ? nothing : html`
          <button class="button" type="button" data-testid="delete"
            aria-describedby=${deleteHint ? "delete-hint" : nothing}
            @click=${this.onDelete}>${t("admin.form.delete")}</button>
        `}
      </div>
      ${isNew || !deleteHint ? nothing : html`<p class="hint" id="delete-hint">${deleteHint}</p>`}
    `;
  }

  protected onAdd(): Promise<void> {
    return this.openForm(null, this.emptyDraft());
  }

  /** Opens the form on an item (or a new one, `id` null) and focuses its first field. */
  protected async openForm(id: Id | null, draft: Draft): Promise<void> {
    this.draft = draft;
    this.editing = id;
    this.errors = {};
    this.problem = null;
    this.notice = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("form input, form select, form textarea")
      ?.focus();
  }

  protected onCancel(): void {
    this.editing = undefined;
  }

  /**
   * Refuses the form when `missing` names empty required fields; otherwise runs `save`
   * and shows the saved item, or the server's refusals at their fields.
   */
  protected async saveDraft(
    missing: Record<string, string>,
    save: () => Promise<Saved<Id, Draft>>,
  ): Promise<void> {
    if (Object.keys(missing).length > 0) return this.refuse(missing, t("admin.form.fixFields"));
    // The last try's refusal or notice would stand beside the save in progress and read as its answer.
    this.problem = null;
    this.notice = null;
    this.busy = true;
    try {
      const saved = await save();
      this.editing = saved.id;
      this.draft = saved.draft;
      this.errors = {};
      this.problem = null;
      this.notice = t("admin.form.saved");
      this.announceChange();
    } catch (error) {
      const errors = fieldErrors(error, this.fieldKeys);
      await this.refuse(
        errors,
        Object.keys(errors).length > 0
          ? t("admin.form.fixFields")
          : t("admin.form.failed", { reason: failureText(error) }),
      );
    } finally {
      this.busy = false;
    }
  }

  protected async refuse(errors: Record<string, string>, problem: string): Promise<void> {
    this.errors = errors;
    this.problem = problem;
    this.notice = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  protected async onDelete(): Promise<void> {
    const id = this.editing;
    if (id === null || id === undefined) return;
    if (!confirm(t("admin.form.confirmDelete", { name: this.draftName() }))) return;
    try {
      await this.removeItem(id);
      this.editing = undefined;
      this.announceChange();
    } catch (error) {
      this.problem = t("admin.form.failed", { reason: failureText(error) });
    }
  }

  private announceChange(): void {
    this.dispatchEvent(new CustomEvent("admin-changed", { bubbles: true, composed: true }));
  }
}
