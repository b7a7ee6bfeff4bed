import { html, LitElement, nothing } from "lit";
import type { EventsController } from "../common/events_controller.ts";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import type { AdminResource, FieldSpec, FormValues, Item } from "./resource.ts";
import { ResourceController, type SaveProblem } from "./resource_controller.ts";

/**
 * One admin screen: a searchable list of a resource beside a form to add or edit one
 * of them. Refused values are shown at their field; a save over someone else's change
 * offers to reload.
 *
 * @fires admin-changed - after a save or delete, so the checklist can update
 */
export class CcAdminResource extends LitElement {
  static override styles = [baseStyles, areaStyles, adminStyles];

  static override properties = {
    resource: { attribute: false },
    api: { attribute: false },
    events: { attribute: false },
    query: { state: true },
    editing: { state: true },
    values: { state: true },
    problem: { state: true },
    notice: { state: true },
    busy: { state: true },
    previews: { state: true },
  };

  /** What this screen edits. */
  declare resource: AdminResource;
  /** The signed-in API client. */
  declare api: ApiClient;
  /** The live event hub; screens with a `live` resource follow it. */
  declare events: EventsController | null;
  declare private query: string;
  /** The item in the form: undefined when none, null when adding. */
  declare private editing: Item | null | undefined;
  declare private values: FormValues;
  declare private problem: SaveProblem | null;
  declare private notice: string | null;
  declare private busy: boolean;
  /** The preview lines of the fields that have one, by field key. */
  declare private previews: Record<string, string>;

