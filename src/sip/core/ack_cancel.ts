/** Requests derived from an INVITE: the non-2xx ACK (RFC 3261 §17.1.1.3) and CANCEL (§9.1). */
import { createRequest, type SipRequest, type SipResponse } from "./message.ts";
import { cseqOf } from "./message.ts";

function derived(invite: SipRequest, method: "ACK" | "CANCEL", to: string): SipRequest {
  const request = createRequest({ method, uri: invite.uri });
  // Only the top Via: the branch is what ties the new request to the INVITE's transaction.
  request.headers.append("Via", invite.headers.get("Via")!);
  request.headers.append("Max-Forwards", "70");
  request.headers.append("From", invite.headers.get("From")!);
  request.headers.append("To", to);
  request.headers.append("Call-ID", invite.headers.get("Call-ID")!);
  request.headers.append("CSeq", `${cseqOf(invite).seq} ${method}`);
  for (const route of invite.headers.getAll("Route")) request.headers.append("Route", route);
  return request;
}

/**
 * RFC 3261 §17.1.1.3: the ACK for a 300-699 answer shares the INVITE's Request-URI,
 * Call-ID, From, CSeq number, top Via and Route, and takes To from the response.
 */
export function createNon2xxAck(invite: SipRequest, response: SipResponse): SipRequest {
  return derived(invite, "ACK", response.headers.get("To")!);
}

/**
 * RFC 3261 §9.1: a CANCEL copies the INVITE's Request-URI, Call-ID, To, From, CSeq number,
 * top Via and Route; only the method differs, so it lands on the same server transaction.
 */
export function createCancel(invite: SipRequest): SipRequest {
  return derived(invite, "CANCEL", invite.headers.get("To")!);
}
