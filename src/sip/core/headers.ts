/**
 * An ordered, case-insensitive header list (RFC 3261 §7.3). Each entry holds one value:
 * comma-separated lists are split by the parser, and the serialiser writes one line each.
 */

// deno-fmt-ignore
const CANONICAL_NAMES = [
  "Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language", "Alert-Info", "Allow",
  "Allow-Events", "Authentication-Info", "Authorization", "Call-ID", "Call-Info", "Contact",
  "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Length",
  "Content-Type", "CSeq", "Date", "Error-Info", "Event", "Expires", "From", "Identity",
  "Identity-Info", "In-Reply-To", "Max-Forwards", "MIME-Version", "Min-Expires", "Min-SE",
  "Organization", "P-Asserted-Identity", "P-Preferred-Identity", "Path", "Priority", "Privacy",
  "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Require", "RAck", "Reason",
  "Record-Route", "Refer-To", "Referred-By", "Reject-Contact", "Replaces", "Reply-To",
  "Request-Disposition", "Require", "Retry-After", "Route", "RSeq", "Server", "Service-Route",
  "Session-Expires", "SIP-ETag", "SIP-If-Match", "Subject", "Subscription-State", "Supported",
  "Timestamp", "To", "Unsupported", "User-Agent", "Via", "Warning", "WWW-Authenticate",
] as const;

// RFC 3261 §7.3.3 plus the compact forms later extensions registered (RFC 3515, 3841,
// 3892, 4028, 6665, 8224).
const COMPACT_FORMS: Record<string, string> = {
  a: "Accept-Contact",
  b: "Referred-By",
  c: "Content-Type",
  d: "Request-Disposition",
  e: "Content-Encoding",
  f: "From",
  i: "Call-ID",
  j: "Reject-Contact",
  k: "Supported",
  l: "Content-Length",
  m: "Contact",
  n: "Identity-Info",
  o: "Event",
  r: "Refer-To",
  s: "Subject",
  t: "To",
  u: "Allow-Events",
  v: "Via",
  x: "Session-Expires",
  y: "Identity",
};

const BY_LOWER = new Map<string, string>();
for (const name of CANONICAL_NAMES) BY_LOWER.set(name.toLowerCase(), name);
for (const [short, long] of Object.entries(COMPACT_FORMS)) BY_LOWER.set(short, long);

/**
 * Headers whose grammar is a comma-separated list, so one line may carry several values
 * (RFC 3261 §7.3.1). Authentication headers and Date contain commas but are not lists.
 */
// deno-fmt-ignore
const LIST_HEADERS = new Set([
  "accept", "accept-contact", "accept-encoding", "accept-language", "alert-info", "allow",
  "allow-events", "call-info", "contact", "content-encoding", "content-language",
  "error-info", "in-reply-to", "p-asserted-identity", "p-preferred-identity", "path",
  "proxy-require", "reason", "record-route", "reject-contact", "require", "route",
  "service-route", "supported", "unsupported", "via", "warning",
]);

// The spellings met on nearly every message (canonical, lower case, compact), resolved
// without lower-casing: every header lookup goes through here several times per message.
const CANONICAL_BY_SPELLING = new Map<string, string>();
for (const [lower, canonical] of BY_LOWER) {
  CANONICAL_BY_SPELLING.set(lower, canonical);
  CANONICAL_BY_SPELLING.set(canonical, canonical);
}
const KEY_BY_CANONICAL = new Map<string, string>();
for (const canonical of CANONICAL_NAMES) KEY_BY_CANONICAL.set(canonical, canonical.toLowerCase());

/** Maps any spelling or compact form to the canonical header name. */
export function canonicalHeaderName(name: string): string {
  return CANONICAL_BY_SPELLING.get(name) ?? BY_LOWER.get(name.toLowerCase()) ?? name;
}

/** The case-insensitive identity of a header name: its canonical name, lower-cased. */
function headerKey(name: string): string {
  const canonical = canonicalHeaderName(name);
  return KEY_BY_CANONICAL.get(canonical) ?? canonical.toLowerCase();
}

/** True when a header's values may be combined with commas on one line. */
export function isListHeader(name: string): boolean {
  return LIST_HEADERS.has(headerKey(name));
}

export interface HeaderField {
  name: string;
  value: string;
}

/** A stored field with its {@link headerKey}, so lookups compare without lower-casing. */
interface StoredField extends HeaderField {
  key: string;
}

export class SipHeaders implements Iterable<HeaderField> {
  #fields: StoredField[] = [];

  constructor(init?: Iterable<readonly [string, string]>) {
    if (init) { for (const [name, value] of init) this.append(name, value); }
  }

  /** First value of `name`, or undefined. */
  get(name: string): string | undefined {
    const key = headerKey(name);
    for (const field of this.#fields) if (field.key === key) return field.value;
    return undefined;
  }

  getAll(name: string): string[] {
    const key = headerKey(name);
    const values: string[] = [];
    for (const field of this.#fields) if (field.key === key) values.push(field.value);
    return values;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  count(name: string): number {
    const key = headerKey(name);
    let n = 0;
    for (const field of this.#fields) if (field.key === key) n++;
    return n;
  }

  append(name: string, value: string): void {
    this.#fields.push(stored(name, value));
  }

  /** Inserts before the first existing value of `name` (or at the end when absent). */
  prepend(name: string, value: string): void {
    const field = stored(name, value);
    const index = this.#fields.findIndex((f) => f.key === field.key);
    if (index < 0) this.#fields.push(field);
    else this.#fields.splice(index, 0, field);
  }

  /** Replaces every value of `name`, keeping the position of the first one. */
  set(name: string, value: string | readonly string[]): void {
    const values = typeof value === "string" ? [value] : value;
    const fields = values.map((v) => stored(name, v));
    const key = headerKey(name);
    const index = this.#fields.findIndex((f) => f.key === key);
    this.delete(name);
    if (index < 0) this.#fields.push(...fields);
    else this.#fields.splice(index, 0, ...fields);
  }

  /** Replaces only the first value of `name` (e.g. the top Via). */
  setFirst(name: string, value: string): void {
    const key = headerKey(name);
    const field = this.#fields.find((f) => f.key === key);
    if (field) field.value = value;
    else this.append(name, value);
  }

  delete(name: string): void {
    const key = headerKey(name);
    this.#fields = this.#fields.filter((f) => f.key !== key);
  }

  /** Removes the first value of `name` (e.g. the top Route) and returns it. */
  shift(name: string): string | undefined {
    const key = headerKey(name);
    const index = this.#fields.findIndex((f) => f.key === key);
    if (index < 0) return undefined;
    return this.#fields.splice(index, 1)[0].value;
  }

  clone(): SipHeaders {
    const copy = new SipHeaders();
    for (const field of this.#fields) copy.#fields.push({ ...field });
    return copy;
  }

  get size(): number {
    return this.#fields.length;
  }

  [Symbol.iterator](): Iterator<HeaderField> {
    return this.#fields.map((f) => ({ name: f.name, value: f.value }))[Symbol.iterator]();
  }
}

function stored(name: string, value: string): StoredField {
  const canonical = canonicalHeaderName(name);
  return {
    name: canonical,
    value,
    key: KEY_BY_CANONICAL.get(canonical) ?? canonical.toLowerCase(),
  };
}
