/**
 * Media sockets on a thread of their own. At 300 calls the media plane sends and
 * receives some 30,000 datagrams a second; one runtime call per datagram on the main
 * thread took about a third of its time and pushed its event-loop lag past the media
 * targets. Here one worker owns the sockets and does the system calls, and datagrams
 * cross between the threads packed many to a message (see `_udp_host_thread.ts`):
 * everything sent in one turn of the main thread leaves in one message, and whatever
 * arrived meanwhile comes back in one.
 *
 * The worker starts with the first socket and stops when the last one closes, unless
 * someone holds it ({@link holdUdpThread}): the appliance does, so that only its first
 * call pays for starting the thread.
 *
 * @module
 */

import type { DatagramListener, UdpSocket } from "./udp_socket.ts";
import { udpHostThread } from "./_udp_host_thread.ts";
import { threadFromSource, ThreadHolds } from "../threads/mod.ts";

const HEADER = 8;
const BATCH = 32 * 1024;
/** Destinations remembered per socket before their numbering starts again. */
const DEST_LIMIT = 256;

type Request =
  | { op: "bind"; id: number; address: string; port: number }
  | { op: "dest"; id: number; dest: number; hostname: string; port: number }
  | { op: "send"; bytes: Uint8Array; at: number; spread: number }
  | { op: "idle" | "close"; id: number; req: number }
  | { op: "resetPacing" };

type Reply =
  | { op: "bound"; id: number; port: number }
  | { op: "bindFailed"; id: number; code: string; message: string }
  | { op: "source"; id: number; source: number; hostname: string; port: number }
  | { op: "recv"; bytes: Uint8Array }
  | { op: "done"; req: number }
  | { op: "errors"; id: number; errors: number }
  | { op: "pacing"; stats: ThreadPacing };

/** Messages and datagrams between the main thread and the socket thread. */
export interface SocketThreadCounters {
  messages_out: number;
  datagrams_out: number;
  messages_in: number;
  datagrams_in: number;
}

/**
 * How far from their time, early or late, paced packets had left the socket thread (ms),
 * over its recent window: one figure per phase of a tick, taken once its packets were
 * handed to the kernel.
 */
export interface ThreadPacing {
  /** Paced batches (media ticks) sent so far. */
  ticks: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

interface Waiter {
  resolve(value: number): void;
  reject(error: Error): void;
}

class UdpHost {
  #worker: Worker | undefined;
  readonly #sockets = new Map<number, HostedUdpSocket>();
  readonly #binding = new Map<number, Waiter>();
  readonly #requests = new Map<number, Waiter>();
  #nextId = 1;
  #nextReq = 1;
  #outbox: Request[] = [];
  /** Outgoing datagrams of this turn; `#sealed` marks the end of those already in a send. */
  readonly #batch = new Uint8Array(BATCH);
  #used = 0;
  #sealed = 0;
  #flushQueued = false;
  readonly #holds = new ThreadHolds();
  /** Send time (epoch ms) given to what is sent now; 0 for "at once". */
  #at = 0;
  /** The period over which what is sent now is spread by socket (ms); 0 for none. */
  #spread = 0;
  pacing: ThreadPacing | undefined;
  /** Traffic across the thread boundary since the host was made, for diagnostics. */
  readonly counters: SocketThreadCounters = {
    messages_out: 0,
    datagrams_out: 0,
    messages_in: 0,
    datagrams_in: 0,
  };

