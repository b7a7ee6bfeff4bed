import { html, LitElement, nothing } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import {
  type CustomField,
  CustomFieldsController,
  FIELD_TYPES,
} from "./custom_fields_controller.ts";
import { failureText, fieldErrors } from "./field_errors.ts";
import { describedBy, formField } from "./form_field.ts";

const KEYS = ["key", "label", "type", "choices", "required"] as const;

/** The form's values: choices as the textarea holds them, one per line. */
interface Draft {
  key: string;
  label: string;
  type: CustomField["type"];
  choices: string;
  required: boolean;
}

const typeLabel = (type: string) => t(`crmAdmin.fields.type.${type}` as MessageKey);

/**
 * The custom customer fields: a list beside a form to add one or change its label, type,
 * choices and whether it is required. Refused values are shown at their input.
 *
 * @fires admin-changed - after a save or delete
 */
export class CcCustomFieldsPanel extends LitElement {
  static override styles = [baseStyles, areaStyles, adminStyles];

  static override properties = {
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
  declare private query: string;
  /** The key of the field in the form: undefined when none, null when adding. */
  declare private editing: string | null | undefined;
  declare private draft: Draft;
  declare private errors: Record<string, string>;
  declare private problem: string | null;
  declare private notice: string | null;
  declare private busy: boolean;

  private readonly i18n = new I18nController(this);
  private data: CustomFieldsController | undefined;

  constructor() {
    super();
    this.query = "";
    this.editing = undefined;
    this.draft = { key: "", label: "", type: "text", choices: "", required: false };
    this.errors = {};
    this.problem = null;
    this.notice = null;
    this.busy = false;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && !this.data) {
      this.data = new CustomFieldsController(this, this.api);
      void this.data.load();
    }
  }

