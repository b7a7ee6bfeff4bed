/**
 * The media socket thread's sockets through the C library (decision 046). The thread
 * waits in the kernel, on itself at its real-time priority: one `epoll_wait(2)` for every
 * socket, a `timerfd` alarm set to the next phase's time to the microsecond, and an
 * `eventfd` the main thread signals when it has written requests. Reads are drained with
 * `recvmmsg(2)`, and each packet is handed to the kernel by `sendto(2)` the moment its
 * phase is due. With the runtime's sockets and timers instead, a phase's wake-up came 1
 * ms late at the median and 3 ms at p99 at 300 calls, and each packet was an operation
 * completed on a later turn of the thread's event loop.
 *
 * This function's source text runs inside the socket thread (see `threadFromSource`), so
 * it imports nothing and uses only what the runtime gives every worker. Linux with glibc
 * on a 64-bit machine only (the struct layouts are LP64 Linux); elsewhere, or without FFI,
 * it returns undefined and the thread uses the runtime's sockets and timers.
 *
 * @module
 */

/** What the socket thread needs of its C-library sockets. */
export interface LibcDatagramSockets {
  /**
   * The receive buffers, which the read's headers point into: held here so that they live
   * as long as the sockets (nothing else in JavaScript refers to some of them).
   */
  readonly buffers: readonly Uint8Array[];
  /**
   * Opens the wait set and its alarm, watching `wakeFd` (an `eventfd(2)` the main thread
   * signals after each message it sends) beside the sockets; false where it cannot.
   * Opening an open set does nothing.
   */
  open(wakeFd: number): boolean;
  /** Closes the wait set and the alarm (once the last socket has closed). */
  dispose(): void;
  /** The wait set's and the alarm's descriptors while open, for the main thread to hold. */
  waitSetDescriptors(): number[];
  /** Binds a non-blocking socket to `name` (a `struct sockaddr`) and watches it as `id`. */
  bind(
    name: Uint8Array,
    id: number,
  ): { fd: number; port: number } | { code: "EADDRINUSE" | "EBIND"; message: string };
  /** Hands a datagram to the kernel now; false when it would not take it. */
  send(fd: number, bytes: Uint8Array, to: Uint8Array): boolean;
  /** Stops watching `fd` and closes it. */
  close(fd: number): void;
  /**
   * Watches another thread's socket `fd` as `id`, edge-triggered: a wait reports it once
   * for each arrival since the wait before, and never reads it. False where it cannot.
   */
  watchArrivals(fd: number, id: number): boolean;
  /** Stops watching another thread's socket, leaving it open. */
  unwatch(fd: number): void;
  /**
   * Blocks this thread until a watched socket has datagrams waiting, the main thread
   * signals, the alarm goes off or `timeoutMs` (whole ms) passes; the ids of the sockets
   * ready. The signal (see {@link LibcDatagramSockets.signals}) and the alarm are cleared.
   */
  wait(timeoutMs: number): number[];
  /** How many times the main thread had signalled, as read by the last wait. */
  readonly signals: number;
  /**
   * Sets the alarm to go off `inMs` from now (sub-millisecond, one at a time). The kernel
   * keeps the time: the runtime's timers fire about 1 ms late at the median and 3 ms at
   * p99 on a busy box (decision 046).
   */
  alarm(inMs: number): void;
  /**
   * Reads every datagram waiting on `fd` without blocking, giving each with its source's
   * `struct sockaddr`; both views are valid only during the call.
   */
  drain(fd: number, each: (bytes: Uint8Array, from: Uint8Array) => void): void;
}

