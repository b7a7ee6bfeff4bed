/**
 * The SIP message model (RFC 3261 §7): a request or response with an ordered header list
 * and a byte body. Typed views of individual headers are parsed on demand.
 */
import { SipParseError } from "./errors.ts";
import { type CSeq, parseCSeq } from "./fields.ts";
import { SipHeaders } from "./headers.ts";
import { type NameAddr, parseNameAddr } from "./name_addr.ts";
import { parseVia, type Via } from "./via.ts";

export interface SipRequest {
  readonly kind: "request";
  method: string;
  /** Request-URI as text; see `parseUri` for a typed view. */
  uri: string;
  version: string;
  headers: SipHeaders;
  body: Uint8Array;
  /**
   * When the request reached this machine's kernel, in `performance.now()` ms, where the
   * transport knows (UDP through the C library); the time it waited unread counts in the
   * answer time measured from it.
   */
  arrivedAt?: number;
}

export interface SipResponse {
  readonly kind: "response";
  status: number;
  reason: string;
  version: string;
  headers: SipHeaders;
  body: Uint8Array;
}

export type SipMessage = SipRequest | SipResponse;

export type HeaderInit = Iterable<readonly [string, string]>;

export interface RequestInit {
  method: string;
  uri: string;
  headers?: HeaderInit;
  body?: Uint8Array | string;
}

export interface ResponseInit {
  status: number;
  reason?: string;
  headers?: HeaderInit;
  body?: Uint8Array | string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The one empty body every message without one shares: most SIP messages have none, and
 * each empty `Uint8Array` of its own is an array buffer the heap keeps for as long as the
 * message (32 s for one a transaction absorbs retransmissions with). Zero bytes long, it
 * cannot be written to.
 */
export const NO_BODY: Uint8Array = new Uint8Array(0);

function toBytes(body: Uint8Array | string | undefined): Uint8Array {
  if (body === undefined || body === "") return NO_BODY;
  return typeof body === "string" ? encoder.encode(body) : body;
}

export function createRequest(init: RequestInit): SipRequest {
  return {
    kind: "request",
    method: init.method,
    uri: init.uri,
    version: "SIP/2.0",
    headers: new SipHeaders(init.headers),
    body: toBytes(init.body),
  };
}

export function createResponseMessage(init: ResponseInit): SipResponse {
  return {
    kind: "response",
    status: init.status,
    reason: init.reason ?? reasonPhrase(init.status),
    version: "SIP/2.0",
    headers: new SipHeaders(init.headers),
    body: toBytes(init.body),
  };
}

/** A deep copy whose headers and body can be changed without touching the original. */
export function cloneMessage<M extends SipMessage>(message: M): M {
  return { ...message, headers: message.headers.clone(), body: message.body.slice() };
}

/** Replaces the body, setting or removing Content-Type to match. */
export function setBody(
  message: SipMessage,
  body: Uint8Array | string,
  contentType?: string,
): void {
  message.body = toBytes(body);
  if (message.body.length === 0) message.headers.delete("Content-Type");
  else if (contentType !== undefined) message.headers.set("Content-Type", contentType);
}

export function bodyText(message: SipMessage): string {
  return decoder.decode(message.body);
}

function required(message: SipMessage, name: string): string {
  const value = message.headers.get(name);
  if (value === undefined) throw new SipParseError(`Message has no ${name} header`);
  return value;
}

export function callIdOf(message: SipMessage): string {
  return required(message, "Call-ID").trim();
}

export function cseqOf(message: SipMessage): CSeq {
  return parseCSeq(required(message, "CSeq"));
}

export function topViaOf(message: SipMessage): Via {
  return parseVia(required(message, "Via"));
}

export function fromOf(message: SipMessage): NameAddr {
  return parseNameAddr(required(message, "From"));
}

export function toOf(message: SipMessage): NameAddr {
  return parseNameAddr(required(message, "To"));
}

// deno-fmt-ignore
const REASONS: Record<number, string> = {
  100: "Trying", 180: "Ringing", 181: "Call Is Being Forwarded", 182: "Queued",
  183: "Session Progress", 199: "Early Dialog Terminated", 200: "OK", 202: "Accepted",
  204: "No Notification", 300: "Multiple Choices", 301: "Moved Permanently",
  302: "Moved Temporarily", 305: "Use Proxy", 380: "Alternative Service", 400: "Bad Request",
  401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
  405: "Method Not Allowed", 406: "Not Acceptable", 407: "Proxy Authentication Required",
  408: "Request Timeout", 410: "Gone", 412: "Conditional Request Failed",
  413: "Request Entity Too Large", 414: "Request-URI Too Long", 415: "Unsupported Media Type",
  416: "Unsupported URI Scheme", 420: "Bad Extension", 421: "Extension Required",
  422: "Session Interval Too Small", 423: "Interval Too Brief", 480: "Temporarily Unavailable",
  481: "Call/Transaction Does Not Exist", 482: "Loop Detected", 483: "Too Many Hops",
  484: "Address Incomplete", 485: "Ambiguous", 486: "Busy Here", 487: "Request Terminated",
  488: "Not Acceptable Here", 489: "Bad Event", 491: "Request Pending", 493: "Undecipherable",
  500: "Server Internal Error", 501: "Not Implemented", 502: "Bad Gateway",
  503: "Service Unavailable", 504: "Server Time-out", 505: "Version Not Supported",
  513: "Message Too Large", 580: "Precondition Failure", 600: "Busy Everywhere", 603: "Decline",
  604: "Does Not Exist Anywhere", 606: "Not Acceptable",
};

/** The standard reason phrase for a status code (RFC 3261 §21), or a generic one. */
export function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status < 200 ? "Progress" : status < 300 ? "OK" : "Error");
}
