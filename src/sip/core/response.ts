/** Building responses from requests (RFC 3261 §8.2.6) and 400s from parse failures. */
import type { SipParseError } from "./errors.ts";
import {
  createResponseMessage,
  reasonPhrase,
  type SipRequest,
  type SipResponse,
} from "./message.ts";

export interface ResponseOptions {
  reason?: string;
  /** Added to To when it has no tag yet (RFC 3261 §8.2.6.2). */
  toTag?: string;
  headers?: Iterable<readonly [string, string]>;
  body?: Uint8Array | string;
  contentType?: string;
  /** Copy Record-Route, as dialog-creating responses must (RFC 3261 §12.1.1). */
  copyRecordRoute?: boolean;
}

/**
 * RFC 3261 §8.2.6.2: copies every Via in order, From, To, Call-ID and CSeq; §8.2.6.1:
 * a 100 also echoes Timestamp.
 */
export function createResponse(
  request: SipRequest,
  status: number,
  options: ResponseOptions = {},
): SipResponse {
  const response = createResponseMessage({
    status,
    reason: options.reason ?? reasonPhrase(status),
    body: options.body,
  });
  const copy = (name: string) => {
    for (const value of request.headers.getAll(name)) response.headers.append(name, value);
  };
  copy("Via");
  copy("From");
  const to = request.headers.get("To");
  if (to !== undefined) {
    response.headers.append("To", options.toTag && !hasTag(to) ? `${to};tag=${options.toTag}` : to);
  }
  copy("Call-ID");
  copy("CSeq");
  if (status === 100) copy("Timestamp");
  if (options.copyRecordRoute) copy("Record-Route");
  for (const [name, value] of options.headers ?? []) response.headers.append(name, value);
  if (options.contentType !== undefined && response.body.length > 0) {
    response.headers.set("Content-Type", options.contentType);
  }
  return response;
}

// A textual check is enough here: the value may be one the parser rejected.
function hasTag(value: string): boolean {
  const afterUri = value.includes(">") ? value.slice(value.lastIndexOf(">")) : value;
  return /;\s*tag\s*=/i.test(afterUri);
}

/**
 * A `400 Bad Request` for a request that failed to parse, copying whatever identifying
 * headers were readable. Undefined when the input was not a request or has no Via to
 * route the answer by.
 */
export function createBadRequestResponse(
  error: SipParseError,
  toTag?: string,
): SipResponse | undefined {
  const partial = error.partial;
  if (!partial || partial.headers.getAll("Via").length === 0) return undefined;
  const response = createResponseMessage({ status: 400, reason: "Bad Request" });
  for (const name of ["Via", "From", "To", "Call-ID", "CSeq"]) {
    for (const value of partial.headers.getAll(name)) {
      const tagged = name === "To" && toTag && !hasTag(value) ? `${value};tag=${toTag}` : value;
      response.headers.append(name, tagged);
    }
  }
  response.headers.append("Warning", `399 - "${error.reason.replace(/["\\]/g, "")}"`);
  return response;
}
