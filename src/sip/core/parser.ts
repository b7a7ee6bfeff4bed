/**
 * Turns bytes into a {@link SipMessage} (RFC 3261 §7, §20, §25). The parser is strict
 * about the grammar that matters for routing and transaction matching, lenient about bare
 * LF line ends, and bounded: it makes a fixed number of passes over at most
 * `maxMessageBytes`, so no input can hang it.
 */
import { type PartialRequest, SipParseError } from "./errors.ts";
import { isSipDate, parseCSeq, parseMediaType } from "./fields.ts";
import { isToken, isWord, parseBoundedInt, splitOutside } from "./grammar.ts";
import { canonicalHeaderName, isListHeader, SipHeaders } from "./headers.ts";
import { NO_BODY, type SipMessage } from "./message.ts";
import { parseNameAddr } from "./name_addr.ts";
import { parseUri } from "./uri.ts";
import { parseVia } from "./via.ts";

/** RFC 3261 §18.1.1 puts UDP's practical ceiling near 64 KiB; we refuse anything larger. */
export const DEFAULT_MAX_MESSAGE_BYTES = 65_536;

export interface ParseOptions {
  maxMessageBytes?: number;
  /** Stream transports must carry Content-Length (RFC 3261 §18.3). */
  stream?: boolean;
}

const MAX_UINT32 = 2 ** 32 - 1;
// Headers that may appear once at most (RFC 3261 §7.3.1: only list headers may repeat).
const SINGLE_HEADERS = [
  "From",
  "To",
  "Call-ID",
  "CSeq",
  "Max-Forwards",
  "Content-Length",
  "Content-Type",
  "Expires",
];
// Address lists where an empty element means the line is corrupt rather than sloppy.
const STRICT_LISTS = new Set(["via", "contact", "route", "record-route", "path", "service-route"]);

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function parseMessage(input: Uint8Array | string, options: ParseOptions = {}): SipMessage {
  const bytes = typeof input === "string" ? encoder.encode(input) : input;
  const max = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  if (bytes.length > max) throw new SipParseError(`Message is larger than ${max} bytes`);

  // RFC 3261 §7.5: CRLFs before the start line are ignored.
  let start = 0;
  while (start < bytes.length && (bytes[start] === 13 || bytes[start] === 10)) start++;
  const { headEnd, bodyStart } = findHeadEnd(bytes, start);
  const lines = decoder.decode(bytes.subarray(start, headEnd)).split("\n")
    .map((line) => line.endsWith("\r") ? line.slice(0, -1) : line);

  const startLine = lines[0];
  const isResponse = /^SIP\//i.test(startLine);
  const headers = new SipHeaders();
  let firstError: string | undefined;
  const fail = (reason: string) => firstError ??= reason;

  for (const line of unfold(lines.slice(1), fail)) {
    const colon = line.indexOf(":");
    const name = colon < 0 ? "" : trimEndWs(line.slice(0, colon));
    if (!isToken(name)) {
      fail("Header line has no valid name");
      continue;
    }
    addHeader(headers, name, line.slice(colon + 1).trim(), fail);
  }

  const partial: PartialRequest | undefined = isResponse ? undefined : {
    method: startLine.split(" ")[0] ?? "",
    uri: startLine.split(" ")[1] ?? "",
    headers,
  };
  const error = (reason: string) => new SipParseError(reason, partial);
  try {
    if (firstError) throw new SipParseError(firstError);
    const message = parseStartLine(startLine, headers);
    validateHeaders(message);
    const lengthValue = headers.get("Content-Length");
    const available = bytes.length - bodyStart;
    if (lengthValue === undefined) {
      if (options.stream) {
        throw new SipParseError("Content-Length is required on stream transports");
      }
      message.body = ownCopy(bytes, bodyStart, bytes.length);
    } else {
      const length = parseBoundedInt(lengthValue, max, "Content-Length");
      // RFC 3261 §18.3: a datagram shorter than Content-Length is an error; extra is dropped.
      if (length > available) throw new SipParseError("Content-Length is larger than the body");
      message.body = ownCopy(bytes, bodyStart, bodyStart + length);
    }
    return message;
  } catch (cause) {
    if (cause instanceof SipParseError) throw error(cause.reason);
    throw cause;
  }
}

/**
 * The body as bytes of its own. A Node `Buffer`'s `slice` is a view, and a datagram's
 * Buffer is a view on the socket's 64 KiB receive buffer: a request kept by its server
 * transaction for 32 s (Timer J, RFC 3261 §17.2.2; Timer L, RFC 6026 §8.7) would keep
 * that whole buffer alive.
 */
function ownCopy(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return end > start ? new Uint8Array(bytes.subarray(start, end)) : NO_BODY;
}

function findHeadEnd(bytes: Uint8Array, start: number): { headEnd: number; bodyStart: number } {
  for (let i = start; i < bytes.length; i++) {
    if (bytes[i] !== 10) continue;
    if (bytes[i + 1] === 10) return { headEnd: i, bodyStart: i + 2 };
    if (bytes[i + 1] === 13 && bytes[i + 2] === 10) return { headEnd: i, bodyStart: i + 3 };
  }
  throw new SipParseError("Message has no empty line after the headers");
}

