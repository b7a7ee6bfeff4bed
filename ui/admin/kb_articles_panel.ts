import { html, LitElement, nothing } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, LANGUAGES, type MessageKey, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import { editorStyles } from "./editor_styles.ts";
import { failureText, fieldErrors } from "./field_errors.ts";
import { describedBy, formField } from "./form_field.ts";
import { type Article, type ArticleHit, KbArticlesController } from "./kb_articles_controller.ts";

const KEYS = ["title", "body", "tags", "language", "published"] as const;

/** The form's values: tags as typed, separated by commas. */
interface Draft {
  title: string;
  body: string;
  tags: string;
  language: string;
  published: boolean;
}

const EMPTY: Draft = { title: "", body: "", tags: "", language: "zh-CN", published: true };

/**
 * The knowledge base: articles searched on the server (drafts included) beside an editor
 * whose preview shows the article as agents read it beside the call.
 *
 * @fires admin-changed - after a save or delete
 */
export class CcKbArticlesPanel extends LitElement {
  static override styles = [baseStyles, areaStyles, adminStyles, editorStyles];

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
  /** The id of the article in the form: undefined when none, null when adding. */
  declare private editing: number | null | undefined;
  declare private draft: Draft;
  declare private errors: Record<string, string>;
  declare private problem: string | null;
  declare private notice: string | null;
  declare private busy: boolean;

