/** Scalar header values: CSeq, Date, Content-Type (RFC 3261 §20.16, §20.15, §20.17). */
import { SipParseError } from "./errors.ts";
import { isToken, type Params, parseBoundedInt, parseParams } from "./grammar.ts";

export interface CSeq {
  seq: number;
  method: string;
}

/**
 * RFC 3261 §8.1.1.5: the number a request outside a dialog starts with must be less than
 * 2**31, which leaves a dialog room to count up (validateRequest checks it).
 */
export const MAX_CSEQ = 2 ** 31 - 1;

/**
 * RFC 3261 §8.1.1.5 and §20.16: any CSeq number is a 32-bit unsigned integer. Requests
 * inside a dialog count up from the first one, so a dialog begun at 2**31 - 1 carries
 * a BYE numbered 2**31, which must still parse.
 */
export const MAX_CSEQ_NUMBER = 2 ** 32 - 1;

export function parseCSeq(value: string): CSeq {
  const match = /^\s*([0-9]+)\s+(\S+)\s*$/.exec(value);
  if (!match) throw new SipParseError("CSeq is malformed");
  if (!isToken(match[2])) throw new SipParseError("CSeq method is not a token");
  return { seq: parseBoundedInt(match[1], MAX_CSEQ_NUMBER, "CSeq number"), method: match[2] };
}

const DATE_RE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$/;

/** RFC 3261 §20.17 restricts Date to the RFC 1123 form in GMT. */
export function isSipDate(value: string): boolean {
  return DATE_RE.test(value.trim());
}

export interface MediaType {
  /** Lower-cased `type/subtype`. */
  type: string;
  params: Params;
}

/** Parses a media-type such as `multipart/mixed;boundary=x` (RFC 3261 §20.15). */
export function parseMediaType(value: string): MediaType {
  const semi = value.indexOf(";");
  const main = (semi < 0 ? value : value.slice(0, semi)).trim();
  const slash = main.indexOf("/");
  const type = main.slice(0, slash).trim();
  const subtype = main.slice(slash + 1).trim();
  if (slash < 0 || !isToken(type) || !isToken(subtype)) {
    throw new SipParseError("Content-Type is not a media type");
  }
  const params = parseParams(semi < 0 ? "" : value.slice(semi), "Content-Type");
  return { type: `${type}/${subtype}`.toLowerCase(), params };
}
