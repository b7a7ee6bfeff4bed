/**
 * Media sockets on a thread of their own. At 300 calls the media plane sends and
 * receives some 30,000 datagrams a second; one runtime call per datagram on the main
 * thread took about a third of its time and pushed its event-loop lag past the media
 * targets. Here one worker owns the sockets and does the system calls, and datagrams
 * cross between the threads packed many to a message (see `_udp_host_thread.ts`):
 * everything sent in one turn of the main thread leaves in one message, and whatever
 * arrived meanwhile comes back in one. Where the thread waits in the kernel (the C
 * library's sockets, decision 046) the main thread's requests go through shared memory
 * instead (`_udp_host_ring.ts`), with a signal that ends the thread's wait.
 *
 * The worker starts with the first socket and stops when the last one closes, unless
 * someone holds it (`holdUdpThread` in `_socket_thread.ts`): the appliance does, so that
 * only its first call pays for starting the thread.
 *
 * @module
 */

import { HostedUdpSocket, type SocketHost } from "./_hosted_udp_socket.ts";
import { udpHostThread } from "./_udp_host_thread.ts";
import { libcDatagramSockets } from "./_udp_host_libc.ts";
import { RequestRing, requestRingReader } from "./_udp_host_ring.ts";
import {
  byPhase,
  pacingWindow,
  phaseOf,
  type PhasePacing,
  preciseSleep,
} from "./_udp_host_phases.ts";
import { threadReplies } from "./_udp_host_replies.ts";
import { packRecord } from "./_udp_host_records.ts";
import { WakeSignal } from "./libc_udp.ts";
import { ThreadDescriptors } from "./_thread_descriptors.ts";
import { addressOf, familyOf, sockaddrFor } from "./socket_address.ts";
import { SystemClock } from "../clock/mod.ts";
import { threadFromSource, ThreadHolds, WakeWhileActive } from "../threads/mod.ts";

const HEADER = 8;
const BATCH = 32 * 1024;
/** Room for the requests of some 20 ticks at 500 calls, should the thread fall behind. */
const RING_BYTES = 2 << 20;
/** How soon requests that did not fit in the ring are tried again (ms). */
const RING_RETRY_MS = 1;
/** A thread told to stop is ended this long after, should it not have ended itself. */
const STOP_BACKSTOP_MS = 2000;

type Request =
  // `name`: the address as a `struct sockaddr`, for a thread using the C library's sockets
  // (undefined where the text is not an IP address of the socket's family).
  | { op: "bind"; id: number; address: string; port: number; name?: Uint8Array }
  | { op: "dest"; id: number; dest: number; hostname: string; port: number; name?: Uint8Array }
  | { op: "send"; bytes: Uint8Array; at: number; spread: number }
  | { op: "idle" | "close"; id: number; req: number }
  | { op: "resetPacing" }
  | { op: "ring"; buffer: SharedArrayBuffer; wake: number }
  | { op: "watch"; id: number; fd: number }
  | { op: "stop" };

type Reply =
  /** `fd` for a C-library socket: the main thread closes it should the thread die. */
  | { op: "bound"; id: number; port: number; fd?: number }
  | { op: "opened"; fds: number[] }
  | { op: "bindFailed"; id: number; code: string; message: string }
  | { op: "source"; id: number; source: number; hostname: string; port: number }
  | { op: "source"; id: number; source: number; name: Uint8Array }
  | { op: "recv"; bytes: Uint8Array }
  | { op: "done"; req: number }
  | { op: "errors"; id: number; errors: number }
  | { op: "pacing"; stats: ThreadPacing }
  | { op: "watched"; id: number; ok: boolean }
  | { op: "readable"; id: number };

/** Messages and datagrams between the main thread and the socket thread. */
export interface SocketThreadCounters {
  messages_out: number;
  datagrams_out: number;
  messages_in: number;
  datagrams_in: number;
}

/** How far from their time, early or late, paced packets had left the socket thread. */
export type ThreadPacing = PhasePacing;

interface Waiter {
  resolve(value: number): void;
  reject(error: Error): void;
}

/** Told of a watched socket of this thread: datagrams arrived, or the watch was lost. */
export interface ArrivalListener {
  arrived(): void;
  /** The socket thread failed: the socket must be read some other way from now on. */
  lost(): void;
}

