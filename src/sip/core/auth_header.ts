/**
 * The generic shape of WWW-Authenticate, Proxy-Authenticate, Authorization and
 * Proxy-Authorization values (RFC 3261 §25.1, RFC 7235 §2.1): a scheme followed by
 * comma-separated `name=value` pairs, values being tokens or quoted strings.
 */
import { SipParseError } from "./errors.ts";
import { isToken, skipQuoted, unquote } from "./grammar.ts";

export interface AuthHeader {
  scheme: string;
  /** Parameter names lower-cased; quoted values unquoted. */
  params: Map<string, string>;
  /** Set instead of params for schemes such as Basic that carry one opaque token. */
  token68?: string;
}

export function parseAuthHeader(value: string): AuthHeader {
  const text = value.trim();
  const space = text.search(/[ \t]/);
  const scheme = space < 0 ? text : text.slice(0, space);
  if (!isToken(scheme)) throw new SipParseError("Authentication scheme is not a token");
  const params = new Map<string, string>();
  let i = space < 0 ? text.length : space;
  const rest = text.slice(i).trim();
  if (rest !== "" && /^[A-Za-z0-9\-._~+/]+=*$/.test(rest) && !/^[^=]+=[^=]/.test(rest)) {
    return { scheme, params, token68: rest };
  }
  while (i < text.length) {
    while (i < text.length && /[ \t,]/.test(text[i])) i++;
    if (i >= text.length) break;
    const nameStart = i;
    while (i < text.length && /[^ \t=,]/.test(text[i])) i++;
    const name = text.slice(nameStart, i);
    if (!isToken(name)) throw new SipParseError("Authentication parameter name is not a token");
    while (text[i] === " " || text[i] === "\t") i++;
    if (text[i] !== "=") throw new SipParseError(`Authentication parameter ${name} has no value`);
    i++;
    while (text[i] === " " || text[i] === "\t") i++;
    let paramValue: string;
    if (text[i] === '"') {
      const end = skipQuoted(text, i);
      paramValue = unquote(text.slice(i, end));
      i = end;
    } else {
      const start = i;
      while (i < text.length && /[^ \t,]/.test(text[i])) i++;
      paramValue = text.slice(start, i);
      if (!isToken(paramValue)) {
        throw new SipParseError(`Authentication parameter ${name} is malformed`);
      }
    }
    while (text[i] === " " || text[i] === "\t") i++;
    if (i < text.length && text[i] !== ",") {
      throw new SipParseError("Authentication parameters must be separated by commas");
    }
    params.set(name.toLowerCase(), paramValue);
  }
  return { scheme, params };
}

/** Formats `scheme name=value, ...`; entries marked quoted are written as quoted strings. */
export function formatAuthHeader(
  scheme: string,
  params: [name: string, value: string, quoted: boolean][],
): string {
  const parts = params.map(([name, value, quoted]) =>
    quoted ? `${name}="${value.replace(/[\\"]/g, (c) => "\\" + c)}"` : `${name}=${value}`
  );
  return `${scheme} ${parts.join(", ")}`;
}
