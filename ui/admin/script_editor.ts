import { css, html, LitElement, nothing } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import { editorStyles } from "./editor_styles.ts";
import { failureText, fieldErrors } from "./field_errors.ts";
import { describedBy, formField } from "./form_field.ts";
import {
  insertVariable,
  sampleCustomer,
  type ScriptVariable,
  scriptVariables,
  VARIABLE_GROUPS,
} from "./script_variables.ts";
import {
  type AgentScript,
  type CustomerChoice,
  type ScriptPreview,
  ScriptsController,
} from "./scripts_controller.ts";

const KEYS = ["name", "queue_id", "body"] as const;
/** The sample customer's value in the customer select. */
const SAMPLE = "sample";

/** The form's values. */
interface Draft {
  name: string;
  /** A queue id, or "" for every queue. */
  queue: string;
  body: string;
}

const EMPTY: Draft = { name: "", queue: "", body: "" };

/**
 * Agent scripts: a list beside an editor with the variables the renderer knows (each
 * inserted at the cursor with a click or Enter) and a preview filled in by the server
 * for a sample customer, or a stored one, in a call waiting in the script's queue.
 *
 * @fires admin-changed - after a save or delete
 */
export class CcScriptEditor extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    adminStyles,
    editorStyles,
    css`
      .variables {
        max-height: 11rem;
        overflow-y: auto;
        padding: 0.25rem 0.5rem 0.5rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius);
      }
      .variables h4 {
        margin: 0.5rem 0 0.25rem;
        color: var(--cc-text-muted);
        font-size: 0.75rem;
        font-weight: 600;
      }
      .variables ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .variables button {
        padding: 0.125rem 0.5rem;
        border: 1px solid var(--cc-border-strong);
        border-radius: 999px;
        background: var(--cc-surface);
        color: var(--cc-text);
        font: inherit;
        font-size: 0.8125rem;
        cursor: pointer;
      }
      .variables button:hover,
      .variables button:focus-visible {
        background: var(--cc-accent-soft);
      }
      .missing {
        margin: 0.375rem 0 0;
        color: var(--cc-text-muted);
        font-size: 0.8125rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    query: { state: true },
    editing: { state: true },
    draft: { state: true },
    errors: { state: true },
    problem: { state: true },
    notice: { state: true },
    busy: { state: true },
    customers: { state: true },
    customer: { state: true },
    preview: { state: true },
  };

  /** The signed-in API client. */
  declare api: ApiClient;
  declare private query: string;
  /** The id of the script in the form: undefined when none, null when adding. */
  declare private editing: number | null | undefined;
  declare private draft: Draft;
  declare private errors: Record<string, string>;
  declare private problem: string | null;
  declare private notice: string | null;
  declare private busy: boolean;
  /** Stored customers found by name, to preview with. */
  declare private customers: CustomerChoice[];
  /** The customer select's value: "sample", "" (none) or a customer id. */
  declare private customer: string;
  declare private preview: ScriptPreview | null;

  private readonly i18n = new I18nController(this);
  private data: ScriptsController | undefined;
  #previewTimer: ReturnType<typeof setTimeout> | undefined;
  #findTimer: ReturnType<typeof setTimeout> | undefined;
  #previewSeq = 0;

  constructor() {
    super();
    this.query = "";
    this.editing = undefined;
    this.draft = EMPTY;
    this.errors = {};
    this.problem = null;
    this.notice = null;
    this.busy = false;
    this.customers = [];
    this.customer = SAMPLE;
    this.preview = null;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && !this.data) {
      this.data = new ScriptsController(this, this.api);
      void this.data.load();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#previewTimer);
    clearTimeout(this.#findTimer);
  }

  override render() {
    const data = this.data!;
    const words = this.query.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = data.scripts.filter((s) =>
      words.every((w) => `${s.name} ${this.queueName(s.queue_id)}`.toLowerCase().includes(w))
    );
    return html`
      <div class="screen wide" data-testid="admin-scripts">
        <section class="panel" aria-labelledby="scripts-title">
          <header>
            <h2 id="scripts-title">${t("crmAdmin.scripts.title")}</h2>
            <p class="intro">${t("crmAdmin.scripts.intro")}</p>
          </header>
          <div class="panel-body">
            <div class="toolbar">
              <label>
                ${t("admin.list.search")}
                <input type="search" data-testid="search"
                  placeholder=${t("admin.list.searchPlaceholder")} .value=${this.query}
                  @input=${(e: Event) => this.query = (e.target as HTMLInputElement).value} />
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
                <div class="list-scroll">
                  <table data-testid="list">
                    <thead>
                      <tr>
                        <th scope="col">${t("crmAdmin.scripts.name")}</th>
                        <th scope="col">${t("crmAdmin.scripts.queue")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${shown.map((s) =>
                        html`
                          <tr class=${this.editing === s.id ? "selected" : ""}>
                            <td>
                              <button class="link" aria-label=${t("admin.list.edit", {
                                name: s.name,
                              })} @click=${() => this.onEdit(s)}>${s.name}</button>
                            </td>
                            <td>${this.queueName(s.queue_id)}</td>
                          </tr>
                        `
                      )}
                    </tbody>
                  </table>
                </div>
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
    const value = (ev: Event) =>
      (ev.target as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value;
    return html`
      <section class="panel" aria-labelledby="script-form-title">
        <header>
          <h2 id="script-form-title">
            ${isNew ? t("admin.form.new") : t("admin.form.edit", { name: d.name })}
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
            <div class="row2">
              ${formField(
                "name",
                t("crmAdmin.scripts.name"),
                html`
                  <input id="name" name="name" autocomplete="off" required
                    aria-invalid=${e.name ? "true" : "false"}
                    aria-describedby=${describedBy("name", false, e.name)}
                    .value=${d.name} @input=${(ev: Event) => this.set({ name: value(ev) })} />
                `,
                { error: e.name },
              )}
              ${formField(
                "queue",
                t("crmAdmin.scripts.queue"),
                html`
                  <select id="queue" name="queue"
                    aria-invalid=${e.queue_id ? "true" : "false"}
                    @change=${(ev: Event) => this.set({ queue: value(ev) })}>
                                    <option value="" ?selected=${d.queue === ""}>${t(
                                      "crmAdmin.scripts.allQueues",
                                    )}</option>
                                    ${this.data!.queues.map((q) =>
                                      html`<option value=${String(q.id)} ?selected=${
                                        String(q.id) === d.queue
                                      }>${q.name}</option>`
                                    )}
                                  </select>
                `,
                { error: e.queue_id },
              )}
            </div>
            <div class="pair">
              <div class="field">
                ${formField(
                  "body",
                  t("crmAdmin.scripts.body"),
                  html`
                    <textarea id="body" name="body" class="code" rows="8"
                      aria-invalid=${e.body ? "true" : "false"}
                      aria-describedby=${describedBy("body", true, e.body)}
                      .value=${d.body}
                      @input=${(ev: Event) => this.set({ body: value(ev) })}></textarea>
                  `,
                  { hint: t("crmAdmin.scripts.bodyHint"), error: e.body },
                )} ${this.renderVariables()}
              </div>
              ${this.renderPreview()}
            </div>
            <div class="actions">
              <button class="button primary" type="submit" ?disabled=${this.busy}
                data-testid="save">
                ${this.busy ? t("admin.form.saving") : t("admin.form.save")}
              </button>
              <button class="button" type="button" @click=${() => this.editing = undefined}>
                ${t("admin.form.cancel")}
              </button>
              <span class="spacer"></span>
              ${isNew ? nothing : html`
                <button class="button" type="button" data-testid="delete"
                  @click=${this.onDelete}>${t("admin.form.delete")}</button>
              `}
            </div>
          </form>
        </div>
      </section>
    `;
  }

  private renderVariables() {
    const all = scriptVariables(this.data!.variables, this.data!.fields);
    return html`
      <div role="group" aria-labelledby="variables-title" data-testid="variables">
        <span id="variables-title">${t("crmAdmin.scripts.variables")}</span>
        <div class="variables">
          ${VARIABLE_GROUPS.map((g) => {
            const vars = all.filter((v) => v.group === g);
            if (vars.length === 0) return nothing;
            return html`
              <h4 id="group-${g}">${t(`crmAdmin.scripts.group.${g}` as MessageKey)}</h4>
              <ul aria-labelledby="group-${g}">
                ${vars.map((v) =>
                  html`<li><button type="button" title=${`{{${v.name}}}`}
                    data-variable=${v.name}
                    aria-label=${t("crmAdmin.scripts.insert", { variable: variableLabel(v) })}
                    @mousedown=${(ev: Event) => ev.preventDefault()}
                    @click=${() => this.onInsert(v.name)}>${variableLabel(v)}</button></li>`
                )}
              </ul>
            `;
          })}
        </div>
      </div>
    `;
  }

  private renderPreview() {
    const p = this.preview;
    const unknown = p?.unknown ?? [];
    const missing = (p?.missing ?? []).filter((m) => !unknown.includes(m));
    return html`
      <div class="field">
        ${formField(
          "sample",
          t("crmAdmin.scripts.sample"),
          html`
            <select id="sample" name="sample" aria-describedby="sample-hint"
              @change=${this.onCustomer}>
                        <option value=${SAMPLE} ?selected=${this.customer === SAMPLE}>
                          ${sampleCustomer([], this.i18n.language, new Date()).name}
                        </option>
                        <option value="" ?selected=${this.customer === ""}>${t(
                          "crmAdmin.scripts.sampleNone",
                        )}</option>
                        ${this.customers.map((c) =>
                          html`<option value=${String(c.id)} ?selected=${
                            this.customer === String(c.id)
                          }>
                ${c.name}${c.phones[0] ? ` · ${c.phones[0]}` : ""}
              </option>`
                        )}
                      </select>
            <input type="search" aria-label=${t("crmAdmin.scripts.find")}
              placeholder=${t("crmAdmin.scripts.find")} data-testid="find-customer"
              @input=${this.onFind} />
          `,
          { hint: t("crmAdmin.scripts.sampleHint") },
        )}
        <span id="preview-label">${t("crmAdmin.scripts.preview")}</span>
        <div class="preview" role="region" aria-labelledby="preview-label" aria-live="polite"
          data-testid="preview">${p && this.draft.body.trim()
            ? html`<div class="text">${p.text}</div>`
            : html`<span class="muted">${t("crmAdmin.scripts.previewEmpty")}</span>`}</div>
        ${unknown.length
          ? html`<p class="error" data-testid="unknown">${
            t("crmAdmin.scripts.unknown", { names: unknown.join(", ") })
          }</p>`
          : nothing}
        ${missing.length
          ? html`<p class="missing">${
            t("crmAdmin.scripts.missing", { names: missing.join(", ") })
          }</p>`
          : nothing}
      </div>
    `;
  }

  private queueName(id: number | null): string {
    if (id === null) return t("crmAdmin.scripts.allQueues");
    return this.data!.queues.find((q) => q.id === id)?.name ?? String(id);
  }

  private set(change: Partial<Draft>): void {
    this.draft = { ...this.draft, ...change };
    this.schedulePreview();
  }

  private schedulePreview(): void {
    clearTimeout(this.#previewTimer);
    this.#previewTimer = setTimeout(() => void this.refreshPreview(), 250);
  }

  private async refreshPreview(): Promise<void> {
    const seq = ++this.#previewSeq;
    const body = this.draft.body;
    if (!body.trim()) {
      this.preview = null;
      return;
    }
    const data = this.data!;
    const queueId = Number(this.draft.queue);
    const queue = data.queues.find((q) => q.id === queueId)?.name ?? data.queues[0]?.name;
    const customer = this.customers.find((c) => String(c.id) === this.customer);
    try {
      const preview = await data.preview(body, {
        queue,
        customer,
        sample: this.customer === SAMPLE
          ? sampleCustomer(data.fields, this.i18n.language, new Date())
          : undefined,
      });
      if (seq === this.#previewSeq) this.preview = preview;
    } catch (error) {
      if (seq === this.#previewSeq) {
        this.preview = { text: failureText(error), missing: [], unknown: [] };
      }
    }
  }

  private async onInsert(name: string): Promise<void> {
    const area = this.renderRoot.querySelector<HTMLTextAreaElement>("#body")!;
    const { text, cursor } = insertVariable(
      this.draft.body,
      area.selectionStart,
      area.selectionEnd,
      name,
    );
    this.set({ body: text });
    await this.updateComplete;
    area.focus();
    area.setSelectionRange(cursor, cursor);
  }

  private onCustomer(event: Event): void {
    this.customer = (event.target as HTMLSelectElement).value;
    this.schedulePreview();
  }

  private onFind(event: Event): void {
    const prefix = (event.target as HTMLInputElement).value;
    clearTimeout(this.#findTimer);
    this.#findTimer = setTimeout(async () => {
      try {
        this.customers = await this.data!.findCustomers(prefix);
        if (this.customers.length > 0) {
          this.customer = String(this.customers[0].id);
          this.schedulePreview();
        }
      } catch {
        this.customers = [];
      }
    }, 250);
  }

  private async onAdd(): Promise<void> {
    this.draft = EMPTY;
    await this.openForm(null);
  }

  private async onEdit(script: AgentScript): Promise<void> {
    this.draft = toDraft(script);
    await this.openForm(script.id);
  }

  private async openForm(id: number | null): Promise<void> {
    this.editing = id;
    this.errors = {};
    this.problem = null;
    this.notice = null;
    this.preview = null;
    void this.refreshPreview();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("form input")?.focus();
  }

  private async onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    const d = this.draft;
    const missing: Record<string, string> = {};
    if (!d.name.trim()) missing.name = t("admin.form.required");
    if (!d.body.trim()) missing.body = t("admin.form.required");
    if (Object.keys(missing).length > 0) return this.refuse(missing, t("admin.form.fixFields"));
    this.busy = true;
    try {
      const saved = await this.data!.save({
        name: d.name.trim(),
        queue_id: d.queue === "" ? null : Number(d.queue),
        body: d.body,
      }, this.editing ?? undefined);
      this.editing = saved.id;
      this.draft = toDraft(saved);
      this.errors = {};
      this.problem = null;
      this.notice = t("admin.form.saved");
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

  private async refuse(errors: Record<string, string>, problem: string): Promise<void> {
    this.errors = errors;
    this.problem = problem;
    this.notice = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  private async onDelete(): Promise<void> {
    const id = this.editing;
    if (!id || !confirm(t("admin.form.confirmDelete", { name: this.draft.name }))) return;
    try {
      await this.data!.remove(id);
      this.editing = undefined;
      this.dispatchEvent(new CustomEvent("admin-changed", { bubbles: true, composed: true }));
    } catch (error) {
      this.problem = t("admin.form.failed", { reason: failureText(error) });
    }
  }
}

function toDraft(s: AgentScript): Draft {
  return { name: s.name, queue: s.queue_id === null ? "" : String(s.queue_id), body: s.body };
}

/** A variable's name in the admin's language. */
function variableLabel(v: ScriptVariable): string {
  if (v.label) return v.label;
  const key = `crmAdmin.scripts.var.${v.name}` as MessageKey;
  const text = t(key);
  return text === key ? v.name : text;
}

customElements.define("cc-script-editor", CcScriptEditor);

declare global {
  interface HTMLElementTagNameMap {
    "cc-script-editor": CcScriptEditor;
  }
}
