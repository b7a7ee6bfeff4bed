/**
 * A UDP socket for media: datagrams in through one listener, datagrams out strictly in
 * order. It runs on Deno's own datagram API when the runtime offers it (`--unstable-net`,
 * or `"unstable": ["net"]` in deno.json), which measured about half the CPU per packet of
 * `node:dgram` and lost none of the packets `node:dgram` dropped under the same load; it
 * falls back to `node:dgram` otherwise, so nothing breaks without the flag. By default the
 * sockets live on a thread of their own (`_udp_host.ts`), which takes the per-datagram
 * system calls off the main thread.
 *
 * @module
 */

import type dgram from "node:dgram";
import { bindUdp, closeUdp, OrderedUdpSender } from "./udp.ts";
import { bindHostedUdp } from "./_socket_thread.ts";
export {
  holdUdpThread,
  pacedSends,
  resetThreadPacing,
  socketThreadCounters,
  threadPacing,
} from "./_socket_thread.ts";
export type { SocketThreadCounters, ThreadPacing } from "./_udp_host.ts";

/** Called with each datagram received: its bytes (owned by the listener) and its source. */
export type DatagramListener = (bytes: Uint8Array, address: string, port: number) => void;

/** What the media plane needs of a UDP socket. */
export interface UdpSocket {
  readonly port: number;
  /** Which implementation carries the socket, for benchmarks and diagnostics. */
  readonly kind: UdpSocketKind;
  /**
   * Queues one datagram; datagrams leave in the order given. The socket is done with
   * `bytes` when this returns (what it sends later, it copies), so a sender may fill the
   * same buffer for its next datagram.
   */
  send(bytes: Uint8Array, port: number, address: string): void;
  /** Sets the one receiver of incoming datagrams. */
  onDatagram(listener: DatagramListener): void;
  /** Sends that failed, or were dropped because the queue was full. */
  readonly errors: number;
  /** Resolves once everything queued has been handed to the kernel. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `worker`: Deno's datagram API on the shared socket thread; `deno`: the same API on the
 * calling thread; `node`: `node:dgram`.
 */
export type UdpSocketKind = "worker" | "deno" | "node";

/** Options for {@link openUdpSocket}. */
export interface UdpSocketOptions {
  /** Datagrams queued behind one in flight before more are dropped; 256. */
  queueLimit?: number;
  /** Force an implementation (tests, benchmarks); the fastest available by default. */
  kind?: UdpSocketKind;
}

/** The part of Deno's unstable `Deno.DatagramConn` used here (typed locally: its types are unstable too). */
interface DatagramConn {
  readonly addr: Deno.Addr;
  receive(buffer?: Uint8Array): Promise<[Uint8Array, Deno.Addr]>;
  send(bytes: Uint8Array, to: Deno.Addr): Promise<number>;
  close(): void;
}

type ListenDatagram = (options: {
  transport: "udp";
  hostname: string;
  port: number;
}) => DatagramConn;

/** Deno's datagram API when this runtime exposes it (it is behind `--unstable-net`). */
function denoListenDatagram(): ListenDatagram | undefined {
  const fn = (Deno as unknown as { listenDatagram?: ListenDatagram }).listenDatagram;
  return typeof fn === "function" ? fn : undefined;
}

/** True when sockets opened without a forced kind use Deno's datagram API. */
export function nativeUdpAvailable(): boolean {
  return denoListenDatagram() !== undefined;
}

/**
 * Binds a UDP socket on `address:port`. A port already taken rejects with an error whose
 * `code` is `EADDRINUSE`, whichever implementation is used.
 */
export async function openUdpSocket(
  address: string,
  port: number,
  options: UdpSocketOptions = {},
): Promise<UdpSocket> {
  const listen = denoListenDatagram();
  const kind = options.kind ?? (listen ? "worker" : "node");
  if (kind === "worker") {
    if (!listen) throw new Error("Deno.listenDatagram needs --unstable-net");
    return await bindHostedUdp(address, port).catch((error) => {
      if (error.code !== "EADDRINUSE") throw error;
      throw Object.assign(new Error(`UDP port ${port} is in use`), { code: "EADDRINUSE" });
    });
  }
  if (kind === "deno") {
    if (!listen) throw new Error("Deno.listenDatagram needs --unstable-net");
    let conn: DatagramConn;
    try {
      conn = listen({ transport: "udp", hostname: address, port });
    } catch (error) {
      if (error instanceof Deno.errors.AddrInUse) {
        throw Object.assign(new Error(`UDP port ${port} is in use`), {
          code: "EADDRINUSE",
          cause: error,
        });
      }
      throw error;
    }
    return new DenoUdpSocket(conn, options.queueLimit ?? 256);
  }
  return new NodeUdpSocket(await bindUdp(address, port), options.queueLimit ?? 256);
}

const RECEIVE_BUFFER = 2048;

class DenoUdpSocket implements UdpSocket {
  readonly kind = "deno";
  readonly port: number;
  readonly #conn: DatagramConn;
  readonly #limit: number;
  #listener: DatagramListener = () => {};
  #queue: { bytes: Uint8Array; to: Deno.NetAddr }[] = [];
  #inFlight = false;
  #idleWaiters: (() => void)[] = [];
  #to: Deno.NetAddr | undefined;
  #closed = false;
  #receiving: Promise<void>;
  errors = 0;