  override render() {
    const data = this.data!;
    const words = this.query.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = data.fields.filter((f) => {
      const text = `${f.key} ${f.label} ${typeLabel(f.type)}`.toLowerCase();
      return words.every((w) => text.includes(w));
    });
    return html`
      <div class="screen" data-testid="admin-fields">
        <section class="panel" aria-labelledby="fields-title">
          <header>
            <h2 id="fields-title">${t("crmAdmin.fields.title")}</h2>
            <p class="intro">${t("crmAdmin.fields.intro")}</p>
          </header>
          <div class="panel-body">
            <div class="toolbar">
              <label>
                ${t("admin.list.search")}
                <input
                  type="search"
                  data-testid="search"
                  placeholder=${t("admin.list.searchPlaceholder")}
                  .value=${this.query}
                  @input=${(e: Event) => this.query = (e.target as HTMLInputElement).value}
                />
              </label>
              <button class="button primary" data-testid="add" @click=${this.onAdd}>
                ${t("admin.list.add")}
              </button>
            </div>
            ${data.error ? html`<p class="banner bad" role="alert">${data.error}</p>` : nothing}
            ${shown.length === 0
              ? html`<p class="muted">${
                this.query ? t("admin.list.noMatch", { query: this.query }) : t("admin.list.empty")
              }</p>`
              : html`
                <table data-testid="list">
                  <thead>
                    <tr>
                      <th scope="col">${t("crmAdmin.fields.label")}</th>
                      <th scope="col">${t("crmAdmin.fields.key")}</th>
                      <th scope="col">${t("crmAdmin.fields.type")}</th>
                      <th scope="col">${t("crmAdmin.fields.required")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${shown.map((f) =>
                      html`
                        <tr class=${this.editing === f.key ? "selected" : ""}>
                          <td>
                            <button
                              class="link"
                              aria-label=${t("admin.list.edit", { name: f.label })}
                              @click=${() => this.onEdit(f)}
                            >${f.label}</button>
                          </td>
                          <td><code>${f.key}</code></td>
                          <td>${typeLabel(f.type)}${f.type === "choice"
                            ? html`: ${f.choices.join(" / ")}`
                            : nothing}</td>
                          <td>${f.required ? t("admin.form.yes") : t("admin.form.no")}</td>
                        </tr>
                      `
                    )}
                  </tbody>
                </table>
                <p class="hint">${t("admin.list.count", { count: shown.length })}</p>
              `}
          </div>
        </section>
        ${this.editing === undefined ? nothing : this.renderForm()}
      </div>
    `;
  }

  private renderForm() {
    const isNew = this.editing === null;
    const d = this.draft;
    const e = this.errors;
    const set = (change: Partial<Draft>) => this.draft = { ...this.draft, ...change };
    const value = (event: Event) =>
      (event.target as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value;
    return html`
      <section class="panel" aria-labelledby="field-form-title">
        <header>
          <h2 id="field-form-title">
            ${isNew ? t("admin.form.new") : t("admin.form.edit", { name: d.label })}
          </h2>
        </header>
        <div class="panel-body">
          ${this.notice
            ? html`<p class="banner good" role="status" data-testid="notice">${this.notice}</p>`
            : nothing}
          ${this.problem
            ? html`<p class="banner bad" role="alert" data-testid="problem">${this.problem}</p>`
            : nothing}
          <form novalidate @submit=${this.onSubmit} data-testid="form">
            ${isNew
              ? formField(
                "key",
                t("crmAdmin.fields.key"),
                html`
                  <input id="key" name="key" autocomplete="off" required
                    aria-invalid=${e.key ? "true" : "false"}
                    aria-describedby=${describedBy("key", true, e.key)}
                    .value=${d.key} @input=${(ev: Event) => set({ key: value(ev) })} />
                `,
                { hint: t("crmAdmin.fields.keyHint"), error: e.key },
              )
              : nothing} ${formField(
                "label",
                t("crmAdmin.fields.label"),
                html`
                  <input id="label" name="label" autocomplete="off" required
                    aria-invalid=${e.label ? "true" : "false"}
                    aria-describedby=${describedBy("label", false, e.label)}
                    .value=${d.label} @input=${(ev: Event) => set({ label: value(ev) })} />
                `,
                { error: e.label },
              )} ${formField(
                "type",
                t("crmAdmin.fields.type"),
                html`
                  <select id="type" name="type"
                    aria-invalid=${e.type ? "true" : "false"}
                    aria-describedby=${describedBy("type", false, e.type)}
                    @change=${(ev: Event) => set({ type: value(ev) as Draft["type"] })}>
                                  ${FIELD_TYPES.map((type) =>
                                    html`<option value=${type} ?selected=${type === d.type}>${
                                      typeLabel(type)
                                    }</option>`
                                  )}
                                </select>
                `,
                { error: e.type },
              )} ${d.type === "choice"
              ? formField(
                "choices",
                t("crmAdmin.fields.choices"),
                html`
                  <textarea id="choices" name="choices" rows="4"
                    aria-invalid=${e.choices ? "true" : "false"}
                    aria-describedby=${describedBy("choices", true, e.choices)}
                    .value=${d.choices}
                    @input=${(ev: Event) => set({ choices: value(ev) })}></textarea>
                `,
                { hint: t("crmAdmin.fields.choicesHint"), error: e.choices },
              )
              : nothing}
            <div class="field">
              <label class="check">
                <input type="checkbox" name="required" .checked=${d.required}
                  aria-describedby="required-hint"
                  @change=${(ev: Event) =>
                    set({ required: (ev.target as HTMLInputElement).checked })} />
                ${t("crmAdmin.fields.required")}
              </label>
              <p class="hint" id="required-hint">${t("crmAdmin.fields.requiredHint")}</p>
            </div>
            <div class="actions">
              <button class="button primary" type="submit" ?disabled=${this.busy}
                data-testid="save">
                ${this.busy ? t("admin.form.saving") : t("admin.form.save")}
              </button>
              <button class="button" type="button" @click=${this.onCancel}>
                ${t("admin.form.cancel")}
              </button>
              <span class="spacer"></span>
              ${isNew ? nothing : html`
                <button class="button" type="button"
                  data-testid="delete" aria-describedby="delete-hint"
                  @click=${this.onDelete}>${t("admin.form.delete")}</button>
              `}
            </div>
            ${isNew
              ? nothing
              : html`<p class="hint" id="delete-hint">${t("crmAdmin.fields.deleteHint")}</p>`}
          </form>
        </div>
      </section>
    `;
  }

  private async onAdd(): Promise<void> {
    this.draft = { key: "", label: "", type: "text", choices: "", required: false };
    await this.openForm(null);
  }

  private async onEdit(field: CustomField): Promise<void> {
    this.draft = { ...field, choices: field.choices.join("\n") };
    await this.openForm(field.key);
  }

  private async openForm(key: string | null): Promise<void> {
    this.editing = key;
    this.errors = {};
    this.problem = null;
    this.notice = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("form input, form select")?.focus();
  }

  private onCancel(): void {
    this.editing = undefined;
  }

  private async onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    const d = this.draft;
    const key = this.editing ?? d.key.trim();
    const missing: Record<string, string> = {};
    if (!key) missing.key = t("admin.form.required");
    if (!d.label.trim()) missing.label = t("admin.form.required");
    if (Object.keys(missing).length > 0) return this.refuse(missing, null);
    this.busy = true;
    try {
      const saved = await this.data!.define({
        key,
        label: d.label.trim(),
        type: d.type,
        choices: d.choices.split("\n").map((c) => c.trim()).filter(Boolean),
        required: d.required,
      });
      this.errors = {};
      this.problem = null;
      this.notice = t("admin.form.saved");
      this.editing = saved.key;
      this.draft = { ...saved, choices: saved.choices.join("\n") };
      this.dispatchEvent(new CustomEvent("admin-changed", { bubbles: true, composed: true }));
    } catch (error) {
      const errors = fieldErrors(error, KEYS);
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

  private async refuse(errors: Record<string, string>, problem: string | null): Promise<void> {
    this.errors = errors;
    this.problem = problem ?? t("admin.form.fixFields");
    this.notice = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  private async onDelete(): Promise<void> {
    const key = this.editing;
    if (!key || !confirm(t("admin.form.confirmDelete", { name: this.draft.label }))) return;
    try {
      await this.data!.remove(key);
      this.editing = undefined;
      this.dispatchEvent(new CustomEvent("admin-changed", { bubbles: true, composed: true }));
    } catch (error) {
      this.problem = t("admin.form.failed", { reason: failureText(error) });
    }
  }
}

customElements.define("cc-custom-fields-panel", CcCustomFieldsPanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-custom-fields-panel": CcCustomFieldsPanel;
  }
}
