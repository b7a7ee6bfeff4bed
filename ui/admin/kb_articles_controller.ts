import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ApiClient } from "../common/api_client.ts";

/** An article as the list shows it (the search answer, without the text). */
export interface ArticleHit {
  id: number;
  title: string;
  tags: string[];
  language: string;
  published: boolean;
  updated_at: string;
}

/** A whole article. */
export interface Article extends ArticleHit {
  body: string;
}

/** What a save sends. */
export type ArticleInput = Pick<Article, "title" | "body" | "tags" | "language" | "published">;

/** The most articles the API answers a search with. */
const LIMIT = 100;

/**
 * Knowledge-base articles for the admin: the list (drafts included) searched on the
 * server's full-text index, one article read whole for editing, saves and deletes.
 */
export class KbArticlesController implements ReactiveController {
  articles: ArticleHit[] = [];
  error: string | null = null;
  #query = "";

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: Pick<ApiClient, "request">,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Lists the articles matching `query` (every word), newest first when it is empty. */
  async search(query = this.#query): Promise<void> {
    this.#query = query;
    const params = new URLSearchParams({ drafts: "1", limit: String(LIMIT) });
    if (query.trim()) params.set("q", query.trim());
    try {
      this.articles = (await this.api.request<{ articles: ArticleHit[] }>(
        "GET",
        `/kb/articles?${params}`,
      )).articles;
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
    this.host.requestUpdate();
  }

  async get(id: number): Promise<Article> {
    return (await this.api.request<{ article: Article }>("GET", `/kb/articles/${id}`)).article;
  }

  /** Writes a new article (`id` undefined) or changes one; rejects with the API's refusal. */
  async save(input: ArticleInput, id?: number): Promise<Article> {
    const { article } = await this.api.request<{ article: Article }>(
      id === undefined ? "POST" : "PATCH",
      id === undefined ? "/kb/articles" : `/kb/articles/${id}`,
      input,
    );
    await this.search();
    return article;
  }

  async remove(id: number): Promise<void> {
    await this.api.request("DELETE", `/kb/articles/${id}`);
    await this.search();
  }
}
