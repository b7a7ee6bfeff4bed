/**
 * SIP, SIPS and tel URIs (RFC 3261 §19.1, §25.1; RFC 3966) plus any other absolute URI
 * kept opaque, so that requests with unknown schemes can still be answered with 416.
 */
import { SipParseError } from "./errors.ts";

/** URI parameters keyed by lower-cased, unescaped name; values stay escaped as received. */
export type UriParams = Map<string, string | null>;

export interface SipUri {
  kind: "sip";
  scheme: "sip" | "sips";
  /** Escaped as received; see {@link unescapeUriPart}. */
  user?: string;
  password?: string;
  /** Lower-cased; IPv6 references keep their brackets. */
  host: string;
  port?: number;
  params: UriParams;
  /** Header names mapped to escaped values. */
  headers: Map<string, string>;
}

export interface TelUri {
  kind: "tel";
  scheme: "tel";
  number: string;
  params: UriParams;
}

/** Any other absolute URI (RFC 2396 §3): kept as scheme plus everything after the colon. */
export interface OpaqueUri {
  kind: "other";
  scheme: string;
  opaque: string;
}

export type Uri = SipUri | TelUri | OpaqueUri;

const ESCAPE = "%[0-9A-Fa-f]{2}";
const USER_RE = new RegExp(`^(?:[A-Za-z0-9\\-_.!~*'()&=+$,;?/]|${ESCAPE})+$`);
const PASSWORD_RE = new RegExp(`^(?:[A-Za-z0-9\\-_.!~*'()&=+$,]|${ESCAPE})*$`);
const PARAM_RE = new RegExp(`^(?:[A-Za-z0-9\\-_.!~*'()[\\]/:&+$]|${ESCAPE})+$`);
const HEADER_RE = new RegExp(`^(?:[A-Za-z0-9\\-_.!~*'()[\\]/?:+$]|${ESCAPE})*$`);
const OPAQUE_RE = new RegExp(`^(?:[A-Za-z0-9;/?:@&=+$,\\-_.!~*'()]|${ESCAPE})+$`);
const HOSTNAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9\-_.]*[A-Za-z0-9.])?$/;
const IPV6_RE = /^\[[0-9A-Fa-f:.]+\]$/;
const TEL_RE = /^\+?[0-9A-Fa-f*#\-.()]+$/;

/** Parses a URI; throws {@link SipParseError} when it is not an absolute URI. */
export function parseUri(text: string): Uri {
  const match = /^([A-Za-z][A-Za-z0-9+\-.]*):([\s\S]*)$/.exec(text);
  if (!match) throw new SipParseError("URI has no scheme");
  const scheme = match[1].toLowerCase();
  const rest = match[2];
  if (scheme === "sip" || scheme === "sips") return parseSipUri(scheme, rest);
  if (scheme === "tel") return parseTelUri(rest);
  if (!OPAQUE_RE.test(rest)) {
    throw new SipParseError("URI contains characters that must be escaped");
  }
  return { kind: "other", scheme, opaque: rest };
}

// RFC 3261 §19.1.1: neither user nor password may contain '@', so the first one ends userinfo.
function parseSipUri(scheme: "sip" | "sips", rest: string): SipUri {
  let user: string | undefined;
  let password: string | undefined;
  let remaining = rest;
  const at = rest.indexOf("@");
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    remaining = rest.slice(at + 1);
    const colon = userinfo.indexOf(":");
    user = colon < 0 ? userinfo : userinfo.slice(0, colon);
    if (!USER_RE.test(user)) throw new SipParseError("SIP URI has an invalid user part");
    if (colon >= 0) {
      password = userinfo.slice(colon + 1);
      if (!PASSWORD_RE.test(password)) throw new SipParseError("SIP URI has an invalid password");
    }
  }
  const { host, port, end } = parseHostPort(remaining, "SIP URI");
  let tail = remaining.slice(end);
  const headers = new Map<string, string>();
  const question = tail.indexOf("?");
  if (question >= 0) {
    for (const pair of tail.slice(question + 1).split("&")) {
      const eq = pair.indexOf("=");
      if (eq <= 0) throw new SipParseError("SIP URI has a malformed header");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (!HEADER_RE.test(name) || !HEADER_RE.test(value)) {
        throw new SipParseError("SIP URI has invalid characters in a header");
      }
      headers.set(unescapeUriPart(name), value);
    }
    tail = tail.slice(0, question);
  }
  const params: UriParams = new Map();
  if (tail !== "") {
    if (tail[0] !== ";") throw new SipParseError("SIP URI has unexpected text after the host");
    for (const piece of tail.slice(1).split(";")) {
      const eq = piece.indexOf("=");
      const name = eq < 0 ? piece : piece.slice(0, eq);
      const value = eq < 0 ? null : piece.slice(eq + 1);
      if (!PARAM_RE.test(name) || (value !== null && !PARAM_RE.test(value))) {
        throw new SipParseError("SIP URI has an empty or invalid parameter");
      }
      params.set(unescapeUriPart(name).toLowerCase(), value);
    }
  }
  return { kind: "sip", scheme, user, password, host, port, params, headers };
}