  constructor(conn: DatagramConn, limit: number) {
    this.#conn = conn;
    this.#limit = limit;
    this.port = (conn.addr as Deno.NetAddr).port;
    this.#receiving = this.#receive();
  }

  onDatagram(listener: DatagramListener): void {
    this.#listener = listener;
  }

  send(given: Uint8Array, port: number, address: string): void {
    if (this.#closed) return;
    // Sent later (the runtime reads it while the send is in flight): a copy of its own.
    const bytes = given.slice();
    let to = this.#to;
    if (!to || to.port !== port || to.hostname !== address) {
      // One address object per peer rather than one per packet.
      to = this.#to = { transport: "udp", hostname: address, port };
    }
    if (this.#inFlight) {
      // A send made while another is in flight may overtake it (seen with Deno 2.9 as
      // with node:dgram), which would reorder e.g. the three RFC 4733 end packets.
      if (this.#queue.length >= this.#limit) this.errors++;
      else this.#queue.push({ bytes, to });
      return;
    }
    this.#dispatch(bytes, to);
  }

  #dispatch(bytes: Uint8Array, to: Deno.NetAddr): void {
    this.#inFlight = true;
    this.#conn.send(bytes, to).then(this.#sent, this.#failed);
  }

  #sent = (): void => {
    const next = this.#queue.shift();
    if (next && !this.#closed) return this.#dispatch(next.bytes, next.to);
    this.#inFlight = false;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  };

  #failed = (): void => {
    this.errors++;
    this.#sent();
  };

  async #receive(): Promise<void> {
    const buffer = new Uint8Array(RECEIVE_BUFFER);
    while (!this.#closed) {
      let datagram: Uint8Array;
      let from: Deno.NetAddr;
      try {
        const [bytes, addr] = await this.#conn.receive(buffer);
        datagram = bytes;
        from = addr as Deno.NetAddr;
      } catch {
        // Closed under us, or a transient error (an ICMP error reported on the socket).
        if (this.#closed) return;
        continue;
      }
      try {
        // Listeners may keep the bytes (or views of them): give them their own copy and
        // keep receiving into the one buffer.
        this.#listener(datagram.slice(), from.hostname, from.port);
      } catch {
        // A listener's failure concerns that datagram only; receiving goes on.
      }
    }
  }

  idle(): Promise<void> {
    if (!this.#inFlight) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue = [];
    try {
      this.#conn.close();
    } catch { /* already closed */ }
    await this.#receiving;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }
}

class NodeUdpSocket implements UdpSocket {
  readonly kind = "node";
  readonly port: number;
  readonly #socket: dgram.Socket;
  readonly #sender: OrderedUdpSender;
  #listener: DatagramListener = () => {};
  #socketErrors = 0;

  constructor(socket: dgram.Socket, limit: number) {
    this.#socket = socket;
    this.#sender = new OrderedUdpSender(socket, limit);
    this.port = socket.address().port;
    socket.on("message", (msg: Uint8Array, rinfo: dgram.RemoteInfo) => {
      try {
        this.#listener(
          new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength),
          rinfo.address,
          rinfo.port,
        );
      } catch {
        // A listener's failure concerns that datagram only; receiving goes on.
      }
    });
    socket.on("error", () => this.#socketErrors++);
  }

  get errors(): number {
    return this.#sender.errors + this.#socketErrors;
  }

  onDatagram(listener: DatagramListener): void {
    this.#listener = listener;
  }

  send(bytes: Uint8Array, port: number, address: string): void {
    this.#sender.send(bytes, port, address);
  }

  idle(): Promise<void> {
    return this.#sender.idle();
  }

  close(): Promise<void> {
    return closeUdp(this.#socket);
  }
}
