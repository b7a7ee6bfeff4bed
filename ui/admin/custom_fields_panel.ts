import { html, nothing } from "lit";
import { type MessageKey, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import {
  type CustomField,
  CustomFieldsController,
  FIELD_TYPES,
} from "./custom_fields_controller.ts";
import { AdminEditPanel } from "./edit_panel.ts";
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
export class CcCustomFieldsPanel extends AdminEditPanel<string, Draft> {
  static override styles = [baseStyles, areaStyles, adminStyles];

  protected readonly fieldKeys = KEYS;
  private data: CustomFieldsController | undefined;

  constructor() {
    super();
    this.draft = this.emptyDraft();
  }

  protected emptyDraft(): Draft {
    return { key: "", label: "", type: "text", choices: "", required: false };
  }

  protected draftName(): string {
    return this.draft.label;
  }

  protected removeItem(key: string): Promise<void> {
    return this.data!.remove(key);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && !this.data) {
      this.data = new CustomFieldsController(this, this.api);
      void this.data.load();
    }
  }

  override render() {
    const data = this.data!;
    const shown = data.fields.filter((f) =>
      this.matchesQuery(`${f.key} ${f.label} ${typeLabel(f.type)}`)
    );
    return html`
      <div class="screen" data-testid="admin-fields">
        <section class="panel" aria-labelledby="fields-title">
          <header>
            <h2 id="fields-title">${t("crmAdmin.fields.title")}</h2>
            <p class="intro">${t("crmAdmin.fields.intro")}</p>
          </header>
          <div class="panel-body">
            ${this.renderToolbar((e: Event) => this.query = (e.target as HTMLInputElement).value)}
            ${this.renderListState(data.error, shown.length === 0)}
            ${shown.length === 0 ? nothing : html`
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
          ${this.renderBanners()}
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
            ${this.renderActions(t("crmAdmin.fields.deleteHint"))}
          </form>
        </div>
      </section>
    `;
  }

  private async onEdit(field: CustomField): Promise<void> {
    await this.openForm(field.key, { ...field, choices: field.choices.join("\n") });
  }

  private async onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    const d = this.draft;
    const key = this.editing ?? d.key.trim();
    const missing: Record<string, string> = {};
    if (!key) missing.key = t("admin.form.required");
    if (!d.label.trim()) missing.label = t("admin.form.required");
    await this.saveDraft(missing, async () => {
      const saved = await this.data!.define({
        key,
        label: d.label.trim(),
        type: d.type,
        choices: d.choices.split("\n").map((c) => c.trim()).filter(Boolean),
        required: d.required,
      });
      return { id: saved.key, draft: { ...saved, choices: saved.choices.join("\n") } };
    });
  }
}

customElements.define("cc-custom-fields-panel", CcCustomFieldsPanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-custom-fields-panel": CcCustomFieldsPanel;
  }
}