function parseTelUri(rest: string): TelUri {
  const [number, ...pieces] = rest.split(";");
  if (!TEL_RE.test(number)) throw new SipParseError("Tel URI has an invalid number");
  const params: UriParams = new Map();
  for (const piece of pieces) {
    const eq = piece.indexOf("=");
    const name = eq < 0 ? piece : piece.slice(0, eq);
    const value = eq < 0 ? null : piece.slice(eq + 1);
    if (!PARAM_RE.test(name) || (value !== null && !PARAM_RE.test(value))) {
      throw new SipParseError("Tel URI has an invalid parameter");
    }
    params.set(name.toLowerCase(), value);
  }
  return { kind: "tel", scheme: "tel", number, params };
}

/**
 * Reads `host[:port]` from the start of `text` (RFC 3261 §25.1 hostport). Shared with Via
 * sent-by, which also allows whitespace around the colon.
 */
export function parseHostPort(
  text: string,
  what: string,
  allowSpaces = false,
): { host: string; port?: number; end: number } {
  let end: number;
  let host: string;
  if (text.startsWith("[")) {
    end = text.indexOf("]") + 1;
    if (end === 0) throw new SipParseError(`${what} has an unterminated IPv6 reference`);
    host = text.slice(0, end);
    if (!IPV6_RE.test(host)) throw new SipParseError(`${what} has an invalid IPv6 reference`);
  } else {
    end = 0;
    while (end < text.length && isHostChar(text.charCodeAt(end))) end++;
    host = text.slice(0, end);
    if (!HOSTNAME_RE.test(host)) throw new SipParseError(`${what} has an invalid host`);
  }
  let port: number | undefined;
  let cursor = end;
  if (allowSpaces) { while (text[cursor] === " " || text[cursor] === "\t") cursor++; }
  if (text[cursor] === ":") {
    cursor++;
    if (allowSpaces) { while (text[cursor] === " " || text[cursor] === "\t") cursor++; }
    const digits = /^[0-9]{1,5}/.exec(text.slice(cursor));
    if (!digits) throw new SipParseError(`${what} has an invalid port`);
    port = Number(digits[0]);
    if (port > 65535) throw new SipParseError(`${what} has a port above 65535`);
    end = cursor + digits[0].length;
  }
  return { host: host.toLowerCase(), port, end };
}

/** `[A-Za-z0-9\-_.]`, the characters a hostname or IPv4 address is scanned over. */
function isHostChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 ||
    c === 95 || c === 46;
}

/** A host as it stands in a SIP URI: an IPv6 address in brackets (RFC 3261 §25.1). */
export function hostForUri(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/** Serialises a URI to its canonical text form. */
export function formatUri(uri: Uri): string {
  if (uri.kind === "other") return `${uri.scheme}:${uri.opaque}`;
  if (uri.kind === "tel") return `tel:${uri.number}${formatUriParams(uri.params)}`;
  let out = `${uri.scheme}:`;
  if (uri.user !== undefined) {
    out += uri.user;
    if (uri.password !== undefined) out += `:${uri.password}`;
    out += "@";
  }
  out += uri.host;
  if (uri.port !== undefined) out += `:${uri.port}`;
  out += formatUriParams(uri.params);
  if (uri.headers.size > 0) {
    out += "?" + [...uri.headers].map(([n, v]) => `${escapeUriPart(n)}=${v}`).join("&");
  }
  return out;
}

function formatUriParams(params: UriParams): string {
  let out = "";
  for (const [name, value] of params) {
    out += value === null ? `;${escapeUriPart(name)}` : `;${escapeUriPart(name)}=${value}`;
  }
  return out;
}

/** Decodes `%HH` escapes (RFC 3261 §19.1.2); invalid UTF-8 becomes U+FFFD, never an error. */
export function unescapeUriPart(text: string): string {
  if (!text.includes("%")) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "%" && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of new TextEncoder().encode(ch)) bytes.push(b);
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/**
 * Escapes everything outside the unreserved set plus `keep`, for building user parts and
 * params (RFC 3261 §19.1.2).
 */
export function escapeUriPart(text: string, keep = ""): string {
  let out = "";
  for (const byte of new TextEncoder().encode(text)) {
    const ch = String.fromCharCode(byte);
    const plain = /[A-Za-z0-9\-_.!~*'()]/.test(ch) || (byte < 128 && keep.includes(ch));
    out += plain ? ch : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Builds a SIP URI from parts, escaping the user part. */
export function sipUri(
  host: string,
  options: {
    user?: string;
    port?: number;
    scheme?: "sip" | "sips";
    params?: Record<string, string | null>;
  } = {},
): SipUri {
  return {
    kind: "sip",
    scheme: options.scheme ?? "sip",
    user: options.user === undefined ? undefined : escapeUriPart(options.user, "&=+$,;?/"),
    host: host.toLowerCase(),
    port: options.port,
    params: new Map(Object.entries(options.params ?? {})),
    headers: new Map(),
  };
}
