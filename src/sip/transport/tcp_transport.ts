import type { Destination } from "../core/mod.ts";
import { NameResolver } from "./name_resolver.ts";
import {
  ConnectionTable,
  readStream,
  type SipConnection,
  type StreamEvents,
} from "./stream_connections.ts";

// An idle connection with no registration or dialog on it is closed after this long.
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;
// How long a closing connection waits for its last writes to leave.
const CLOSE_FLUSH_MS = 2000;

class TcpConnection implements SipConnection {
  readonly key: string;
  #closed = false;
  #writing: Promise<void> = Promise.resolve();

  constructor(private readonly conn: Deno.TcpConn, readonly remote: Destination) {
    this.key = ConnectionTable.key("tcp", remote.host, remote.port);
  }

  write(bytes: Uint8Array): Promise<void> {
    // Writes are chained so two messages never interleave on the stream.
    this.#writing = this.#writing.then(async () => {
      let offset = 0;
      while (offset < bytes.length) offset += await this.conn.write(bytes.subarray(offset));
    });
    return this.#writing;
  }

  /** Closes once what was already written has gone out (a 400 before a lost framing). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    // A peer that stops reading must not keep the socket open through a stuck write.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stuck = new Promise<void>((resolve) => timer = setTimeout(resolve, CLOSE_FLUSH_MS));
    Promise.race([this.#writing.catch(() => {}), stuck]).finally(() => {
      clearTimeout(timer);
      try {
        this.conn.close();
      } catch {
        // Already closed by the peer.
      }
    });
  }

  get closed(): boolean {
    return this.#closed;
  }
}

/** SIP over TCP (RFC 3261 §18): a listener plus the connection table for reuse. */
export class TcpTransport {
  readonly table: ConnectionTable;
  #listener?: Deno.TcpListener;
  #names = new NameResolver();
  #serving?: Promise<void>;
  #perAddress = new Map<string, number>();
  /** Connections refused because their address already held its limit. */
  refused = 0;

  constructor(
    private readonly events: StreamEvents,
    private readonly maxMessageBytes: number,
    private readonly maxPerAddress = Infinity,
  ) {
    this.table = new ConnectionTable("tcp", (destination) => this.#connect(destination));
  }

  listen(hostname: string, port: number): number {
    this.#listener = Deno.listen({ hostname, port, transport: "tcp" });
    this.#serving = this.#accept(this.#listener);
    return (this.#listener.addr as Deno.NetAddr).port;
  }

  async #accept(listener: Deno.TcpListener): Promise<void> {
    try {
      for await (const conn of listener) {
        const addr = conn.remoteAddr as Deno.NetAddr;
        // Each connection holds a socket until it idles out: one address may not hold many.
        if ((this.#perAddress.get(addr.hostname) ?? 0) >= this.maxPerAddress) {
          this.refused++;
          conn.close();
          continue;
        }
        this.#serve(
          new TcpConnection(conn, { transport: "tcp", host: addr.hostname, port: addr.port }),
          conn,
        );
      }
    } catch {
      // The listener was closed.
    }
  }

  async #connect(destination: Destination): Promise<SipConnection> {
    const address = await this.#names.resolve(destination.host);
    if (!address) throw new Error(`Cannot resolve ${destination.host}`);
    const conn = await Deno.connect({
      hostname: address,
      port: destination.port,
      transport: "tcp",
    });
    const connection = new TcpConnection(conn, {
      transport: "tcp",
      host: destination.host,
      port: destination.port,
    });
    this.#serve(connection, conn);
    return connection;
  }

  #serve(connection: TcpConnection, conn: Deno.TcpConn): void {
    this.table.add(connection);
    const host = connection.remote.host;
    this.#perAddress.set(host, (this.#perAddress.get(host) ?? 0) + 1);
    const feed = readStream(connection, this.events, this.maxMessageBytes);
    (async () => {
      const buffer = new Uint8Array(16 * 1024);
      let idle = setTimeout(() => connection.close(), IDLE_TIMEOUT_MS);
      try {
        while (!connection.closed) {
          const n = await conn.read(buffer);
          if (n === null) break;
          clearTimeout(idle);
          idle = setTimeout(() => connection.close(), IDLE_TIMEOUT_MS);
          if (!feed(buffer.slice(0, n))) break;
        }
      } catch {
        // Reset by the peer.
      } finally {
        clearTimeout(idle);
        connection.close();
        this.table.remove(connection);
        const left = (this.#perAddress.get(host) ?? 1) - 1;
        if (left > 0) this.#perAddress.set(host, left);
        else this.#perAddress.delete(host);
      }
    })();
  }

  async close(): Promise<void> {
    this.#listener?.close();
    this.table.closeAll();
    await this.#serving;
  }
}