  private readonly i18n = new I18nController(this);
  private data: KbArticlesController | undefined;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.query = "";
    this.editing = undefined;
    this.draft = EMPTY;
    this.errors = {};
    this.problem = null;
    this.notice = null;
    this.busy = false;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && !this.data) {
      this.data = new KbArticlesController(this, this.api);
      void this.data.search("");
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#searchTimer);
  }

  override render() {
    const data = this.data!;
    return html`
      <div class="screen wide" data-testid="admin-kb">
        <section class="panel" aria-labelledby="kb-title">
          <header>
            <h2 id="kb-title">${t("crmAdmin.kb.title")}</h2>
            <p class="intro">${t("crmAdmin.kb.intro")}</p>
          </header>
          <div class="panel-body">
            <div class="toolbar">
              <label>
                ${t("admin.list.search")}
                <input
                  type="search"
                  data-testid="search"
                  aria-describedby="kb-search-hint"
                  placeholder=${t("admin.list.searchPlaceholder")}
                  .value=${this.query}
                  @input=${this.onQuery}
                />
              </label>
              <button class="button primary" data-testid="add" @click=${this.onAdd}>
                ${t("admin.list.add")}
              </button>
            </div>
            <p class="hint" id="kb-search-hint">${t("crmAdmin.kb.searchHint")}</p>
            ${data.error ? html`<p class="banner bad" role="alert">${data.error}</p>` : nothing}
            ${data.articles.length === 0
              ? html`<p class="muted">${
                this.query ? t("admin.list.noMatch", { query: this.query }) : t("admin.list.empty")
              }</p>`
              : this.renderList(data.articles)}
          </div>
        </section>
        ${this.editing === undefined ? nothing : this.renderForm()}
      </div>
    `;
  }

  private renderList(articles: ArticleHit[]) {
    return html`
      <div class="list-scroll">
        <table data-testid="list">
          <thead>
            <tr>
              <th scope="col">${t("crmAdmin.kb.articleTitle")}</th>
              <th scope="col">${t("crmAdmin.kb.updated")}</th>
            </tr>
          </thead>
          <tbody>
            ${articles.map((a) =>
              html`
                <tr class=${this.editing === a.id ? "selected" : ""}>
                  <td>
                    <button class="link" aria-label=${t("admin.list.edit", { name: a.title })}
                      @click=${() => this.onEdit(a.id)}>${a.title}</button>
                    ${a.published
                      ? nothing
                      : html`<span class="chip">${t("crmAdmin.kb.draft")}</span>`}
                  </td>
                  <td>${new Date(a.updated_at).toLocaleDateString(this.i18n.language)}</td>
                </tr>
              `
            )}
          </tbody>
        </table>
      </div>
      <p class="hint">${t("admin.list.count", { count: articles.length })}</p>
    `;
  }

  private renderForm() {
    const isNew = this.editing === null;
    const d = this.draft;
    const e = this.errors;
    const set = (change: Partial<Draft>) => this.draft = { ...this.draft, ...change };
    const value = (ev: Event) =>
      (ev.target as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value;
    const tags = splitTags(d.tags);
    return html`
      <section class="panel" aria-labelledby="kb-form-title">
        <header>
          <h2 id="kb-form-title">
            ${isNew ? t("admin.form.new") : t("admin.form.edit", { name: d.title })}
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
            ${formField(
              "title",
              t("crmAdmin.kb.articleTitle"),
              html`
                <input id="title" name="title" autocomplete="off" required
                  aria-invalid=${e.title ? "true" : "false"}
                  aria-describedby=${describedBy("title", false, e.title)}
                  .value=${d.title} @input=${(ev: Event) => set({ title: value(ev) })} />
              `,
              { error: e.title },
            )}
            <div class="row2">
              ${formField(
                "tags",
                t("crmAdmin.kb.tags"),
                html`
                  <input id="tags" name="tags" autocomplete="off"
                    aria-invalid=${e.tags ? "true" : "false"}
                    aria-describedby=${describedBy("tags", true, e.tags)}
                    .value=${d.tags} @input=${(ev: Event) => set({ tags: value(ev) })} />
                `,
                { hint: t("crmAdmin.kb.tagsHint"), error: e.tags },
              )}
              ${formField(
                "language",
                t("crmAdmin.kb.language"),
                html`
                  <select id="language" name="language"
                    aria-invalid=${e.language ? "true" : "false"}
                    @change=${(ev: Event) => set({ language: value(ev) })}>
                                    ${LANGUAGES.map((l) =>
                                      html`<option value=${l} ?selected=${l === d.language}>${
                                        t(`lang.${l}` as MessageKey)
                                      }</option>`
                                    )}
                                  </select>
                `,
                { error: e.language },
              )}
            </div>
            <div class="field">
              <label class="check">
                <input type="checkbox" name="published" .checked=${d.published}
                  aria-describedby="published-hint"
                  @change=${(ev: Event) =>
                    set({ published: (ev.target as HTMLInputElement).checked })} />
                ${t("crmAdmin.kb.published")}
              </label>
              <p class="hint" id="published-hint">${t("crmAdmin.kb.publishedHint")}</p>
            </div>
            <div class="pair">
              ${formField(
                "body",
                t("crmAdmin.kb.body"),
                html`
                  <textarea id="body" name="body" rows="10"
                    aria-invalid=${e.body ? "true" : "false"}
                    aria-describedby=${describedBy("body", true, e.body)}
                    .value=${d.body}
                    @input=${(ev: Event) => set({ body: value(ev) })}></textarea>
                `,
                { hint: t("crmAdmin.kb.bodyHint"), error: e.body },
              )}
              <div class="field">
                <span id="kb-preview-label">${t("crmAdmin.kb.preview")}</span>
                <article class="preview" aria-labelledby="kb-preview-label"
                  data-testid="preview">
                  ${d.title.trim() ? html`<h3>${d.title}</h3>` : nothing} ${tags.length
                    ? html`<div>${tags.map((tag) => html`<span class="chip">${tag}</span>`)}</div>`
                    : nothing} ${d.body.trim()
                    ? html`<div class="text">${d.body}</div>`
                    : html`<span class="muted">${t("crmAdmin.kb.previewEmpty")}</span>`}
                </article>
              </div>
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

  private onQuery(event: Event): void {
    this.query = (event.target as HTMLInputElement).value;
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => void this.data!.search(this.query), 250);
  }

  private async onAdd(): Promise<void> {
    this.draft = { ...EMPTY, language: this.i18n.language };
    await this.openForm(null);
  }

  private async onEdit(id: number): Promise<void> {
    try {
      this.draft = toDraft(await this.data!.get(id));
      await this.openForm(id);
    } catch (error) {
      this.problem = t("admin.form.failed", { reason: failureText(error) });
    }
  }

  private async openForm(id: number | null): Promise<void> {
    this.editing = id;
    this.errors = {};
    this.problem = null;
    this.notice = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("form input")?.focus();
  }

  private async onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    const d = this.draft;
    const missing: Record<string, string> = {};
    if (!d.title.trim()) missing.title = t("admin.form.required");
    if (!d.body.trim()) missing.body = t("admin.form.required");
    if (Object.keys(missing).length > 0) return this.refuse(missing, t("admin.form.fixFields"));
    this.busy = true;
    try {
      const saved = await this.data!.save({
        title: d.title,
        body: d.body,
        tags: splitTags(d.tags),
        language: d.language,
        published: d.published,
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
    if (!id || !confirm(t("admin.form.confirmDelete", { name: this.draft.title }))) return;
    try {
      await this.data!.remove(id);
      this.editing = undefined;
      this.dispatchEvent(new CustomEvent("admin-changed", { bubbles: true, composed: true }));
    } catch (error) {
      this.problem = t("admin.form.failed", { reason: failureText(error) });
    }
  }
}

function toDraft(a: Article): Draft {
  return {
    title: a.title,
    body: a.body,
    tags: a.tags.join(", "),
    language: a.language,
    published: a.published,
  };
}

/** Tags as typed, split on ASCII and Chinese commas. */
export function splitTags(text: string): string[] {
  return [...new Set(text.split(/[,，、]/).map((t) => t.trim()).filter(Boolean))];
}

customElements.define("cc-kb-articles-panel", CcKbArticlesPanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-kb-articles-panel": CcKbArticlesPanel;
  }
}
