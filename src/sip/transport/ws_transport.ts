import { type Destination, SipParseError } from "../core/mod.ts";
import { ConnectionTable, type SipConnection, type StreamEvents } from "./stream_connections.ts";

const encoder = new TextEncoder();

class WsConnection implements SipConnection {
  readonly key: string;

  constructor(private readonly socket: WebSocket, readonly remote: Destination) {
    this.key = ConnectionTable.key(remote.transport, remote.host, remote.port);
  }

  write(bytes: Uint8Array): Promise<void> {
    // RFC 7118 §5: text frames carry UTF-8 SIP messages; browsers' sip.js expects text.
    if (this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(new TextDecoder().decode(bytes));
    }
    return Promise.resolve();
  }

  close(): void {
    try {
      this.socket.close(1000);
    } catch {
      // Already closing.
    }
  }
}

/**
 * SIP over WebSocket (RFC 7118) for browsers. Each WebSocket message is exactly one SIP
 * message, so there is no framing; the connection the browser opened is the only way
 * back to it, which is why its table has no way to connect.
 */
export class WsTransport {
  readonly table: ConnectionTable;
  readonly secureTable: ConnectionTable;

  constructor(private readonly events: StreamEvents, private readonly maxMessageBytes: number) {
    this.table = new ConnectionTable("ws");
    this.secureTable = new ConnectionTable("wss");
  }

  /** Takes over an upgraded socket from the HTTP server. */
  accept(socket: WebSocket, remote: { host: string; port: number }, secure: boolean): void {
    const transport = secure ? "wss" : "ws";
    const table = secure ? this.secureTable : this.table;
    const connection = new WsConnection(socket, {
      transport,
      host: remote.host,
      port: remote.port,
    });
    socket.onopen = () => table.add(connection);
    socket.onmessage = (event) => {
      const bytes = typeof event.data === "string"
        ? encoder.encode(event.data)
        : new Uint8Array(event.data as ArrayBuffer);
      if (bytes.length > this.maxMessageBytes) {
        this.events.onFramingError(
          new SipParseError(`WebSocket message over ${this.maxMessageBytes} bytes`),
          connection.remote,
        );
        connection.close();
        return;
      }
      // RFC 7118 §6: a lone CRLF pair is a keep-alive, not a message.
      if (bytes.length <= 4 && bytes.every((b) => b === 13 || b === 10)) return;
      this.events.onMessage(bytes, connection.remote, false);
    };
    socket.onclose = () => table.remove(connection);
    socket.onerror = () => table.remove(connection);
  }

  close(): void {
    this.table.closeAll();
    this.secureTable.closeAll();
  }
}