/** The C library's sockets for the socket thread, or undefined where they cannot be had. */
export function libcDatagramSockets(): LibcDatagramSockets | undefined {
  if (Deno.build.os !== "linux") return undefined;
  const arch = Deno.build.arch;
  if (arch !== "x86_64" && arch !== "aarch64") return undefined;
  const SOCK_DGRAM = 2;
  const SOCK_NONBLOCK = 0o4000;
  const SOCK_CLOEXEC = 0o2000000;
  const IPPROTO_IPV6 = 41;
  const IPV6_V6ONLY = 26;
  const AF_INET6 = 10;
  const MSG_DONTWAIT = 0x40;
  const MSG_TRUNC = 0x20;
  const EADDRINUSE = 98;
  const EPOLL_CTL_ADD = 1;
  const EPOLL_CTL_DEL = 2;
  const EPOLLIN = 1;
  const EPOLLET = 1 << 31;
  const CLOCK_MONOTONIC = 1;
  const TFD_NONBLOCK = 0o4000;
  const TFD_CLOEXEC = 0o2000000;
  const TFD_TIMER_ABSTIME = 1;
  /** The alarm's and the signal's ids among the sockets' (which start at 1). */
  const ALARM_ID = 0;
  const WAKE_ID = 0xffffffff;
  // struct epoll_event is packed on x86-64 (12 bytes) and naturally aligned elsewhere.
  const EVENT_BYTES = arch === "x86_64" ? 12 : 16;
  const EVENT_DATA_AT = arch === "x86_64" ? 4 : 8;
  const EVENTS = 256;
  /** Datagrams one read takes; media packets fit a slot, anything longer is dropped. */
  const SLOTS = 32;
  const SLOT_BYTES = 2048;
  const NAME_BYTES = 28;
  const MMSGHDR_BYTES = 64;
  const IOVEC_BYTES = 16;

  const open = () =>
    Deno.dlopen("libc.so.6", {
      socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
      setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
      bind: { parameters: ["i32", "buffer", "u32"], result: "i32" },
      getsockname: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
      sendto: {
        parameters: ["i32", "buffer", "usize", "i32", "buffer", "u32"],
        result: "isize",
      },
      recvmmsg: { parameters: ["i32", "buffer", "u32", "i32", "pointer"], result: "i32" },
      epoll_create1: { parameters: ["i32"], result: "i32" },
      epoll_ctl: { parameters: ["i32", "i32", "i32", "buffer"], result: "i32" },
      epoll_wait: { parameters: ["i32", "buffer", "i32", "i32"], result: "i32" },
      close: { parameters: ["i32"], result: "i32" },
      read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
      timerfd_create: { parameters: ["i32", "i32"], result: "i32" },
      timerfd_settime: { parameters: ["i32", "i32", "buffer", "pointer"], result: "i32" },
      clock_gettime: { parameters: ["i32", "buffer"], result: "i32" },
      __errno_location: { parameters: [], result: "pointer" },
    }).symbols;
  let c: ReturnType<typeof open>;
  try {
    c = open();
  } catch {
    // No such library, or FFI not permitted.
    return undefined;
  }
  let epoll = -1;
  let alarm = -1;
  let wake = -1;

  const errno = () => {
    const at = c.__errno_location();
    return at ? new Deno.UnsafePointerView(at).getInt32() : 0;
  };
  const address = (b: Uint8Array) => BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(b)));
  const slots = new Uint8Array(SLOTS * SLOT_BYTES);
  const names = new Uint8Array(SLOTS * NAME_BYTES);
  const headers = new Uint8Array(SLOTS * MMSGHDR_BYTES);
  const headerView = new DataView(headers.buffer);
  const iovecs = new Uint8Array(SLOTS * IOVEC_BYTES);
  const iovecView = new DataView(iovecs.buffer);
  for (let i = 0; i < SLOTS; i++) {
    iovecView.setBigUint64(i * IOVEC_BYTES, address(slots) + BigInt(i * SLOT_BYTES), true);
    iovecView.setBigUint64(i * IOVEC_BYTES + 8, BigInt(SLOT_BYTES), true);
    const at = i * MMSGHDR_BYTES;
    headerView.setBigUint64(at, address(names) + BigInt(i * NAME_BYTES), true); // msg_name
    headerView.setBigUint64(at + 16, address(iovecs) + BigInt(i * IOVEC_BYTES), true);
    headerView.setBigUint64(at + 24, 1n, true); // msg_iovlen
  }
  const events = new Uint8Array(EVENTS * EVENT_BYTES);
  const eventView = new DataView(events.buffer);
  const one = new Uint8Array(EVENT_BYTES);
  const oneView = new DataView(one.buffer);
  const watch = (fd: number, id: number, events = EPOLLIN) => {
    oneView.setUint32(0, events >>> 0, true);
    oneView.setBigUint64(EVENT_DATA_AT, BigInt(id), true);
    return c.epoll_ctl(epoll, EPOLL_CTL_ADD, fd, one) === 0;
  };
  const now = new BigInt64Array(2);
  // struct itimerspec: the interval (zero: once), then the time it goes off.
  const setting = new BigInt64Array(4);
  const counter = new BigUint64Array(1);
  let signals = 0;

  return {
    buffers: [slots, names, iovecs],

    open(wakeFd) {
      if (epoll >= 0) return true;
      epoll = c.epoll_create1(SOCK_CLOEXEC);
      alarm = c.timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
      wake = wakeFd;
      if (epoll >= 0 && alarm >= 0 && watch(alarm, ALARM_ID) && watch(wake, WAKE_ID)) return true;
      this.dispose();
      return false;
    },

    waitSetDescriptors() {
      return [epoll, alarm].filter((fd) => fd >= 0);
    },

    dispose() {
      if (alarm >= 0) c.close(alarm);
      if (epoll >= 0) c.close(epoll);
      epoll = alarm = wake = -1;
    },

    bind(name, id) {
      const family = name[0] | (name[1] << 8);
      const fd = c.socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (fd < 0) {
        return { code: "EBIND", message: `Could not open a UDP socket (errno ${errno()})` };
      }
      // An IPv6 address takes both families, as the runtime's sockets do.
      if (family === AF_INET6) c.setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, new Int32Array(1), 4);
      if (c.bind(fd, name, name.length) !== 0) {
        const code = errno();
        c.close(fd);
        if (code === EADDRINUSE) return { code: "EADDRINUSE", message: "The UDP port is in use" };
        return { code: "EBIND", message: `Could not bind the UDP port (errno ${code})` };
      }
      const bound = name.slice();
      c.getsockname(fd, bound, new Uint32Array([bound.length]));
      if (!watch(fd, id)) {
        const code = errno();
        c.close(fd);
        return { code: "EBIND", message: `Could not watch the UDP socket (errno ${code})` };
      }
      return { fd, port: (bound[2] << 8) | bound[3] };
    },

    send(fd, bytes, to) {
      const sent = c.sendto(fd, bytes, BigInt(bytes.length), MSG_DONTWAIT, to, to.length);
      return Number(sent) === bytes.length;
    },

    close(fd) {
      c.epoll_ctl(epoll, EPOLL_CTL_DEL, fd, one);
      c.close(fd);
    },

    watchArrivals(fd, id) {
      return epoll >= 0 && watch(fd, id, EPOLLIN | EPOLLET);
    },

    unwatch(fd) {
      c.epoll_ctl(epoll, EPOLL_CTL_DEL, fd, one);
    },

    get signals() {
      return signals;
    },

    wait(timeoutMs) {
      signals = 0;
      // A failed wait (EINTR) is an empty one: the caller waits again.
      const n = c.epoll_wait(epoll, events, EVENTS, Math.max(0, Math.ceil(timeoutMs)));
      const ids: number[] = [];
      for (let i = 0; i < n; i++) {
        const id = Number(eventView.getBigUint64(i * EVENT_BYTES + EVENT_DATA_AT, true));
        // Read, or the alarm or the signal stays readable and every wait returns at once.
        if (id === ALARM_ID) c.read(alarm, counter, 8n);
        else if (id !== WAKE_ID) ids.push(id);
        else if (Number(c.read(wake, counter, 8n)) === 8) signals = Number(counter[0]);
      }
      return ids;
    },

    alarm(inMs) {
      c.clock_gettime(CLOCK_MONOTONIC, now);
      const at = now[0] * 1_000_000_000n + now[1] + BigInt(Math.max(1000, Math.round(inMs * 1e6)));
      setting[2] = at / 1_000_000_000n;
      setting[3] = at % 1_000_000_000n;
      c.timerfd_settime(alarm, TFD_TIMER_ABSTIME, setting, null);
    },

    drain(fd, each) {
      for (;;) {
        for (let i = 0; i < SLOTS; i++) {
          headerView.setUint32(i * MMSGHDR_BYTES + 8, NAME_BYTES, true);
          headerView.setInt32(i * MMSGHDR_BYTES + 48, 0, true);
        }
        const got = c.recvmmsg(fd, headers, SLOTS, MSG_DONTWAIT, null);
        if (got <= 0) return;
        for (let i = 0; i < got; i++) {
          const at = i * MMSGHDR_BYTES;
          if ((headerView.getInt32(at + 48, true) & MSG_TRUNC) !== 0) continue;
          const length = headerView.getUint32(at + 56, true);
          const nameLength = headerView.getUint32(at + 8, true);
          each(
            slots.subarray(i * SLOT_BYTES, i * SLOT_BYTES + length),
            names.subarray(i * NAME_BYTES, i * NAME_BYTES + nameLength),
          );
        }
        if (got < SLOTS) return;
      }
    },
  };
}
