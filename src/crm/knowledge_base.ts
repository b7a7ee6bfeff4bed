import { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import { parse } from "./customers.ts";
import { NotFoundError } from "./errors.ts";

export const ArticleSchema = z.object({
  title: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(200_000),
  tags: z.array(z.string().trim().min(1).max(50)).max(30).default([]),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/).default("zh-CN"),
  published: z.boolean().default(true),
}).strict();
export type ArticleInput = z.input<typeof ArticleSchema>;
export const ArticleUpdateSchema = z.object({
  title: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(200_000),
  tags: z.array(z.string().trim().min(1).max(50)).max(30),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/),
  published: z.boolean(),
}).partial().strict();

export interface Article {
  id: number;
  title: string;
  body: string;
  tags: string[];
  language: string;
  published: boolean;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface ArticleHit {
  id: number;
  title: string;
  snippet: string;
  tags: string[];
  language: string;
  published: boolean;
  updated_at: string;
}

/** Trigram tokens need three characters; shorter terms are matched with LIKE instead. */
const TRIGRAM = 3;

type Row = Omit<Article, "tags" | "published"> & { tags: string; published: number };

/**
 * Articles agents search during a call. Search runs on FTS5 with the trigram
 * tokenizer, which finds any 3+ character substring in Chinese or English alike; a
 * 1–2 character term (many Chinese words, such as 退款, have two) falls back to LIKE,
 * which scans but is fine at knowledge-base sizes.
 */
export class KnowledgeBase {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  create(input: ArticleInput, actorId: number | null): Article {
    const data = parse(ArticleSchema, input);
    const now = isoTime(this.clock.now());
    const id = this.db.run(
      `INSERT INTO kb_articles (title, body, tags, language, published, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      data.title,
      data.body,
      JSON.stringify(data.tags),
      data.language,
      data.published ? 1 : 0,
      actorId,
      now,
      now,
    ).lastInsertRowid;
    return this.get(id)!;
  }

  get(id: number): Article | undefined {
    const row = this.db.get<Row>("SELECT * FROM kb_articles WHERE id = ?", id);
    return row ? decode(row) : undefined;
  }

  update(id: number, change: z.infer<typeof ArticleUpdateSchema>): Article {
    const data = parse(ArticleUpdateSchema, change);
    if (!this.get(id)) throw new NotFoundError(`Article ${id}`);
    const set: [string, string | number][] = [];
    for (const key of ["title", "body", "language"] as const) {
      if (data[key] !== undefined) set.push([key, data[key]]);
    }
    if (data.tags !== undefined) set.push(["tags", JSON.stringify(data.tags)]);
    if (data.published !== undefined) set.push(["published", data.published ? 1 : 0]);
    set.push(["updated_at", isoTime(this.clock.now())]);
    this.db.run(
      `UPDATE kb_articles SET ${set.map(([k]) => `${k} = ?`).join(", ")} WHERE id = ?`,
      ...set.map(([, v]) => v),
      id,
    );
    return this.get(id)!;
  }

  remove(id: number): void {
    if (this.db.run("DELETE FROM kb_articles WHERE id = ?", id).changes === 0) {
      throw new NotFoundError(`Article ${id}`);
    }
  }

  /** Articles matching every term of `query`, best first; unpublished ones only if asked. */
  search(query: string, options: { limit?: number; includeDrafts?: boolean } = {}): ArticleHit[] {
    const terms = query.trim().split(/\s+/).filter(Boolean).slice(0, 10);
    const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
    const drafts = options.includeDrafts ? 1 : 0;
    let rows: (Row & { snippet: string })[];
    if (terms.length === 0) {
      rows = this.db.all(
        `SELECT *, substr(body, 1, 160) AS snippet FROM kb_articles
         WHERE (published = 1 OR ?) ORDER BY updated_at DESC LIMIT ?`,
        drafts,
        limit,
      );
    } else if (terms.every((t) => [...t].length >= TRIGRAM)) {
      const match = terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(" AND ");
      rows = this.db.all(
        `SELECT a.*, snippet(kb_articles_fts, 1, '«', '»', '…', 16) AS snippet
         FROM kb_articles_fts JOIN kb_articles a ON a.id = kb_articles_fts.rowid
         WHERE kb_articles_fts MATCH ? AND (a.published = 1 OR ?)
         ORDER BY bm25(kb_articles_fts, 5.0, 1.0) LIMIT ?`,
        match,
        drafts,
        limit,
      );
    } else {
      const likes = terms.map((t) => `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const where = likes.map(() => "(title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')");
      rows = this.db.all(
        `SELECT *, substr(body, max(1, instr(body, ?) - 20), 160) AS snippet FROM kb_articles
         WHERE ${where.join(" AND ")} AND (published = 1 OR ?)
         ORDER BY (title LIKE ? ESCAPE '\\') DESC, updated_at DESC LIMIT ?`,
        terms[0],
        ...likes.flatMap((l) => [l, l]),
        drafts,
        likes[0],
        limit,
      );
    }
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      snippet: r.snippet,
      tags: JSON.parse(r.tags),
      language: r.language,
      published: r.published === 1,
      updated_at: r.updated_at,
    }));
  }
}

function decode(row: Row): Article {
  return { ...row, tags: JSON.parse(row.tags), published: row.published === 1 };
}