  private readonly i18n = new I18nController(this);
  private data: ResourceController | undefined;
  #unsubscribe: (() => void) | null = null;
  #previewTimer: ReturnType<typeof setTimeout> | undefined;
  #previewRound = 0;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#previewTimer);
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.events && !this.#unsubscribe) {
      this.#unsubscribe = this.events.addListener((event) => this.data?.handleEvent(event));
    }
  }

  constructor() {
    super();
    this.events = null;
    this.query = "";
    this.editing = undefined;
    this.values = {};
    this.problem = null;
    this.notice = null;
    this.busy = false;
    this.previews = {};
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("events")) {
      this.#unsubscribe?.();
      this.#unsubscribe = this.events?.addListener((event) => this.data?.handleEvent(event)) ??
        null;
    }
    if (changed.has("values")) this.#schedulePreviews();
    if (changed.has("resource") || changed.has("api")) {
      if (!this.data) this.data = new ResourceController(this, this.api, this.resource);
      this.data.show(this.resource);
      this.editing = undefined;
      this.problem = null;
      this.notice = null;
      void this.data.load();
    }
  }

  override render() {
    const r = this.resource;
    const data = this.data!;
    const shown = data.filter(this.query);
    return html`
      <div class="screen" data-testid="admin-${r.id}">
        <section class="panel" aria-labelledby="list-title">
          <header>
            <h2 id="list-title">${t(r.title)}</h2>
            <p class="intro">${t(r.intro)}</p>
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
            ${data.loading && data.items.length === 0
              ? html`<p class="muted">${t("admin.list.loading")}</p>`
              : shown.length === 0
              ? html`<p class="muted">${
                this.query ? t("admin.list.noMatch", { query: this.query }) : t("admin.list.empty")
              }</p>`
              : this.renderTable(shown)}
          </div>
        </section>
        ${this.editing === undefined ? nothing : this.renderForm()}
      </div>
    `;
  }

  private renderTable(items: Item[]) {
    const r = this.resource;
    const lookups = this.data!.lookups;
    return html`
      <table data-testid="list">
        <thead>
          <tr>${r.columns.map((c) => html`<th scope="col">${t(c.label)}</th>`)}</tr>
        </thead>
        <tbody>
          ${items.map((item) =>
            html`
              <tr class=${this.editing?.id === item.id ? "selected" : ""}>
                ${r.columns.map((c, i) =>
                  i === 0
                    ? html`
                      <td>
                        <button
                          class="link"
                          aria-label=${t("admin.list.edit", { name: r.name(item) })}
                          @click=${() => this.onEdit(item)}
                        >${c.value(item, lookups)}</button>
                      </td>
                    `
                    : html`<td>${c.value(item, lookups)}</td>`
                )}
              </tr>
            `
          )}
        </tbody>
      </table>
      <p class="hint">${t("admin.list.count", { count: items.length })}</p>
    `;
  }

  private renderForm() {
    const r = this.resource;
    const isNew = this.editing === null;
    const problem = this.problem;
    return html`
      <section class="panel" aria-labelledby="form-title">
        <header>
          <h2 id="form-title" tabindex="-1">
            ${isNew ? t("admin.form.new") : t("admin.form.edit", { name: r.name(this.editing!) })}
          </h2>
        </header>
        <div class="panel-body">
          ${this.notice
            ? html`<p class="banner good" role="status" data-testid="notice">${this.notice}</p>`
            : nothing}
          ${problem ? this.renderProblem(problem) : nothing}
          <form novalidate @submit=${this.onSubmit} data-testid="form">
            ${r.fields.filter((f) => isNew || !f.onlyNew).map((f) => this.renderField(f))}
            <div class="actions">
              <button class="button primary" type="submit" ?disabled=${this
                .busy} data-testid="save">
                ${this.busy ? t("admin.form.saving") : t("admin.form.save")}
              </button>
              <button class="button" type="button" @click=${this.onCancel}>
                ${t("admin.form.cancel")}
              </button>
              <span class="spacer"></span>
              ${!isNew && r.deletable
                ? html`<button class="button" type="button" @click=${this.onDelete} data-testid="delete">
                  ${t("admin.form.delete")}
                </button>`
                : nothing}
            </div>
          </form>
        </div>
      </section>
    `;
  }

  private renderProblem(problem: SaveProblem) {
    if (problem.stale) {
      return html`
        <div class="banner bad" role="alert" data-testid="stale">
          ${t("admin.form.changedMeanwhile", {
            who: problem.stale.who,
            when: new Date(problem.stale.when).toLocaleString(this.i18n.language),
          })}
          <button class="button" type="button" @click=${this.onReload}>${t(
            "admin.form.reload",
          )}</button>
        </div>
      `;
    }
    const message = Object.keys(problem.fields).length > 0
      ? t("admin.form.fixFields")
      : problem.code === "conflict" || problem.code === "unworkable_configuration"
      ? t("admin.form.refused", { reason: problem.message })
      : t("admin.form.failed", { reason: problem.message });
    return html`<p class="banner bad" role="alert" data-testid="problem">${message}</p>`;
  }

  private renderField(f: FieldSpec) {
    const id = `field-${f.key}`;
    const error = this.problem?.fields[f.key];
    const describedBy = [f.hint ? `${id}-hint` : "", error ? `${id}-error` : ""].join(" ").trim();
    const value = this.values[f.key];
    const hint = f.hint ? html`<p class="hint" id="${id}-hint">${t(f.hint)}</p>` : nothing;
    const preview = this.previews[f.key];
    const errorText = html`${
      preview === undefined ? nothing : html`
        <p class="preview" aria-live="polite"
          data-testid="preview-${f.key}">${preview}</p>
      `
    }${
      error
        ? html`<p class="error" id="${id}-error" data-testid="error-${f.key}">${error}</p>`
        : nothing
    }`;
    const set = (v: FormValues[string]) => this.values = { ...this.values, [f.key]: v };
    if (f.type === "checkbox") {
      return html`<div class="field">
        <label class="check">
          <input
            id=${id}
            name=${f.key}
            type="checkbox"
            .checked=${value === true}
            aria-describedby=${describedBy || nothing}
            @change=${(e: Event) => set((e.target as HTMLInputElement).checked)}
          />
          ${t(f.label)}
        </label>
        ${hint}${errorText}
      </div>`;
    }
    if (f.type === "checks") {
      const checked = (value ?? {}) as Record<string, string>;
      const rows = f.choices?.(this.data!.lookups, this.values) ?? [];
      return html`<fieldset class="field" aria-describedby=${describedBy || nothing}>
        <legend>${t(f.label)}</legend>
        ${
        rows.map((row) =>
          html`<label class="check">
            <input
              type="checkbox"
              name="${f.key}.${row.value}"
              .checked=${checked[row.value] === "on"}
              @change=${(e: Event) =>
            set({ ...checked, [row.value]: (e.target as HTMLInputElement).checked ? "on" : "" })}
            />
            ${row.label}
          </label>`
        )
      }
        ${hint}${errorText}
      </fieldset>`;
    }
    if (f.type === "levels") {
      const levels = (value ?? {}) as Record<string, string>;
      const rows = f.choices?.(this.data!.lookups, this.values) ?? [];
      return html`<fieldset class="field" aria-describedby=${describedBy || nothing}>
        <legend>${t(f.label)}</legend>
        <div class="levels">
          ${
        rows.map((row) =>
          html`
            <label for="${id}-${row.value}"><span>${row.label}</span></label>
            <input
              id="${id}-${row.value}"
              name="${f.key}.${row.value}"
              type="number"
              min="1"
              max="10"
              inputmode="numeric"
              aria-label="${t(f.label)}: ${row.label}"
              .value=${levels[row.value] ?? ""}
              @input=${(e: Event) =>
                set({ ...levels, [row.value]: (e.target as HTMLInputElement).value })}
            />
          `
        )
      }
        </div>
        ${hint}${errorText}
      </fieldset>`;
    }
    const input = f.type === "select"
      ? html`
        <select
          id=${id}
          name=${f.key}
          aria-invalid=${error ? "true" : "false"}
          aria-describedby=${describedBy || nothing}
          @change=${(e: Event) => set((e.target as HTMLSelectElement).value)}
        >
                ${(f.choices?.(this.data!.lookups, this.values) ?? []).map((c) =>
                  html`<option value=${c.value} ?selected=${c.value === value}>${c.label}</option>`
                )}
              </select>
      `
      : html`
        <input
          id=${id}
          name=${f.key}
          type=${f.type === "number" ? "text" : f.type}
          inputmode=${f.type === "number" ? "numeric" : nothing}
          autocomplete=${f.type === "password" ? "new-password" : "off"}
          aria-invalid=${error ? "true" : "false"}
          aria-describedby=${describedBy || nothing}
          ?required=${f.required}
          .value=${String(value ?? "")}
          @input=${(e: Event) => set((e.target as HTMLInputElement).value)}
        />
      `;
    return html`<div class="field">
      <label for=${id}>${t(f.label)}</label>
      ${input}${hint}${errorText}
    </div>`;
  }

  /** Asks again, a moment after the last change, for the lines of fields with a preview. */
  #schedulePreviews(): void {
    const fields = this.resource?.fields.filter((f) => f.preview) ?? [];
    if (fields.length === 0 || !this.api) return;
    clearTimeout(this.#previewTimer);
    const round = ++this.#previewRound;
    this.#previewTimer = setTimeout(async () => {
      const lines: Record<string, string> = {};
      for (const f of fields) {
        const line = await f.preview!(this.values, this.api).catch(() => null);
        if (line !== null) lines[f.key] = line;
      }
      // A later change asked again meanwhile: its answer wins.
      if (round === this.#previewRound) this.previews = lines;
    }, 300);
  }

  private async onAdd(): Promise<void> {
    this.values = await this.resource.toForm(undefined, this.data!.lookups, this.api);
    this.problem = null;
    this.notice = null;
    this.editing = null;
    await this.focusForm();
  }

  private async onEdit(item: Item): Promise<void> {
    this.values = await this.resource.toForm(item, this.data!.lookups, this.api);
    this.problem = null;
    this.notice = null;
    this.editing = item;
    await this.focusForm();
  }

  private async focusForm(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("form input, form select")?.focus();
  }

  private onCancel(): void {
    this.editing = undefined;
    this.problem = null;
  }

  private async onReload(): Promise<void> {
    const id = this.editing?.id;
    await this.data!.load();
    const fresh = this.data!.items.find((i) => i.id === id);
    if (fresh) await this.onEdit(fresh);
  }

  private async onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    const isNew = this.editing === null;
    const missing: Record<string, string> = {};
    for (const f of this.resource.fields) {
      if (!f.required || (f.onlyNew && !isNew)) continue;
      if (String(this.values[f.key] ?? "").trim() === "") missing[f.key] = t("admin.form.required");
    }
    for (const [key, message] of Object.entries(this.resource.check?.(this.values) ?? {})) {
      missing[key] ??= message;
    }
    if (Object.keys(missing).length > 0) {
      this.problem = { fields: missing, message: "", code: "required" };
      await this.focusFirstError();
      return;
    }
    // The last try's refusal or notice would stand beside the save in progress and read as its answer.
    this.problem = null;
    this.notice = null;
    this.busy = true;
    const result = await this.data!.save(this.values, this.editing?.id);
    this.busy = false;
    if (!result.ok) {
      this.problem = result.problem;
      await this.focusFirstError();
      return;
    }
    this.problem = null;
    this.notice = result.applied ? t("admin.form.saved") : t("admin.form.savedPending");
    const saved = this.data!.items.find((i) => i.id === result.item.id) ?? result.item;
    this.editing = saved;
    this.values = await this.resource.toForm(saved, this.data!.lookups, this.api);
    this.dispatchEvent(new CustomEvent("admin-changed", { bubbles: true, composed: true }));
  }

  private async focusFirstError(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"], [role="alert"]')?.focus();
  }

  private async onDelete(): Promise<void> {
    const item = this.editing;
    if (!item || !confirm(t("admin.form.confirmDelete", { name: this.resource.name(item) }))) {
      return;
    }
    const problem = await this.data!.remove(item.id);
    if (problem) {
      this.problem = problem;
      return;
    }
    this.editing = undefined;
    this.dispatchEvent(new CustomEvent("admin-changed", { bubbles: true, composed: true }));
  }
}

customElements.define("cc-admin-resource", CcAdminResource);

declare global {
  interface HTMLElementTagNameMap {
    "cc-admin-resource": CcAdminResource;
  }
}
