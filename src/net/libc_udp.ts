/**
 * A UDP socket driven through the C library, for the SIP port. A send goes to the kernel
 * the moment it is made (`sendto(2)` with `MSG_DONTWAIT`, so the caller never blocks) and
 * so leaves in the order made. Where the media socket thread runs, it tells this thread
 * of arrivals and `recvmmsg(2)` reads them here without waiting (decision 051); otherwise
 * receiving is one blocking `recvmmsg(2)` at a time on a runtime thread (a non-blocking
 * FFI call), which hands over every datagram waiting.
 *
 * Why not `node:dgram`: this runtime sends a `node:dgram` datagram only when the event loop
 * next polls, and a burst in reverse order, so sending in order cost one loop turn per
 * datagram. Behind busy turns a 200 OK waited for every datagram queued ahead of it: at 100
 * calls/s that was 6–9 ms of a 30 ms INVITE→200 p99 on the wire (decision 045).
 *
 * Linux with glibc on a 64-bit machine only (the struct layouts below are LP64 Linux);
 * {@link libcUdpAvailable} says whether it can be used, and callers fall back to
 * `node:dgram` elsewhere.
 *
 * @module
 */

import { addressOf, familyOf, sockaddrFor } from "./socket_address.ts";

const AF_INET6 = 10;
const SOCK_DGRAM = 2;
const SOCK_CLOEXEC = 0o2000000;
const SOL_SOCKET = 1;
const SO_SNDBUF = 7;
const SO_RCVBUF = 8;
const SO_SNDBUFFORCE = 32;
const SO_RCVBUFFORCE = 33;
const SO_RCVTIMEO = 20;
const SO_TIMESTAMPNS = 35;
const CLOCK_REALTIME = 0;
const IPPROTO_IPV6 = 41;
const IPV6_V6ONLY = 26;
const MSG_DONTWAIT = 0x40;
const EFD_NONBLOCK = 0o4000;
const MSG_TRUNC = 0x20;
const MSG_WAITFORONE = 0x10000;
const SHUT_RDWR = 2;
const EADDRINUSE = 98;

/** Datagrams one receive call can take; each slot holds the largest UDP payload. */
const SLOTS = 16;
const SLOT_BYTES = 65_536;
/** `struct mmsghdr` (a `struct msghdr` and the length received) and `struct iovec`. */
const MMSGHDR_BYTES = 64;
const IOVEC_BYTES = 16;
const SOCKADDR_BYTES = 28;
/** Room for one `SCM_TIMESTAMPNS` control message (a `struct timespec`) per datagram. */
const CONTROL_BYTES = 64;
/** A blocked receive wakes this often to see whether the socket was closed under it. */
const RECEIVE_TIMEOUT_MS = 1000;
/** Receive calls failing at once, in a row, that end receiving (an interrupted call is rare). */
const FAST_FAILURE_LIMIT = 100;
/** Reads per arrival notice before the rest waits for a later turn: a flood must not hold the loop. */
const DRAIN_READS = 8;
/** Socket buffers: a burst of INVITEs must wait in the kernel, not be dropped there. */
const BUFFER_BYTES = 4 << 20;