  /** Starts the pacing window afresh (a benchmark's measured window). */
  resetPacing(): void {
    this.pacing = undefined;
    if (this.#worker) this.#control({ op: "resetPacing" });
  }

  /**
   * Runs `make`; what it sends leaves the socket thread at `at` (epoch ms), not before,
   * each socket's share at its own phase of `spread` ms later when `spread` is given.
   */
  paced(at: number, make: () => void, spread = 0): void {
    this.#seal();
    this.#at = at;
    this.#spread = spread;
    try {
      make();
    } finally {
      this.#seal();
      this.#at = 0;
      this.#spread = 0;
    }
  }

  hold(): () => void {
    return this.#holds.take(() => this.#stopWhenIdle());
  }

  bind(address: string, port: number): Promise<HostedUdpSocket> {
    const id = this.#nextId++;
    this.#control({ op: "bind", id, address, port });
    return new Promise<number>((resolve, reject) => this.#binding.set(id, { resolve, reject }))
      .then((bound) => {
        const socket = new HostedUdpSocket(this, id, bound);
        this.#sockets.set(id, socket);
        return socket;
      });
  }

  destination(id: number, dest: number, hostname: string, port: number): void {
    this.#control({ op: "dest", id, dest, hostname, port });
  }

  send(id: number, dest: number, bytes: Uint8Array): void {
    const length = bytes.length;
    if (this.#used + HEADER + length > BATCH) this.#flush();
    const batch = this.#batch;
    const at = this.#used;
    batch[at] = id >>> 24;
    batch[at + 1] = (id >>> 16) & 0xff;
    batch[at + 2] = (id >>> 8) & 0xff;
    batch[at + 3] = id & 0xff;
    batch[at + 4] = dest >>> 8;
    batch[at + 5] = dest & 0xff;
    batch[at + 6] = length >>> 8;
    batch[at + 7] = length & 0xff;
    batch.set(bytes, at + HEADER);
    this.counters.datagrams_out++;
    this.#used = at + HEADER + length;
    this.#schedule();
  }

  /** Resolves once the worker has answered `op` for socket `id`. */
  request(op: "idle" | "close", id: number): Promise<void> {
    if (!this.#worker) return Promise.resolve();
    const req = this.#nextReq++;
    this.#control({ op, id, req });
    return new Promise<number>((resolve, reject) => this.#requests.set(req, { resolve, reject }))
      .then(() => {
        if (op === "close") {
          this.#sockets.delete(id);
          this.#stopWhenIdle();
        }
      });
  }

  #control(request: Request): void {
    this.#seal();
    this.#outbox.push(request);
    this.#schedule();
  }

  /** What was sent since the last seal becomes one "send" with the current send time. */
  #seal(): void {
    if (this.#used === this.#sealed) return;
    this.#outbox.push({
      op: "send",
      bytes: this.#batch.subarray(this.#sealed, this.#used),
      at: this.#at,
      spread: this.#spread,
    });
    this.#sealed = this.#used;
  }

  #schedule(): void {
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    // Everything this turn sends (a whole media tick, a whole batch of relayed packets)
    // goes in one message.
    queueMicrotask(this.#flush);
  }

  #flush = (): void => {
    this.#flushQueued = false;
    this.#seal();
    if (this.#outbox.length === 0) return;
    const outbox = this.#outbox;
    this.#outbox = [];
    this.counters.messages_out++;
    // Not transferred: the message carries a copy of the batch buffer (once, however many
    // sends view it), and the buffer is filled again from the start. A fresh buffer per
    // message was external memory that V8 counts towards its next full collection.
    this.#thread().postMessage(outbox);
    this.#used = 0;
    this.#sealed = 0;
  };

  #thread(): Worker {
    if (!this.#worker) {
      this.#worker = threadFromSource<Reply[]>(udpHostThread, "media socket", {
        onMessage: (replies) => this.#replies(replies),
        onFailure: (error) => this.#fail(error),
      }, { timekeeper: true });
    }
    return this.#worker;
  }

