import { html, nothing } from "lit";
import { LANGUAGES, type MessageKey, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import { AdminEditPanel } from "./edit_panel.ts";
import { editorStyles } from "./editor_styles.ts";
import { failureText } from "./field_errors.ts";
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
export class CcKbArticlesPanel extends AdminEditPanel<number, Draft> {
  static override styles = [baseStyles, areaStyles, adminStyles, editorStyles];

  protected readonly fieldKeys = KEYS;
  private data: KbArticlesController | undefined;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.draft = EMPTY;
  }

  protected emptyDraft(): Draft {
    return { ...EMPTY, language: this.i18n.language };
  }

  protected draftName(): string {
    return this.draft.title;
  }

  protected removeItem(id: number): Promise<void> {
    return this.data!.remove(id);
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
            ${this.renderToolbar(this.onQuery, "kb-search-hint")}
            <p class="hint" id="kb-search-hint">${t("crmAdmin.kb.searchHint")}</p>
            ${this.renderListState(data.error, data.articles.length === 0)}
            ${data.articles.length === 0 ? nothing : this.renderList(data.articles)}
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
          ${this.renderBanners()}
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
            ${this.renderActions()}
          </form>
        </div>
      </section>
    `;
  }

  private onQuery = (event: Event): void => {
    this.query = (event.target as HTMLInputElement).value;
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => void this.data!.search(this.query), 250);
  };

  private async onEdit(id: number): Promise<void> {
    try {
      await this.openForm(id, toDraft(await this.data!.get(id)));
    } catch (error) {
      this.problem = t("admin.form.failed", { reason: failureText(error) });
    }
  }

  private async onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    const d = this.draft;
    const missing: Record<string, string> = {};
    if (!d.title.trim()) missing.title = t("admin.form.required");
    if (!d.body.trim()) missing.body = t("admin.form.required");
    await this.saveDraft(missing, async () => {
      const saved = await this.data!.save({
        title: d.title,
        body: d.body,
        tags: splitTags(d.tags),
        language: d.language,
        published: d.published,
      }, this.editing ?? undefined);
      return { id: saved.id, draft: toDraft(saved) };
    });
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
