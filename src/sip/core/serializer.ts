/**
 * Writes a {@link SipMessage} as bytes: one header per line in canonical names, and a
 * Content-Length computed from the body's bytes (RFC 3261 §7.4.1, §20.14).
 */
import type { SipMessage } from "./message.ts";

const encoder = new TextEncoder();

/** The head (start line, headers, blank line) as text; Content-Length is always last. */
export function serializeHead(message: SipMessage): string {
  const startLine = message.kind === "request"
    ? `${message.method} ${message.uri} ${message.version}`
    : `${message.version} ${message.status} ${message.reason}`;
  let out = startLine + "\r\n";
  for (const { name, value } of message.headers) {
    if (name === "Content-Length") continue;
    out += `${name}: ${value}\r\n`;
  }
  out += `Content-Length: ${message.body.length}\r\n\r\n`;
  return out;
}

export function serializeMessage(message: SipMessage): Uint8Array {
  const head = encoder.encode(serializeHead(message));
  const out = new Uint8Array(head.length + message.body.length);
  out.set(head);
  out.set(message.body, head.length);
  return out;
}

/** Text form for logs and tests; the body is decoded as UTF-8. */
export function messageToString(message: SipMessage): string {
  return serializeHead(message) + new TextDecoder().decode(message.body);
}
