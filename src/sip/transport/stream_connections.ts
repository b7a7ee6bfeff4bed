import {
  type Destination,
  KEEPALIVE_PONG,
  serializeMessage,
  type SipMessage,
  SipParseError,
  type SipTransport,
  StreamFramer,
} from "../core/mod.ts";

/** One message (or framing failure) from a reliable connection. */
export interface StreamEvents {
  onMessage(bytes: Uint8Array, source: Destination, stream: boolean): void;
  /** Framing is lost; `error.partial` is set when the request's head was readable. */
  onFramingError(error: SipParseError, source: Destination): void;
}

/** A connection that can carry SIP messages: a TCP socket or a WebSocket. */
export interface SipConnection {
  readonly key: string;
  readonly remote: Destination;
  write(bytes: Uint8Array): Promise<void>;
  close(): void;
}

function keyOf(transport: string, host: string, port: number): string {
  return `${transport}:${host.replace(/^\[|\]$/g, "")}:${port}`;
}

/**
 * The live connections of one reliable transport, so responses and later requests
 * reuse the connection the peer opened (RFC 3261 §18.2.2, RFC 5923 idea): essential for
 * browsers over WebSocket and phones behind NAT, which cannot be connected to.
 */
export class ConnectionTable implements SipTransport {
  readonly reliable = true;
  #connections = new Map<string, SipConnection>();

  constructor(
    readonly transport: string,
    private readonly connect?: (destination: Destination) => Promise<SipConnection>,
  ) {}

  add(connection: SipConnection): void {
    this.#connections.set(connection.key, connection);
  }

  remove(connection: SipConnection): void {
    if (this.#connections.get(connection.key) === connection) {
      this.#connections.delete(connection.key);
    }
  }

  get size(): number {
    return this.#connections.size;
  }

  has(destination: Destination): boolean {
    return this.#connections.has(keyOf(this.transport, destination.host, destination.port));
  }

  async send(message: SipMessage, destination: Destination): Promise<void> {
    const key = keyOf(this.transport, destination.host, destination.port);
    let connection = this.#connections.get(key);
    if (!connection) {
      if (!this.connect) {
        throw new Error(
          `No ${this.transport} connection to ${destination.host}:${destination.port}`,
        );
      }
      connection = await this.connect(destination);
      this.add(connection);
    }
    await connection.write(serializeMessage(message));
  }

  closeAll(): void {
    for (const connection of this.#connections.values()) connection.close();
    this.#connections.clear();
  }

  static key = keyOf;
}

/** Frames a byte stream into messages and answers RFC 5626 §4.4.1 pings. */
export function readStream(
  connection: SipConnection,
  events: StreamEvents,
  maxMessageBytes: number,
) {
  const framer = new StreamFramer({ maxMessageBytes });
  return (chunk: Uint8Array): boolean => {
    for (const item of framer.push(chunk)) {
      if (item.kind === "message") events.onMessage(item.bytes, connection.remote, true);
      else if (item.kind === "ping") {
        connection.write(KEEPALIVE_PONG).catch(() => connection.close());
      } else if (item.kind === "error") {
        events.onFramingError(item.error, connection.remote);
        return false;
      }
    }
    return true;
  };
}