export class UdpHost implements SocketHost {
  #worker: Worker | undefined;
  readonly #sockets = new Map<number, HostedUdpSocket>();
  readonly #binding = new Map<number, Waiter>();
  readonly #requests = new Map<number, Waiter>();
  readonly #watching = new Map<number, { resolve(ok: boolean): void }>();
  readonly #watches = new Map<number, ArrivalListener>();
  readonly #descriptors = new ThreadDescriptors();
  #nextId = 1;
  #nextReq = 1;
  #outbox: Request[] = [];
  /** Outgoing datagrams of this turn; `#sealed` marks the end of those already in a send. */
  readonly #batch = new Uint8Array(BATCH);
  #used = 0;
  #sealed = 0;
  #flushQueued = false;
  readonly #holds = new ThreadHolds();
  readonly #awake = new WakeWhileActive({ clock: new SystemClock() });
  /** Signalled after each write to the ring, for a thread that waits in the kernel. */
  #wake: WakeSignal | undefined | null = null;
  /** The running thread's requests, where the C library lets it wait in the kernel. */
  #ring: RequestRing | undefined;
  /** Requests that did not fit in the ring yet, in order; all later ones queue behind. */
  #overflow: Request[] = [];
  #retryQueued = false;
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
    const before = this.counters.datagrams_out;
    try {
      make();
    } finally {
      this.#seal();
      this.#at = 0;
      this.#spread = 0;
      // Audio is paced: the CPUs stay quick to wake for the thread (decision 047).
      if (this.counters.datagrams_out > before) this.#awake.active();
    }
  }

  hold(): () => void {
    return this.#holds.take(() => this.#stopWhenIdle());
  }

  /** Whether someone keeps the thread running between sockets. */
  get held(): boolean {
    return this.#holds.held;
  }

  bind(address: string, port: number): Promise<HostedUdpSocket> {
    const id = this.#nextId++;
    const family = familyOf(address);
    this.#control({ op: "bind", id, address, port, name: sockaddrFor(address, port, family) });
    return new Promise<number>((resolve, reject) => this.#binding.set(id, { resolve, reject }))
      .then((bound) => {
        const socket = new HostedUdpSocket(this, id, bound, family);
        this.#sockets.set(id, socket);
        return socket;
      });
  }

  /**
   * Has the thread tell `listener` whenever datagrams arrive on this thread's socket `fd`
   * (the thread waits in the kernel for them beside its own); resolves to the function that
   * stops it, or undefined where the thread cannot (it does not wait in the kernel).
   */
  async watch(fd: number, listener: ArrivalListener): Promise<(() => Promise<void>) | undefined> {
    if (this.#wake === undefined) return undefined;
    const id = this.#nextId++;
    this.#control({ op: "watch", id, fd });
    const ok = await new Promise<boolean>((resolve) => this.#watching.set(id, { resolve }));
    if (!ok) {
      this.#stopWhenIdle();
      return undefined;
    }
    this.#watches.set(id, listener);
    return () => this.request("close", id);
  }

  destination(id: number, dest: number, hostname: string, port: number, family: number): void {
    const name = sockaddrFor(hostname, port, family);
    this.#control({ op: "dest", id, dest, hostname, port, name });
  }

  send(id: number, dest: number, bytes: Uint8Array): void {
    const length = bytes.length;
    if (this.#used + HEADER + length > BATCH) this.#flush();
    this.counters.datagrams_out++;
    this.#used = packRecord(this.#batch, this.#used, id, dest, bytes);
    this.#schedule();
  }

  /** Resolves once the worker has answered `op` for socket `id`. */
  request(op: "idle" | "close", id: number): Promise<void> {
    if (!this.#worker) return Promise.resolve();
    if (op === "close") this.#descriptors.closing(id);
    const req = this.#nextReq++;
    this.#control({ op, id, req });
    return new Promise<number>((resolve, reject) => this.#requests.set(req, { resolve, reject }))
      .then(() => {
        if (op === "close") {
          this.#sockets.delete(id);
          this.#watches.delete(id);
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
    const worker = this.#thread();
    if (this.#ring) this.#write(outbox);
    // Not transferred: the message carries a copy of the batch buffer (once, however many
    // sends view it), and the buffer is filled again from the start. A fresh buffer per
    // message was external memory that V8 counts towards its next full collection.
    else worker.postMessage(outbox);
    this.#used = 0;
    this.#sealed = 0;
  };

  /** Writes requests to the ring in order; what does not fit waits, copied, for room. */
  #write(requests: Request[]): void {
    const ring = this.#ring!;
    let i = 0;
    if (this.#overflow.length === 0) {
      for (; i < requests.length; i++) {
        const request = requests[i];
        const written = request.op === "send"
          ? ring.send(request.at, request.spread, request.bytes)
          : ring.control(request);
        if (!written) break;
      }
    }
    for (; i < requests.length; i++) {
      const request = requests[i];
      this.#overflow.push(
        request.op === "send" ? { ...request, bytes: request.bytes.slice() } : request,
      );
    }
    this.#wake!.signal();
    if (this.#overflow.length > 0 && !this.#retryQueued) {
      this.#retryQueued = true;
      setTimeout(() => {
        this.#retryQueued = false;
        const waiting = this.#overflow;
        this.#overflow = [];
        if (this.#ring === ring) this.#write(waiting);
      }, RING_RETRY_MS);
    }
  }

  #thread(): Worker {
    if (!this.#worker) {
      this.#worker = threadFromSource<Reply[]>(udpHostThread, "media socket", {
        onMessage: (replies) => this.#replies(replies),
        onFailure: (error) => this.#fail(error),
      }, {
        timekeeper: true,
        using: [
          libcDatagramSockets,
          requestRingReader,
          phaseOf,
          byPhase,
          preciseSleep,
          pacingWindow,
          threadReplies,
          packRecord,
        ],
      });
      if (this.#wake === null) this.#wake = WakeSignal.open();
      if (this.#wake) {
        this.#ring = new RequestRing(RING_BYTES);
        this.#overflow = [];
        // Before anything else, so that every later request goes by the ring.
        const buffer = this.#ring.buffer;
        this.#worker.postMessage([{ op: "ring", buffer, wake: this.#wake.fd }]);
      }
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
        case "source": {
          const [hostname, port] = "name" in reply
            ? [addressOf(reply.name), (reply.name[2] << 8) | reply.name[3]]
            : [reply.hostname, reply.port];
          this.#sockets.get(reply.id)?.source(reply.source, hostname, port);
          break;
        }
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
        case "opened":
          this.#descriptors.opened(reply.fds);
          break;
        case "bound":
          if (reply.fd !== undefined) this.#descriptors.bound(reply.id, reply.fd);
          this.#binding.get(reply.id)?.resolve(reply.port);
          this.#binding.delete(reply.id);
          break;
        case "readable":
          this.#watches.get(reply.id)?.arrived();
          break;
        case "watched":
          this.#watching.get(reply.id)?.resolve(reply.ok);
          this.#watching.delete(reply.id);
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
    if (this.#watches.size > 0 || this.#watching.size > 0) return;
    if (this.#outbox.length > 0 || this.#used > 0 || this.#overflow.length > 0) return;
    const worker = this.#worker;
    if (worker && this.#ring) {
      // The thread closes its wait set and ends itself; the timer is a backstop.
      this.#ring.control({ op: "stop" });
      this.#wake!.signal();
      worker.onmessage = null;
      worker.onerror = (event) => event.preventDefault();
      Deno.unrefTimer(setTimeout(() => worker.terminate(), STOP_BACKSTOP_MS));
    } else worker?.terminate();
    this.#descriptors.stopped();
    this.#worker = undefined;
    this.#ring = undefined;
    this.pacing = undefined;
    this.#awake.stop();
  }

  #fail(error: Error): void {
    console.error(error.message);
    this.#awake.stop();
    this.#worker?.terminate();
    this.#descriptors.abandon();
    this.#worker = undefined;
    this.#ring = undefined;
    this.#overflow = [];
    for (const waiter of [...this.#binding.values(), ...this.#requests.values()]) {
      waiter.reject(error);
    }
    this.#binding.clear();
    this.#requests.clear();
    for (const watching of this.#watching.values()) watching.resolve(false);
    this.#watching.clear();
    for (const socket of this.#sockets.values()) socket.lost();
    this.#sockets.clear();
    for (const listener of this.#watches.values()) listener.lost();
    this.#watches.clear();
  }
}