const SYMBOLS = {
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
  bind: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  getsockname: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
  sendto: { parameters: ["i32", "buffer", "usize", "i32", "buffer", "u32"], result: "isize" },
  recvmmsg: {
    parameters: ["i32", "buffer", "u32", "i32", "pointer"],
    result: "i32",
    nonblocking: true,
  },
  // The same call made on this thread: with MSG_DONTWAIT it returns at once.
  recvmmsgNow: {
    name: "recvmmsg",
    parameters: ["i32", "buffer", "u32", "i32", "pointer"],
    result: "i32",
  },
  shutdown: { parameters: ["i32", "i32"], result: "i32" },
  clock_gettime: { parameters: ["i32", "buffer"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  eventfd: { parameters: ["u32", "i32"], result: "i32" },
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  __errno_location: { parameters: [], result: "pointer" },
} as const;

type Libc = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];
let libc: Libc | undefined;
let unavailable: string | undefined;

function openLibc(): Libc | undefined {
  if (libc || unavailable) return libc;
  if (Deno.build.os !== "linux" || !["x86_64", "aarch64"].includes(Deno.build.arch)) {
    unavailable = "the C library's sockets are used on 64-bit Linux only";
    return undefined;
  }
  try {
    libc = Deno.dlopen("libc.so.6", SYMBOLS).symbols;
  } catch (error) {
    unavailable = error instanceof Error ? error.message : String(error);
  }
  return libc;
}

/**
 * Closes descriptors another thread opened and can no longer close: the media socket
 * thread's sockets and wait set once that thread has failed. Descriptors belong to the
 * process, so a dead thread's stay open, holding their ports, until someone closes them.
 */
export function closeDescriptors(fds: Iterable<number>): void {
  const lib = openLibc();
  if (!lib) return;
  for (const fd of fds) if (fd >= 0) lib.close(fd);
}

/** Whether {@link LibcUdpSocket} can be used here, or why not. */
export function libcUdpAvailable(): true | { reason: string } {
  return openLibc() ? true : { reason: unavailable ?? "the C library could not be opened" };
}

function errno(lib: Libc): number {
  const at = lib.__errno_location();
  return at ? new Deno.UnsafePointerView(at).getInt32() : 0;
}

/**
 * Receives datagrams with their source address and port, and how long each waited from
 * its arrival (the kernel's stamp) until it is handed to the listener, in ms: the time a
 * busy event loop, and the datagrams ahead of it in its batch, kept it waiting, which no
 * stamp taken on reading can show.
 */
export type LibcDatagramListener = (
  bytes: Uint8Array,
  address: string,
  port: number,
  waitedMs: number,
) => void;

/**
 * Has another thread tell `listener` whenever datagrams arrive on `fd`; resolves to the
 * function that stops it, or undefined where it cannot (see `watchOnSocketThread`).
 */
export type ArrivalWatch = (
  fd: number,
  listener: { arrived(): void; lost(): void },
) => Promise<(() => Promise<void>) | undefined>;

/**
 * A bound UDP socket. `send` is synchronous and never blocks; received datagrams reach the
 * listener given to {@link LibcUdpSocket.bind}, a batch per event-loop turn.
 */
export class LibcUdpSocket {
  /** Datagrams the kernel would not take at once (send buffer full) or could not send. */
  sendErrors = 0;
  /** Datagrams dropped on receipt because they were longer than a UDP payload can be. */
  truncated = 0;
  readonly #lib: Libc;
  readonly #fd: number;
  readonly #family: number;
  readonly #listener: LibcDatagramListener;
  readonly #slots = new Uint8Array(SLOTS * SLOT_BYTES);
  readonly #names = new Uint8Array(SLOTS * SOCKADDR_BYTES);
  readonly #headers = new Uint8Array(SLOTS * MMSGHDR_BYTES);
  readonly #headerView = new DataView(this.#headers.buffer);
  readonly #iovecs = new Uint8Array(SLOTS * IOVEC_BYTES);
  readonly #controls = new Uint8Array(SLOTS * CONTROL_BYTES);
  readonly #controlView = new DataView(this.#controls.buffer);
  readonly #now = new BigInt64Array(2);
  readonly #destinations = new Map<string, Uint8Array>();
  #closed = false;
  #receiving: Promise<void> | undefined;
  /** Stops the other thread's watch, when arrivals are told rather than waited for. */
  #unwatch: (() => Promise<void>) | undefined;
  #drainQueued = false;

  private constructor(
    lib: Libc,
    fd: number,
    family: number,
    readonly port: number,
    listener: LibcDatagramListener,
  ) {
    this.#lib = lib;
    this.#fd = fd;
    this.#family = family;
    this.#listener = listener;
    const pointer = (b: Uint8Array) => BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(b)));
    const slots = pointer(this.#slots);
    const names = pointer(this.#names);
    const iovecs = pointer(this.#iovecs);
    const controls = pointer(this.#controls);
    const iov = new DataView(this.#iovecs.buffer);
    for (let i = 0; i < SLOTS; i++) {
      iov.setBigUint64(i * IOVEC_BYTES, slots + BigInt(i * SLOT_BYTES), true);
      iov.setBigUint64(i * IOVEC_BYTES + 8, BigInt(SLOT_BYTES), true);
      const at = i * MMSGHDR_BYTES;
      this.#headerView.setBigUint64(at, names + BigInt(i * SOCKADDR_BYTES), true); // msg_name
      this.#headerView.setBigUint64(at + 16, iovecs + BigInt(i * IOVEC_BYTES), true); // msg_iov
      this.#headerView.setBigUint64(at + 24, 1n, true); // msg_iovlen
      this.#headerView.setBigUint64(at + 32, controls + BigInt(i * CONTROL_BYTES), true);
    }
  }

  /**
   * Binds `address:port` (an IPv6 address binds both families, as `node:dgram` does) and
   * starts receiving. Rejects with `code` `EADDRINUSE` when the port is taken.
   */
  static bind(address: string, port: number, listener: LibcDatagramListener): LibcUdpSocket {
    const socket = LibcUdpSocket.#bound(address, port, listener);
    socket.#receiving = socket.#receiveLoop();
    return socket;
  }

  /**
   * Binds as {@link bind} does, but where `watch` can tell it of arrivals the socket is
   * read on this thread when told, without waiting: no runtime thread then blocks in a
   * receive call for it, and no wake-up of one stands between a datagram and the event
   * loop (decision 051). Where it cannot, or once the watch is lost, it receives as
   * {@link bind} does.
   */
  static async open(
    address: string,
    port: number,
    listener: LibcDatagramListener,
    watch: ArrivalWatch,
  ): Promise<LibcUdpSocket> {
    const socket = LibcUdpSocket.#bound(address, port, listener);
    const unwatch = await watch(socket.#fd, {
      arrived: () => socket.#drain(),
      lost: () => {
        if (socket.#closed || !socket.#unwatch) return;
        socket.#unwatch = undefined;
        socket.#receiving = socket.#receiveLoop();
      },
    }).catch(() => undefined);
    if (unwatch) {
      socket.#unwatch = unwatch;
      // Whatever came before the watch began makes no edge of its own.
      socket.#drain();
    } else socket.#receiving = socket.#receiveLoop();
    return socket;
  }

  /** Whether arrivals are told by another thread rather than waited for in a receive call. */
  get told(): boolean {
    return this.#unwatch !== undefined;
  }

  static #bound(address: string, port: number, listener: LibcDatagramListener): LibcUdpSocket {
    const lib = openLibc();
    if (!lib) throw new Error(`UDP through the C library is not available: ${unavailable}`);
    const family = familyOf(address);
    const fd = lib.socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw new Error(`Could not open a UDP socket (errno ${errno(lib)})`);
    const int = (value: number) => new Int32Array([value]);
    // The plain options are capped by net.core.rmem_max / wmem_max (about 208 kB here);
    // where the process may (CAP_NET_ADMIN), the forced ones are not.
    if (lib.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, int(BUFFER_BYTES), 4) !== 0) {
      lib.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, int(BUFFER_BYTES), 4);
    }
    if (lib.setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, int(BUFFER_BYTES), 4) !== 0) {
      lib.setsockopt(fd, SOL_SOCKET, SO_SNDBUF, int(BUFFER_BYTES), 4);
    }
    const timeout = new BigInt64Array([0n, BigInt(RECEIVE_TIMEOUT_MS * 1000)]);
    lib.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, 16);
    lib.setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, int(1), 4);
    if (family === AF_INET6) lib.setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, int(0), 4);
    const name = sockaddrFor(address, port, family);
    if (!name) {
      lib.close(fd);
      throw new Error(`${address} is not an IP address to bind`);
    }
    if (lib.bind(fd, name, name.length) !== 0) {
      const code = errno(lib);
      lib.close(fd);
      if (code === EADDRINUSE) {
        throw Object.assign(new Error(`UDP port ${port} is in use`), { code: "EADDRINUSE" });
      }
      throw new Error(`Could not bind UDP ${address}:${port} (errno ${code})`);
    }
    lib.getsockname(fd, name, new Uint32Array([name.length]));
    const bound = new DataView(name.buffer).getUint16(2, false);
    return new LibcUdpSocket(lib, fd, family, bound, listener);
  }

  /**
   * Hands a datagram to the kernel now; false when it could not be sent (an address of the
   * other family, a full send buffer).
   */
  send(bytes: Uint8Array, port: number, address: string): boolean {
    if (this.#closed) return false;
    const key = `${address}|${port}`;
    let to = this.#destinations.get(key);
    if (!to) {
      const made = sockaddrFor(address, port, this.#family);
      if (!made) {
        this.sendErrors++;
        return false;
      }
      // Peers are few (trunks, phones); a spray of sources must not grow this for good.
      if (this.#destinations.size >= 1024) this.#destinations.clear();
      this.#destinations.set(key, to = made);
    }
    const sent = this.#lib.sendto(
      this.#fd,
      bytes,
      BigInt(bytes.length),
      MSG_DONTWAIT,
      to,
      to.length,
    );
    if (Number(sent) !== bytes.length) {
      this.sendErrors++;
      return false;
    }
    return true;
  }

  async #receiveLoop(): Promise<void> {
    let fastFailures = 0;
    while (!this.#closed) {
      this.#prepareSlots();
      const calledAt = performance.now();
      const got = await this.#lib.recvmmsg(this.#fd, this.#headers, SLOTS, MSG_WAITFORONE, null);
      if (this.#closed) return;
      if (got < 0) {
        // The call ran on another thread, whose errno cannot be read from here. Its
        // receive timeout (EAGAIN) comes after RECEIVE_TIMEOUT_MS; a run of failures much
        // sooner means the socket is unusable (closed from elsewhere): stop, not spin.
        if (performance.now() - calledAt > RECEIVE_TIMEOUT_MS / 2) fastFailures = 0;
        else if (++fastFailures >= FAST_FAILURE_LIMIT) return;
        continue;
      }
      fastFailures = 0;
      this.#deliver(got);
    }
  }

  /**
   * Reads what is waiting, without blocking, until the socket is empty. Past
   * {@link DRAIN_READS} full reads the rest waits for the next turn of the event loop.
   */
  #drain(): void {
    for (let reads = 0; reads < DRAIN_READS; reads++) {
      if (this.#closed) return;
      this.#prepareSlots();
      const got = this.#lib.recvmmsgNow(this.#fd, this.#headers, SLOTS, MSG_DONTWAIT, null);
      if (got <= 0) return;
      this.#deliver(got);
      if (got < SLOTS) return;
    }
    if (this.#drainQueued) return;
    this.#drainQueued = true;
    setTimeout(() => {
      this.#drainQueued = false;
      this.#drain();
    }, 0);
  }

  #prepareSlots(): void {
    const view = this.#headerView;
    for (let i = 0; i < SLOTS; i++) {
      // The kernel writes back the lengths of the name and control data and the flags.
      view.setUint32(i * MMSGHDR_BYTES + 8, SOCKADDR_BYTES, true);
      view.setBigUint64(i * MMSGHDR_BYTES + 40, BigInt(CONTROL_BYTES), true);
      view.setInt32(i * MMSGHDR_BYTES + 48, 0, true);
    }
  }

  /** Hands the `got` datagrams just read to the listener, in order. */
  #deliver(got: number): void {
    const view = this.#headerView;
    this.#lib.clock_gettime(CLOCK_REALTIME, this.#now);
    const readNs = this.#now[0] * 1_000_000_000n + this.#now[1];
    const readAt = performance.now();
    for (let i = 0; i < got; i++) {
      const at = i * MMSGHDR_BYTES;
      const arrivedNs = this.#arrival(i, Number(view.getBigUint64(at + 40, true)));
      const length = view.getUint32(at + 56, true);
      if ((view.getInt32(at + 48, true) & MSG_TRUNC) !== 0) {
        this.truncated++;
        continue;
      }
      const name = this.#names.subarray(i * SOCKADDR_BYTES, (i + 1) * SOCKADDR_BYTES);
      const bytes = this.#slots.slice(i * SLOT_BYTES, i * SLOT_BYTES + length);
      try {
        // Up to this datagram's turn in the batch: the ones before it took time too.
        const waitedMs = arrivedNs === undefined
          ? 0
          : Math.max(0, Number(readNs - arrivedNs) / 1e6 + performance.now() - readAt);
        this.#listener(bytes, addressOf(name), (name[2] << 8) | name[3], waitedMs);
      } catch {
        // One listener failure must not end receiving for everyone else.
      }
    }
  }

  /** The kernel's arrival stamp of slot `i` (ns, wall clock), if it wrote one. */
  #arrival(i: number, controlLength: number): bigint | undefined {
    const at = i * CONTROL_BYTES;
    const c = this.#controlView;
    // struct cmsghdr: length (8 bytes), level, type, then the struct timespec.
    if (controlLength < 32 || c.getInt32(at + 8, true) !== SOL_SOCKET) return undefined;
    if (c.getInt32(at + 12, true) !== SO_TIMESTAMPNS) return undefined;
    return c.getBigInt64(at + 16, true) * 1_000_000_000n + c.getBigInt64(at + 24, true);
  }

  /** Stops receiving and closes the socket; resolves once the receive call has returned. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // The watching thread lets go before the descriptor's number can be given to another.
    const unwatch = this.#unwatch;
    this.#unwatch = undefined;
    await unwatch?.();
    // Wakes the blocked receive (it returns at once) so the descriptor is not closed under it.
    this.#lib.shutdown(this.#fd, SHUT_RDWR);
    await this.#receiving;
    this.#lib.close(this.#fd);
  }
}

/**
 * An `eventfd(2)` another thread waits on in the kernel beside its sockets: the media
 * socket thread, which then reads the message just posted to it at once rather than at
 * its next alarm.
 */
export class WakeSignal {
  readonly #lib: Libc;
  readonly #one = new BigUint64Array([1n]);

  private constructor(lib: Libc, readonly fd: number) {
    this.#lib = lib;
  }

  /** Opens one, or undefined where the C library's sockets are not available. */
  static open(): WakeSignal | undefined {
    const lib = openLibc();
    const fd = lib?.eventfd(0, SOCK_CLOEXEC | EFD_NONBLOCK) ?? -1;
    return lib && fd >= 0 ? new WakeSignal(lib, fd) : undefined;
  }

  signal(): void {
    this.#lib.write(this.fd, this.#one, 8n);
  }
}
