import type { ArticleHit } from "../crm/mod.ts";

/** The part of the knowledge base the bot reads: the same search agents use. */
export interface ArticleSearch {
  search(query: string, options?: { limit?: number }): ArticleHit[];
}

/** What the bot says to one message from the visitor. */
export type BotReply =
  | { kind: "articles"; articles: Pick<ArticleHit, "id" | "title" | "snippet">[] }
  | { kind: "handover"; reason: "asked" | "unsure" };

/** Words that mean "let me talk to a person", in English and Chinese. */
const ASK_FOR_PERSON =
  /\b(agent|human|person|operator|someone|representative|real people)\b|人工|客服|真人|转接/i;

const STOP_WORDS = new Set(
  ("a an and are can could do does for from have how i in is it me my of on or please " +
    "the there this to what when where which why with would you your").split(" "),
);

/** Whether the visitor asks for a person rather than for an answer. */
export function asksForPerson(text: string): boolean {
  return ASK_FOR_PERSON.test(text);
}

/**
 * The search terms of a visitor's sentence: Latin words of three letters or more that
 * are not stop words, and each run of Chinese characters (the knowledge base matches
 * those by trigram or substring).
 */
export function searchTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const word of text.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []) {
    if (!STOP_WORDS.has(word)) terms.add(word);
  }
  for (const run of text.match(/[\u3400-\u9fff]+/g) ?? []) {
    // Long runs are a whole sentence; its two-character pieces find the words in it.
    if ([...run].length <= 4) terms.add(run);
    else for (let i = 0; i + 2 <= run.length; i += 2) terms.add(run.slice(i, i + 2));
  }
  return [...terms].slice(0, 12);
}

/**
 * A bot that answers from the knowledge base before a person does. The knowledge base
 * finds articles that contain every term of a query; a visitor's sentence rarely fits
 * one article word for word, so the bot asks for each term and ranks the articles by
 * how many terms found them (then by their rank in each answer). It is unsure — and
 * hands over — when no article was found by at least half the terms.
 */
export class KbBot {
  constructor(private readonly kb: ArticleSearch, private readonly maxArticles = 3) {}

  reply(text: string): BotReply {
    if (asksForPerson(text)) return { kind: "handover", reason: "asked" };
    const terms = searchTerms(text);
    if (terms.length === 0) return { kind: "handover", reason: "unsure" };
    const scores = new Map<number, { hit: ArticleHit; terms: number; rank: number }>();
    for (const term of terms) {
      this.kb.search(term, { limit: 5 }).forEach((hit, index) => {
        const seen = scores.get(hit.id) ?? { hit, terms: 0, rank: 0 };
        seen.terms++;
        seen.rank += 5 - index;
        scores.set(hit.id, seen);
      });
    }
    const ranked = [...scores.values()].sort((a, b) => b.terms - a.terms || b.rank - a.rank);
    const enough = Math.max(1, Math.ceil(terms.length / 2));
    if (ranked.length === 0 || ranked[0].terms < enough) {
      return { kind: "handover", reason: "unsure" };
    }
    return {
      kind: "articles",
      articles: ranked.slice(0, this.maxArticles).map(({ hit }) => ({
        id: hit.id,
        title: hit.title,
        snippet: hit.snippet,
      })),
    };
  }
}
