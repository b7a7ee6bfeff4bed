/**
 * name-addr / addr-spec values as used by From, To, Contact, Route and Record-Route
 * (RFC 3261 §20.10, §25.1).
 */
import { SipParseError } from "./errors.ts";
import {
  formatParams,
  isToken,
  type Params,
  parseParams,
  quote,
  skipQuoted,
  unquote,
} from "./grammar.ts";
import { formatUri, parseUri, type Uri } from "./uri.ts";

export interface NameAddr {
  /** Unquoted display name, if any. */
  displayName?: string;
  uri: Uri;
  /** Header parameters after the URI (tag, expires, q, lr on Route is a URI param). */
  params: Params;
}

/** Parses a name-addr or addr-spec with trailing header parameters. */
export function parseNameAddr(value: string): NameAddr {
  const text = value.trim();
  if (text === "") throw new SipParseError("Address is empty");
  let displayName: string | undefined;
  let cursor = 0;
  if (text[0] === '"') {
    cursor = skipQuoted(text, 0);
    displayName = unquote(text.slice(0, cursor));
    while (text[cursor] === " " || text[cursor] === "\t") cursor++;
    if (text[cursor] !== "<") throw new SipParseError("Quoted display name is not followed by <");
  } else {
    const angle = text.indexOf("<");
    if (angle < 0) return parseAddrSpec(text);
    const words = text.slice(0, angle).trim();
    if (words !== "") {
      // display-name = *(token LWS) when unquoted
      for (const word of words.split(/[ \t]+/)) {
        if (!isToken(word)) {
          throw new SipParseError("Display name has characters that need quoting");
        }
      }
      displayName = words;
    }
    cursor = angle;
  }
  const close = text.indexOf(">", cursor);
  if (close < 0) throw new SipParseError("Address has < without >");
  // RFC 3261 §25.1: LAQUOT and RAQUOT allow no whitespace inside the brackets.
  const uri = parseUri(text.slice(cursor + 1, close));
  const params = parseParams(text.slice(close + 1), "Address");
  return { displayName, uri, params };
}

// RFC 3261 §20.10: without brackets, everything after the first ';' is a header parameter
// and the URI may not carry ',', '?' or ';' of its own.
function parseAddrSpec(text: string): NameAddr {
  const semi = text.indexOf(";");
  const uriText = (semi < 0 ? text : text.slice(0, semi)).trim();
  if (/[,?\s]/.test(uriText)) {
    throw new SipParseError("Address with headers or spaces must be enclosed in <>");
  }
  const uri = parseUri(uriText);
  const params = parseParams(semi < 0 ? "" : text.slice(semi), "Address");
  return { uri, params };
}

/** Serialises an address, always in name-addr form so URI parameters stay unambiguous. */
export function formatNameAddr(address: NameAddr): string {
  const name = address.displayName === undefined || address.displayName === ""
    ? ""
    : `${quote(address.displayName)} `;
  return `${name}<${formatUri(address.uri)}>${formatParams(address.params)}`;
}

/** The `tag` parameter of a From or To value, if present. */
export function tagOf(address: NameAddr): string | undefined {
  return address.params.get("tag") ?? undefined;
}