  #replies(replies: Reply[]): void {
    this.counters.messages_in++;
    for (const reply of replies) {
      switch (reply.op) {
        case "recv":
          this.#deliver(reply.bytes);
          break;
        case "source":
          this.#sockets.get(reply.id)?.source(reply.source, reply.hostname, reply.port);
          break;
        case "errors":
          this.#sockets.get(reply.id)?.threadErrors(reply.errors);
          break;
        case "pacing":
          this.pacing = reply.stats;
          break;
        case "done":
          this.#requests.get(reply.req)?.resolve(0);
          this.#requests.delete(reply.req);
          break;
        case "bound":
          this.#binding.get(reply.id)?.resolve(reply.port);
          this.#binding.delete(reply.id);
          break;
        case "bindFailed": {
          const error = Object.assign(new Error(reply.message), { code: reply.code });
          this.#binding.get(reply.id)?.reject(error);
          this.#binding.delete(reply.id);
          this.#stopWhenIdle();
          break;
        }
      }
    }
  }

  #deliver(bytes: Uint8Array): void {
    for (let at = 0; at + HEADER <= bytes.length;) {
      const id = ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) |
        bytes[at + 3]) >>> 0;
      const source = (bytes[at + 4] << 8) | bytes[at + 5];
      const length = (bytes[at + 6] << 8) | bytes[at + 7];
      // A view, not a copy: the batch buffer is never reused, so listeners may keep it.
      const payload = bytes.subarray(at + HEADER, at + HEADER + length);
      at += HEADER + length;
      this.counters.datagrams_in++;
      this.#sockets.get(id)?.receive(payload, source);
    }
  }

  #stopWhenIdle(): void {
    if (this.#holds.held) return;
    if (this.#sockets.size > 0 || this.#binding.size > 0 || this.#requests.size > 0) return;
    if (this.#outbox.length > 0 || this.#used > 0) return;
    this.#worker?.terminate();
    this.#worker = undefined;
    this.pacing = undefined;
  }

  #fail(error: Error): void {
    console.error(error.message);
    this.#worker?.terminate();
    this.#worker = undefined;
    for (const waiter of [...this.#binding.values(), ...this.#requests.values()]) {
      waiter.reject(error);
    }
    this.#binding.clear();
    this.#requests.clear();
    for (const socket of this.#sockets.values()) socket.lost();
    this.#sockets.clear();
  }
}

/** A socket whose system calls happen on the host thread. */
export class HostedUdpSocket implements UdpSocket {
  readonly kind = "worker";
  readonly port: number;
  readonly #host: UdpHost;
  readonly #id: number;
  #listener: DatagramListener = () => {};
  readonly #sources: { hostname: string; port: number }[] = [];
  readonly #dests = new Map<string, number>();
  #lastAddress = "";
  #lastPort = -1;
  #lastDest = -1;
  #errors = 0;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(host: UdpHost, id: number, port: number) {
    this.#host = host;
    this.#id = id;
    this.port = port;
  }

  get errors(): number {
    return this.#errors;
  }

  onDatagram(listener: DatagramListener): void {
    this.#listener = listener;
  }

  send(bytes: Uint8Array, port: number, address: string): void {
    if (this.#closed) return;
    if (port !== this.#lastPort || address !== this.#lastAddress) {
      this.#lastDest = this.#destination(address, port);
      this.#lastAddress = address;
      this.#lastPort = port;
    }
    this.#host.send(this.#id, this.#lastDest, bytes);
  }

  #destination(address: string, port: number): number {
    const key = `${address} ${port}`;
    let dest = this.#dests.get(key);
    if (dest === undefined) {
      if (this.#dests.size >= DEST_LIMIT) this.#dests.clear();
      dest = this.#dests.size;
      this.#dests.set(key, dest);
      this.#host.destination(this.#id, dest, address, port);
    }
    return dest;
  }

  idle(): Promise<void> {
    return this.#closed ? Promise.resolve() : this.#host.request("idle", this.#id);
  }

  close(): Promise<void> {
    this.#closed = true;
    return this.#closing ??= this.#host.request("close", this.#id);
  }

  /** The host thread numbered a new source address. */
  source(index: number, hostname: string, port: number): void {
    this.#sources[index] = { hostname, port };
  }

  receive(bytes: Uint8Array, source: number): void {
    const from = this.#sources[source];
    if (this.#closed || !from) return;
    try {
      this.#listener(bytes, from.hostname, from.port);
    } catch {
      // A listener's failure concerns that datagram only; receiving goes on.
    }
  }

  threadErrors(errors: number): void {
    this.#errors = errors;
  }

  /** The host thread died: nothing more is sent or received. */
  lost(): void {
    this.#closed = true;
  }
}

let shared: UdpHost | undefined;

/**
 * Keeps the socket thread, once a socket has started it, until the returned function is
 * called (it does not start the thread: an idle process stays small).
 */
export function holdUdpThread(): () => void {
  shared ??= new UdpHost();
  return shared.hold();
}

/**
 * Runs `make`, and whatever it sends through thread-hosted sockets leaves `delayMs` from
 * now: the media clock makes each tick's packets ahead of time and the socket thread
 * sends them when due. With `spreadMs` (a tick), each socket's packets leave at a phase
 * of their own within that many ms after, the same phase every time, rather than every
 * socket's at once. Sockets of other kinds send at once.
 */
export function pacedSends(delayMs: number, make: () => void, spreadMs = 0): void {
  if (!shared) return make();
  // Both threads read time as timeOrigin + now(): wall time at sub-millisecond precision.
  shared.paced(performance.timeOrigin + performance.now() + delayMs, make, spreadMs);
}

/** Forgets the socket thread's pacing so far; figures start again from the next tick. */
export function resetThreadPacing(): void {
  shared?.resetPacing();
}

/** Traffic between this thread and the socket thread so far (undefined before any socket). */
export function socketThreadCounters(): SocketThreadCounters | undefined {
  return shared && { ...shared.counters };
}

/** The socket thread's send pacing, once it has paced anything. */
export function threadPacing(): ThreadPacing | undefined {
  return shared?.pacing;
}

/** Binds `address:port` on the shared host thread (rejects with `code` EADDRINUSE when taken). */
export function bindHostedUdp(address: string, port: number): Promise<HostedUdpSocket> {
  shared ??= new UdpHost();
  return shared.bind(address, port);
}
