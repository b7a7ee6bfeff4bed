/** Via processing at the transport boundary (RFC 3261 §18.2.1, §18.2.2; RFC 3581). */
import type { SipRequest } from "./message.ts";
import type { Destination } from "./transaction.ts";
import { defaultPort, formatVia, parseVia, type Via } from "./via.ts";

const bare = (host: string) => host.replace(/^\[|\]$/g, "").toLowerCase();

/**
 * Records where a request really came from in its top Via: `received` when the source
 * differs from sent-by (RFC 3261 §18.2.1) and the port when the client asked with an
 * empty `rport` (RFC 3581 §4).
 */
export function stampVia(request: SipRequest, source: Destination): void {
  const top = request.headers.get("Via");
  if (top === undefined) return;
  const via = parseVia(top);
  let changed = false;
  if (bare(via.host) !== bare(source.host)) {
    via.received = bare(source.host);
    changed = true;
  }
  if (via.rport === true) {
    via.rport = source.port;
    via.received = bare(source.host);
    changed = true;
  }
  if (changed) request.headers.setFirst("Via", formatVia(via));
}

/**
 * Where a response to a request with this top Via goes (RFC 3261 §18.2.2, RFC 3581 §4).
 * Reliable transports answer on the connection the request came in on.
 */
export function responseDestination(
  via: Via,
  source: Destination | undefined,
  reliable: boolean,
): Destination {
  if (reliable && source) return source;
  const port = via.port ?? defaultPort(via.transport);
  if (via.maddr) return { transport: via.transport, host: via.maddr, port };
  if (via.received) {
    return {
      transport: via.transport,
      host: via.received,
      port: typeof via.rport === "number" ? via.rport : port,
    };
  }
  return { transport: via.transport, host: bare(via.host), port };
}
