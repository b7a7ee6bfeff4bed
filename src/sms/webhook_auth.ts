import { createHmac, timingSafeEqual } from "node:crypto";

/** The header a gateway signs the raw body in: `sha256=` and the HMAC in hex. */
export const SIGNATURE_HEADER = "x-sms-signature";
/** The header a gateway that cannot sign sends the shared secret in. */
export const TOKEN_HEADER = "x-sms-token";

/** The signature a gateway sends for `body` with `secret` (for gateways and tests). */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * Whether an inbound webhook comes from the configured gateway: an HMAC-SHA256
 * signature of the raw body, or the shared secret as a token. Both compare in constant
 * time; without a configured secret nothing is accepted.
 */
export function webhookAuthentic(
  secret: string | null,
  body: string,
  headers: { signature?: string; token?: string },
): boolean {
  if (!secret) return false;
  if (headers.signature) return sameText(headers.signature.trim(), signBody(secret, body));
  if (headers.token) return sameText(headers.token.trim(), secret);
  return false;
}

function sameText(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
