/**
 * Character classes and small scanners shared by the header parsers (RFC 3261 §25.1).
 * Everything here throws {@link SipParseError} on malformed input and never loops
 * without consuming input, so hostile values cannot hang the parser.
 */
import { SipParseError } from "./errors.ts";

const TOKEN_RE = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
// RFC 3261 §25.1: word adds the separators that Call-ID tolerates.
const WORD_RE = /^[A-Za-z0-9\-.!%*_+`'~()<>:\\"/[\]?{}]+$/;

/** Parameters after `;`, keyed by lower-cased name; `null` means a flag without `=`. */
export type Params = Map<string, string | null>;

export function isToken(value: string): boolean {
  return TOKEN_RE.test(value);
}

export function isWord(value: string): boolean {
  return WORD_RE.test(value);
}

export function isWhitespace(ch: string): boolean {
  return ch === " " || ch === "\t";
}

/** Index just past the quoted-string starting at `start` (which holds `"`). RFC 3261 §25.1 */
export function skipQuoted(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "\\") {
      const next = text[i + 1];
      // quoted-pair excludes CR and LF
      if (next === undefined || next === "\r" || next === "\n") break;
      i += 2;
      continue;
    }
    if (ch === '"') return i + 1;
    i++;
  }
  throw new SipParseError("Quoted string is not terminated");
}

/** Removes the quotes and quoted-pair escapes of a quoted-string. */
export function unquote(quoted: string): string {
  let out = "";
  for (let i = 1; i < quoted.length - 1; i++) {
    if (quoted[i] === "\\") i++;
    out += quoted[i];
  }
  return out;
}

/** Wraps text as a quoted-string, escaping `"` and `\`. */
export function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => "\\" + c)}"`;
}

/**
 * Splits on `separator` where it is outside quoted strings and angle brackets, which is
 * how comma-separated header values are delimited (RFC 3261 §7.3.1).
 */
export function splitOutside(text: string, separator: string): string[] {
  const parts: string[] = [];
  const sep = separator.charCodeAt(0);
  let depth = 0;
  let start = 0;
  let i = 0;
  // Character codes, not one-character strings: this runs over every list header.
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      i = skipQuoted(text, i);
      continue;
    }
    if (ch === 60 /* < */) depth++;
    else if (ch === 62 /* > */ && depth > 0) depth--;
    else if (ch === sep && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    i++;
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * Parses `;name[=value]` pairs (RFC 3261 §25.1 generic-param) with optional whitespace
 * around `;` and `=`. Quoted values keep their quotes so they serialise unchanged.
 */
export function parseParams(text: string, what: string): Params {
  const params: Params = new Map();
  const trimmed = text.trim();
  if (trimmed === "") return params;
  if (trimmed[0] !== ";") {
    throw new SipParseError(`${what} has unexpected text before its parameters`);
  }
  const pieces = splitOutside(trimmed.slice(1), ";");
  for (const piece of pieces) {
    const eq = piece.indexOf("=");
    const rawName = (eq < 0 ? piece : piece.slice(0, eq)).trim();
    if (!isToken(rawName)) {
      throw new SipParseError(`${what} has an empty or invalid parameter name`);
    }
    let value: string | null = null;
    if (eq >= 0) {
      value = piece.slice(eq + 1).trim();
      if (value.startsWith('"')) {
        if (skipQuoted(value, 0) !== value.length) {
          throw new SipParseError(`${what} has text after a quoted parameter value`);
        }
      } else if (!/^[A-Za-z0-9\-.!%*_+`'~:[\]]+$/.test(value)) {
        // gen-value = token / host / quoted-string; IPv6 references bring ':' and brackets.
        throw new SipParseError(`${what} has an invalid value for parameter ${rawName}`);
      }
    }
    params.set(rawName.toLowerCase(), value);
  }
  return params;
}

/** Serialises parameters back to `;name=value` form. */
export function formatParams(params: Params): string {
  let out = "";
  for (const [name, value] of params) out += value === null ? `;${name}` : `;${name}=${value}`;
  return out;
}

/** Parses a decimal with no sign, rejecting values above `max` without losing precision. */
export function parseBoundedInt(text: string, max: number, what: string): number {
  const trimmed = text.trim();
  if (!/^[0-9]+$/.test(trimmed)) throw new SipParseError(`${what} is not a decimal number`);
  const digits = trimmed.replace(/^0+(?=.)/, "");
  if (digits.length > 16) throw new SipParseError(`${what} is too large`);
  const value = Number(digits);
  if (value > max) throw new SipParseError(`${what} is too large`);
  return value;
}
