import {
  DEFAULT_MAX_MESSAGE_BYTES,
  type Destination,
  parseMessage,
  type SipMessage,
  SipParseError,
  type SipTransport,
} from "../core/mod.ts";
import { TcpTransport } from "./tcp_transport.ts";
import { UdpTransport } from "./udp_transport.ts";
import { WsTransport } from "./ws_transport.ts";

export interface TransportEvents {
  /**
   * Asked before a message from `source` is parsed; false drops it unread (a blocked
   * or flooding address costs no parsing).
   */
  admit?(source: Destination): boolean;
  /** A message that parsed. */
  onMessage(message: SipMessage, source: Destination): void;
  /** Bytes that did not parse or frame; the caller answers 400 where it can. */
  onBadMessage(error: SipParseError, source: Destination): void;
}

export interface TransportOptions {
  bind: string;
  port: number;
  maxMessageBytes?: number;
  /** TCP connections one address may hold open at once. Default: no limit. */
  maxConnectionsPerAddress?: number;
}

/**
 * UDP and TCP on the SIP port and WebSocket connections handed over by the HTTP
 * server, behind one `transportFor(destination)` for the transaction layer.
 */
export class TransportSet {
  readonly udp: UdpTransport;
  readonly tcp: TcpTransport;
  readonly ws: WsTransport;

  private constructor(udp: UdpTransport, tcp: TcpTransport, ws: WsTransport) {
    this.udp = udp;
    this.tcp = tcp;
    this.ws = ws;
  }

  /** Binds UDP first, then TCP on the same port number (so port 0 works for tests). */
  static async open(options: TransportOptions, events: TransportEvents): Promise<TransportSet> {
    const max = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    const deliver = (
      bytes: Uint8Array,
      source: Destination,
      stream: boolean,
      arrivedAt?: number,
    ) => {
      if (events.admit && !events.admit(source)) return;
      let message: SipMessage;
      try {
        message = parseMessage(bytes, { maxMessageBytes: max, stream });
      } catch (error) {
        events.onBadMessage(
          error instanceof SipParseError ? error : new SipParseError(String(error)),
          source,
        );
        return;
      }
      if (arrivedAt !== undefined && message.kind === "request") message.arrivedAt = arrivedAt;
      events.onMessage(message, source);
    };
    const stream = {
      onMessage: deliver,
      onFramingError: (error: SipParseError, source: Destination) =>
        events.onBadMessage(error, source),
    };
    // With port 0 the system picks a free UDP port, which TCP may already use (a client
    // connection's local port, say): then pick again, a few times.
    const attempts = options.port === 0 ? 8 : 1;
    for (let attempt = 1;; attempt++) {
      const udp = await UdpTransport.bind(options.bind, options.port, (bytes, source, at) => {
        // RFC 5626 §4.4.2 keep-alives over UDP are CRLF pairs (or STUN); neither is a message.
        if (bytes.length <= 4 && bytes.every((b) => b === 13 || b === 10)) return;
        deliver(bytes, source, false, at);
      });
      const tcp = new TcpTransport(stream, max, options.maxConnectionsPerAddress);
      try {
        tcp.listen(options.bind, udp.port);
      } catch (error) {
        await udp.close();
        if (error instanceof Deno.errors.AddrInUse && attempt < attempts) continue;
        throw error;
      }
      return new TransportSet(udp, tcp, new WsTransport(stream, max));
    }
  }

  get port(): number {
    return this.udp.port;
  }

  transportFor(destination: Destination): SipTransport {
    switch (destination.transport.toLowerCase()) {
      case "tcp":
        return this.tcp.table;
      case "ws":
        return this.ws.table;
      case "wss":
        return this.ws.secureTable;
      default:
        return this.udp;
    }
  }

  async close(): Promise<void> {
    this.ws.close();
    await this.tcp.close();
    await this.udp.close();
  }
}
