import { caseInSubject } from "./case_tag.ts";

/** What threading needs of an arriving e-mail's headers. */
export interface ThreadHeaders {
  subject: string;
  inReplyTo: string | null;
  /** The References header's Message-IDs, oldest first. */
  references: readonly string[];
}

/** What threading asks of the stored mail and cases. */
export interface ThreadLookups {
  /** The case an e-mail we stored (sent or received) with this Message-ID belongs to. */
  caseOfMessage(messageId: string): number | null;
  /** The case a tagged number names, after merges (null when there is no such case). */
  liveCase(caseId: number): number | null;
}

export type ThreadDecision =
  | { kind: "join"; caseId: number; by: "headers" | "subject" }
  | { kind: "new" };

/**
 * Where an arriving e-mail belongs. Reply headers win: In-Reply-To, then References from
 * the newest back, matched against Message-IDs we stored; then a case number tagged in the
 * subject. Anything else opens a new case. The headers come first because a subject tag
 * can be typed by anyone, while a Message-ID of ours is only known to who got our mail.
 */
export function decideThread(headers: ThreadHeaders, lookups: ThreadLookups): ThreadDecision {
  const ids = [headers.inReplyTo, ...[...headers.references].reverse()];
  for (const id of ids) {
    if (!id) continue;
    const caseId = lookups.caseOfMessage(normaliseMessageId(id));
    if (caseId !== null) return { kind: "join", caseId, by: "headers" };
  }
  const tagged = caseInSubject(headers.subject);
  if (tagged !== null) {
    const caseId = lookups.liveCase(tagged);
    if (caseId !== null) return { kind: "join", caseId, by: "subject" };
  }
  return { kind: "new" };
}

/** A Message-ID as stored: without angle brackets or spaces, domain part lower-cased. */
export function normaliseMessageId(raw: string): string {
  const bare = raw.trim().replace(/^<|>$/g, "").trim();
  const at = bare.lastIndexOf("@");
  return at < 0 ? bare : bare.slice(0, at) + bare.slice(at).toLowerCase();
}

/** The Message-IDs in a References (or In-Reply-To) header value. */
export function parseReferences(value: string | readonly string[] | undefined | null): string[] {
  if (!value) return [];
  const text = Array.isArray(value) ? value.join(" ") : String(value);
  return [...text.matchAll(/<([^<>\s]+)>/g)].map((m) => normaliseMessageId(m[1]));
}