// RFC 3261 §7.3.1: a line starting with whitespace continues the previous header value.
function unfold(lines: string[], fail: (reason: string) => void): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (line.includes("\r")) fail("Header section contains a bare CR");
    if (line.startsWith(" ") || line.startsWith("\t")) {
      if (out.length === 0) fail("Header section starts with a continuation line");
      else out[out.length - 1] = trimEndWs(out[out.length - 1]) + " " + line.trimStart();
    } else {
      out.push(line);
    }
  }
  return out;
}

// A backwards scan: a regex anchored at $ would rescan the whole value for every fold.
function trimEndWs(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === " " || text[end - 1] === "\t")) end--;
  return end === text.length ? text : text.slice(0, end);
}

function addHeader(headers: SipHeaders, name: string, value: string, fail: (r: string) => void) {
  if (!isListHeader(name) || value === "") {
    headers.append(name, value);
    return;
  }
  let items: string[];
  try {
    items = splitOutside(value, ",");
  } catch (cause) {
    fail(cause instanceof SipParseError ? cause.reason : String(cause));
    headers.append(name, value);
    return;
  }
  const strict = STRICT_LISTS.has(canonicalHeaderName(name).toLowerCase());
  for (const item of items.map((i) => i.trim())) {
    if (item !== "") headers.append(name, item);
    else if (strict) fail(`${canonicalHeaderName(name)} has an empty list element`);
  }
}

function parseStartLine(line: string, headers: SipHeaders): SipMessage {
  if (/^SIP\//i.test(line)) {
    const match = /^SIP\/([0-9]+\.[0-9]+) ([0-9]{3})(?: ([\s\S]*))?$/i.exec(line);
    if (!match) throw new SipParseError("Status line is malformed");
    const status = Number(match[2]);
    if (status < 100 || status > 699) throw new SipParseError("Status code is out of range");
    return {
      kind: "response",
      status,
      reason: match[3] ?? "",
      version: `SIP/${match[1]}`,
      headers,
      body: new Uint8Array(0),
    };
  }
  // RFC 3261 §7.1: exactly one SP between the three elements and none at the end.
  const match = /^([^ ]+) ([^ ]+) SIP\/([0-9]+\.[0-9]+)$/i.exec(line);
  if (!match) throw new SipParseError("Request line is malformed");
  if (!isToken(match[1])) throw new SipParseError("Request method is not a token");
  const uri = parseUri(match[2]);
  // RFC 3261 §19.1.1 table: headers are not allowed in a Request-URI.
  if (uri.kind === "sip" && uri.headers.size > 0) {
    throw new SipParseError("Request-URI must not contain headers");
  }
  return {
    kind: "request",
    method: match[1],
    uri: match[2],
    version: `SIP/${match[3]}`,
    headers,
    body: new Uint8Array(0),
  };
}

function validateHeaders(message: SipMessage): void {
  const { headers } = message;
  for (const name of SINGLE_HEADERS) {
    if (headers.count(name) > 1) {
      throw new SipParseError(`Message has more than one ${name} header`);
    }
  }
  // RFC 3261 §8.1.1: the headers every message needs to be matched to a transaction.
  for (const name of ["Via", "From", "To", "Call-ID", "CSeq"]) {
    if (!headers.has(name)) throw new SipParseError(`Message has no ${name} header`);
  }
  for (const via of headers.getAll("Via")) parseVia(via);
  parseNameAddr(headers.get("From")!);
  parseNameAddr(headers.get("To")!);
  const callId = headers.get("Call-ID")!;
  if (!callId.split("@").every(isWord) || callId.split("@").length > 2) {
    throw new SipParseError("Call-ID is malformed");
  }
  parseCSeq(headers.get("CSeq")!);
  const maxForwards = headers.get("Max-Forwards");
  if (maxForwards !== undefined) parseBoundedInt(maxForwards, 255, "Max-Forwards");
  const expires = headers.get("Expires");
  if (expires !== undefined) parseBoundedInt(expires, MAX_UINT32, "Expires");
  const contentType = headers.get("Content-Type");
  if (contentType !== undefined) parseMediaType(contentType);
  for (const date of headers.getAll("Date")) {
    if (!isSipDate(date)) throw new SipParseError("Date is not an RFC 1123 date in GMT");
  }
  for (const retry of headers.getAll("Retry-After")) {
    parseBoundedInt(/^\s*[0-9]*/.exec(retry)![0], MAX_UINT32, "Retry-After");
  }
  for (const name of ["Route", "Record-Route"]) {
    for (const value of headers.getAll(name)) parseNameAddr(value);
  }
  const contacts = headers.getAll("Contact");
  for (const value of contacts) {
    if (value === "*") {
      if (contacts.length > 1) throw new SipParseError("Contact * must be the only contact");
      continue;
    }
    const contactExpires = parseNameAddr(value).params.get("expires");
    if (contactExpires) parseBoundedInt(contactExpires, MAX_UINT32, "Contact expires");
  }
}
