import { css, html, LitElement, nothing } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { icons } from "../common/icons.ts";
import { baseStyles } from "../common/styles.ts";
import { deskStyles } from "./desk_styles.ts";

interface ArticleHit {
  id: number;
  title: string;
  snippet: string;
  tags: string[];
}

interface Article {
  id: number;
  title: string;
  body: string;
  tags: string[];
}

/** Splits a search snippet into plain and highlighted parts (the server marks hits with «»). */
export function snippetParts(snippet: string): { text: string; hit: boolean }[] {
  const parts: { text: string; hit: boolean }[] = [];
  const pattern = /«([^»]*)»/g;
  let last = 0;
  for (const match of snippet.matchAll(pattern)) {
    if (match.index > last) parts.push({ text: snippet.slice(last, match.index), hit: false });
    parts.push({ text: match[1], hit: true });
    last = match.index + match[0].length;
  }
  if (last < snippet.length) parts.push({ text: snippet.slice(last), hit: false });
  return parts;
}

/**
 * Knowledge-base search beside the call: type, press Enter, open an article
 * to read it in place.
 */
export class CcKbSearch extends LitElement {
  static override styles = [
    baseStyles,
    deskStyles,
    css`
      form {
        display: flex;
        gap: 0.375rem;
        margin-bottom: 0.625rem;
      }
      .hits li + li {
        border-top: 1px solid var(--cc-border);
      }
      .hits button {
        display: grid;
        gap: 0.125rem;
        width: 100%;
        padding: 0.5rem 0.25rem;
        border: 0;
        background: none;
        color: inherit;
        font: inherit;
        text-align: left;
        cursor: pointer;
      }
      .hits button:hover {
        background: var(--cc-surface-muted);
      }
      .hits .title {
        color: var(--cc-link);
        font-weight: 600;
      }
      .hits .snippet {
        color: var(--cc-text-muted);
        font-size: 0.8125rem;
      }
      mark {
        background: #fff1b8;
        color: inherit;
      }
      article h3 {
        margin: 0.5rem 0;
        font-size: 1rem;
      }
      article .body {
        max-height: 22rem;
        overflow-y: auto;
        line-height: 1.55;
        white-space: pre-wrap;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    hits: { state: true },
    article: { state: true },
    searched: { state: true },
    busy: { state: true },
  };

  /** The API client of the signed-in session. */
  declare api: ApiClient | null;
  declare private hits: ArticleHit[];
  declare private article: Article | null;
  declare private searched: string | null;
  declare private busy: boolean;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.api = null;
    this.hits = [];
    this.article = null;
    this.searched = null;
    this.busy = false;
  }

  override render() {
    return html`
      <div class="card-body" data-testid="kb-search">
        <form role="search" @submit=${this.onSearch}>
          <label for="q" class="visually-hidden">${t("kb.search")}</label>
          <input id="q" name="q" type="search" data-testid="kb-query"
            placeholder=${t("kb.placeholder")} autocomplete="off" />
          <button class="button small primary" type="submit" ?disabled=${this.busy}>
            ${icons.search(16)}<span class="visually-hidden">${t("kb.search")}</span>
          </button>
        </form>
        ${this.article ? this.renderArticle(this.article) : this.renderHits()}
      </div>
    `;
  }

  private renderHits() {
    if (this.searched === null) return html`<p class="subtle">${t("kb.hint")}</p>`;
    if (!this.hits.length) {
      return html`<p class="subtle" role="status">${t("kb.noHits", { q: this.searched })}</p>`;
    }
    return html`
      <ul class="plain hits" data-testid="kb-hits" aria-live="polite">
        ${this.hits.map((hit) =>
          html`
            <li>
              <button type="button" @click=${() => this.open(hit.id)}>
                <span class="title">${hit.title}</span>
                <span class="snippet">${snippetParts(hit.snippet).map((p) =>
                  p.hit ? html`<mark>${p.text}</mark>` : p.text
                )}</span>
              </button>
            </li>
          `
        )}
      </ul>
    `;
  }

  private renderArticle(article: Article) {
    return html`
      <article data-testid="kb-article">
        <button class="button small" type="button" @click=${() => this.article = null}>
          ← ${t("kb.back")}
        </button>
        <h3>${article.title}</h3>
        ${article.tags.length
          ? html`<div class="row">${
            article.tags.map((tag) => html`<span class="chip">${tag}</span>`)
          }</div>`
          : nothing}
        <div class="body">${article.body}</div>
      </article>
    `;
  }

  private async onSearch(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const api = this.api;
    const q = String(new FormData(event.currentTarget as HTMLFormElement).get("q") ?? "").trim();
    if (!api || !q) return;
    this.busy = true;
    this.article = null;
    try {
      const body = await api.request<{ articles: ArticleHit[] }>(
        "GET",
        `/kb/articles?q=${encodeURIComponent(q)}&limit=20`,
      );
      this.hits = body.articles;
      this.searched = q;
    } catch (error) {
      console.warn("ui/kb: search failed", error);
      this.hits = [];
      this.searched = q;
    } finally {
      this.busy = false;
    }
  }

  private async open(id: number): Promise<void> {
    if (!this.api) return;
    try {
      const body = await this.api.request<{ article: Article }>("GET", `/kb/articles/${id}`);
      this.article = body.article;
    } catch (error) {
      console.warn("ui/kb: could not open the article", error);
    }
  }
}

customElements.define("cc-kb-search", CcKbSearch);

declare global {
  interface HTMLElementTagNameMap {
    "cc-kb-search": CcKbSearch;
  }
}
