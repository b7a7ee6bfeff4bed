import { css, html, nothing, type PropertyDeclarations } from "lit";
import { type MessageKey, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import { AdminEditPanel } from "./edit_panel.ts";
import { editorStyles } from "./editor_styles.ts";
import { failureText } from "./field_errors.ts";
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
export class CcScriptEditor extends AdminEditPanel<number, Draft> {
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

  static override properties: PropertyDeclarations = {
    ...AdminEditPanel.properties,
    customers: { state: true },
    customer: { state: true },
    preview: { state: true },
  };

  /** Stored customers found by name, to preview with. */
  declare private customers: CustomerChoice[];
  /** The customer select's value: "sample", "" (none) or a customer id. */
  declare private customer: string;
  declare private preview: ScriptPreview | null;

  protected readonly fieldKeys = KEYS;
  private data: ScriptsController | undefined;
  #previewTimer: ReturnType<typeof setTimeout> | undefined;
  #findTimer: ReturnType<typeof setTimeout> | undefined;
  #previewSeq = 0;

  constructor() {
    super();
    this.draft = EMPTY;
    this.customers = [];
    this.customer = SAMPLE;
    this.preview = null;
  }

  protected emptyDraft(): Draft {
    return EMPTY;
  }

  protected draftName(): string {
    return this.draft.name;
  }

  protected removeItem(id: number): Promise<void> {
    return this.data!.remove(id);
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
    const shown = data.scripts.filter((s) =>
      this.matchesQuery(`${s.name} ${this.queueName(s.queue_id)}`)
    );
    return html`
      <div class="screen wide" data-testid="admin-scripts">
        <section class="panel" aria-labelledby="scripts-title">
          <header>
            <h2 id="scripts-title">${t("crmAdmin.scripts.title")}</h2>
            <p class="intro">${t("crmAdmin.scripts.intro")}</p>
          </header>
          <div class="panel-body">
            ${this.renderToolbar((e: Event) => this.query = (e.target as HTMLInputElement).value)}
            ${this.renderListState(data.error, shown.length === 0)}
            ${shown.length === 0 ? nothing : html`
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
          ${this.renderBanners()}
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
            ${this.renderActions()}
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

  private async onEdit(script: AgentScript): Promise<void> {
    await this.openForm(script.id, toDraft(script));
  }

  protected override async openForm(id: number | null, draft: Draft): Promise<void> {
    this.preview = null;
    const opened = super.openForm(id, draft);
    void this.refreshPreview();
    await opened;
  }

  private async onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    const d = this.draft;
    const missing: Record<string, string> = {};
    if (!d.name.trim()) missing.name = t("admin.form.required");
    if (!d.body.trim()) missing.body = t("admin.form.required");
    await this.saveDraft(missing, async () => {
      const saved = await this.data!.save({
        name: d.name.trim(),
        queue_id: d.queue === "" ? null : Number(d.queue),
        body: d.body,
      }, this.editing ?? undefined);
      return { id: saved.id, draft: toDraft(saved) };
    });
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
