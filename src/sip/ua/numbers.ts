import { parseNameAddr, parseUri, type SipRequest, toOf, unescapeUriPart } from "../core/mod.ts";
import type { Uri } from "../core/mod.ts";

function userOf(uri: Uri): string | undefined {
  if (uri.kind === "sip") return uri.user ? unescapeUriPart(uri.user).split(";")[0] : undefined;
  if (uri.kind === "tel") return uri.number;
  return undefined;
}

/** The dialed number: the Request-URI user, else the To user (RFC 3261 §8.1.1.1). */
export function calledNumberOf(request: SipRequest): string {
  let uri: Uri | undefined;
  try {
    uri = parseUri(request.uri);
  } catch {
    uri = undefined;
  }
  return (uri && userOf(uri)) ?? userOf(toOf(request).uri) ?? "";
}

/**
 * The caller as presented: P-Asserted-Identity (RFC 3325, what PBXs set for trusted
 * trunks) before From.
 */
export function callerOf(request: SipRequest): { number: string; name?: string } {
  const candidates = [request.headers.get("P-Asserted-Identity"), request.headers.get("From")];
  for (const value of candidates) {
    if (!value) continue;
    try {
      const address = parseNameAddr(value.split(",")[0]);
      const number = userOf(address.uri);
      if (number) return { number, name: address.displayName };
    } catch {
      // Try the next header.
    }
  }
  return { number: "anonymous" };
}
