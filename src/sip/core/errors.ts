import type { SipHeaders } from "./headers.ts";

/** What a parser had read of a request before it gave up, enough to answer with a 400. */
export interface PartialRequest {
  method: string;
  uri: string;
  headers: SipHeaders;
}

/**
 * Thrown when bytes are not a well-formed SIP message. Callers catch it to answer a
 * broken request with `400 Bad Request` (RFC 3261 §21.4.1) or to drop a broken response.
 */
export class SipParseError extends Error {
  /** Short sentence-case explanation suitable for a log line or a Warning header. */
  readonly reason: string;
  /** Set when the start line was a readable request line. */
  partial?: PartialRequest;

  constructor(reason: string, partial?: PartialRequest) {
    super(reason);
    this.name = "SipParseError";
    this.reason = reason;
    this.partial = partial;
  }
}
