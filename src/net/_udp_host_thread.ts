/**
 * The body of the UDP host thread (see `_udp_host.ts`). It runs from its own source text
 * in a worker, so it imports nothing and uses only what the runtime gives every worker.
 *
 * Datagrams cross the thread boundary packed, many to a buffer: each record is a 4-byte
 * socket id, a 2-byte address index (the destination when sending, the source when
 * receiving) and a 2-byte length, then the bytes. Addresses are sent once per socket and
 * then named by index, so no string crosses per packet.
 *
 * @module
 */

/** Runs inside the worker; only its source text is used. */
export function udpHostThread(): void {
  const HEADER = 8;
  const BATCH = 16 * 1024;
  const RECEIVE_BUFFER = 2048;
  const QUEUE_LIMIT = 256;
  // Received datagrams wait this long for company: fewer, fuller messages to the main
  // thread, at a few milliseconds of delay that nobody hears.
  const GATHER_MS = 4;
  /** More distinct sources than this on one socket (a spray) restart its numbering. */
  const SOURCE_LIMIT = 256;
  /** Spread sends leave in phases this far apart. */
  const PHASE_MS = 2;
  /** How early a timer is asked to fire before a send, and the longest precise sleep. */
  const TIMER_EARLY_MS = 1.2;
  const SLEEP_MS = 2.5;

  interface NetAddr {
    transport: "udp";
    hostname: string;
    port: number;
  }
  interface Conn {
    receive(buffer: Uint8Array): Promise<[Uint8Array, NetAddr]>;
    send(bytes: Uint8Array, to: NetAddr): Promise<number>;
    close(): void;
    readonly addr: NetAddr;
  }
  interface Socket {
    id: number;
    conn: Conn;
    dests: NetAddr[];
    sources: Map<string, number>;
    queue: [Uint8Array, NetAddr][];
    sending: boolean;
    errors: number;
    reported: number;
    closed: boolean;
    closeReq: number | undefined;
    idleReqs: number[];
    receiving: Promise<void> | undefined;
  }
  // deno-lint-ignore no-explicit-any
  type Request = any;

  const scope = self as unknown as {
    onmessage: (event: MessageEvent<Request[]>) => void;
    postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  };
  const listen = (Deno as unknown as {
    listenDatagram(options: { transport: "udp"; hostname: string; port: number }): Conn;
  }).listenDatagram;
  const sockets = new Map<number, Socket>();
  /** Batches waiting for their send time, earliest first. */
  const scheduled: { at: number; bytes: Uint8Array; then: (() => void)[] }[] = [];
  let wakeAt = Infinity;
  // Lateness of each paced batch's departure (ms), over a window, reported every second.
  const lateness = new Float64Array(3000);
  let latenessCount = 0;
  let lastPacedAt = 0;
  let pacedBatches = 0;
  let reportedBatches = 0;
  const epochNow = () => performance.timeOrigin + performance.now();
  const sleepMs = preciseSleep();
  let replies: unknown[] = [];
  let transfer: ArrayBuffer[] = [];
  const batch = new Uint8Array(BATCH);
  let used = 0;
  let flushQueued = false;
  let flushSoon = false;

  function schedule(): void {
    if (flushQueued) return;
    flushQueued = true;
    // A timer rather than a microtask, so datagrams that arrive together go together.
    setTimeout(() => {
      flushQueued = false;
      flush();
    }, GATHER_MS);
  }

  /** Answers to requests go at the end of this turn: binds and closes wait on them. */
  function scheduleSoon(): void {
    if (flushSoon) return;
    flushSoon = true;
    queueMicrotask(() => {
      flushSoon = false;
      flush();
    });
  }

  function seal(): void {
    if (used === 0) return;
    // A copy of just what arrived goes over, and the batch is filled again: the main
    // thread counts every buffer it is handed towards its next full garbage collection,
    // so it gets as few bytes as there are, not a whole batch buffer each time.
    const bytes = batch.slice(0, used);
    replies.push({ op: "recv", bytes });
    transfer.push(bytes.buffer);
    used = 0;
  }

  function reply(message: unknown, soon = true): void {
    seal();
    replies.push(message);
    if (soon) scheduleSoon();
    else schedule();
  }

  function flush(): void {
    seal();
    for (const socket of sockets.values()) {
      if (socket.errors === socket.reported) continue;
      socket.reported = socket.errors;
      replies.push({ op: "errors", id: socket.id, errors: socket.errors });
    }
    if (replies.length === 0) return;
    scope.postMessage(replies, transfer);
    replies = [];
    transfer = [];
  }

  function received(socket: Socket, bytes: Uint8Array, from: NetAddr): void {
    const key = `${from.hostname} ${from.port}`;
    let source = socket.sources.get(key);
    if (source === undefined) {
      if (socket.sources.size >= SOURCE_LIMIT) socket.sources.clear();
      source = socket.sources.size;
      socket.sources.set(key, source);
      const { hostname, port } = from;
      reply({ op: "source", id: socket.id, source, hostname, port }, false);
    }
    const length = bytes.length;
    // A full batch goes at once: the main thread handles each message in one go, so
    // messages stay small enough (~90 packets) not to hold it up.
    if (used + HEADER + length > batch.length) flush();
    const id = socket.id;
    batch[used] = id >>> 24;
    batch[used + 1] = (id >>> 16) & 0xff;
    batch[used + 2] = (id >>> 8) & 0xff;
    batch[used + 3] = id & 0xff;
    batch[used + 4] = source >>> 8;
    batch[used + 5] = source & 0xff;
    batch[used + 6] = length >>> 8;
    batch[used + 7] = length & 0xff;
    batch.set(bytes, used + HEADER);
    used += HEADER + length;
    schedule();
  }

  async function receiveLoop(socket: Socket): Promise<void> {
    const buffer = new Uint8Array(RECEIVE_BUFFER);
    while (!socket.closed) {
      let bytes: Uint8Array;
      let from: NetAddr;
      try {
        [bytes, from] = await socket.conn.receive(buffer);
      } catch {
        // Closed under us, or an ICMP error reported on the socket: go on unless closed.
        if (socket.closed) return;
        continue;
      }
      if (!socket.closed) received(socket, bytes, from);
      // A timer can wait behind a run of receptions; a due batch goes out here as well.
      sendDue(false);
    }
  }

  // Sends on one socket go one at a time: a send made while another is in flight may
  // overtake it, which would reorder e.g. the three RFC 4733 end packets.
  function enqueue(socket: Socket, bytes: Uint8Array, to: NetAddr): void {
    if (!socket.sending) return dispatch(socket, bytes, to);
    if (socket.queue.length >= QUEUE_LIMIT) socket.errors++;
    else socket.queue.push([bytes, to]);
  }

  function dispatch(socket: Socket, bytes: Uint8Array, to: NetAddr): void {
    socket.sending = true;
    socket.conn.send(bytes, to).then(
      () => sent(socket),
      () => {
        socket.errors++;
        sent(socket);
      },
    );
  }

  function sent(socket: Socket): void {
    const next = socket.queue.shift();
    if (next) return dispatch(socket, next[0], next[1]);
    socket.sending = false;
    for (const req of socket.idleReqs.splice(0)) reply({ op: "done", req });
    if (socket.closeReq !== undefined) void finishClose(socket);
  }

  async function finishClose(socket: Socket): Promise<void> {
    if (socket.closed) return;
    socket.closed = true;
    try {
      socket.conn.close();
    } catch { /* already closed */ }
    await socket.receiving;
    sockets.delete(socket.id);
    reply({ op: "done", req: socket.closeReq });
  }

  function sendAll(bytes: Uint8Array): void {
    for (let at = 0; at + HEADER <= bytes.length;) {
      const id = ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) |
        bytes[at + 3]) >>> 0;
      const dest = (bytes[at + 4] << 8) | bytes[at + 5];
      const length = (bytes[at + 6] << 8) | bytes[at + 7];
      const payload = bytes.subarray(at + HEADER, at + HEADER + length);
      at += HEADER + length;
      const socket = sockets.get(id);
      const to = socket?.dests[dest];
      if (socket && to && socket.closeReq === undefined) enqueue(socket, payload, to);
    }
  }

  /**
   * A batch with a send time (the media tick it belongs to) waits for it here, so packets
   * leave on time however busy the main thread was while making them. With a spread, each
   * socket's packets leave at their own phase of the period (see {@link phaseOf}) instead
   * of all at once.
   */
  function sendAt(at: number, bytes: Uint8Array, spread: number): void {
    if (spread >= 2 * PHASE_MS) {
      const parts = byPhase(bytes, Math.floor(spread / PHASE_MS));
      for (let k = 0; k < parts.length; k++) {
        if (parts[k]) enqueueBatch(at + k * PHASE_MS, parts[k]!);
      }
    } else enqueueBatch(at, bytes);
    sendDue(false);
    wake();
  }

  function enqueueBatch(at: number, bytes: Uint8Array): void {
    let i = scheduled.length;
    while (i > 0 && scheduled[i - 1].at > at) i--;
    scheduled.splice(i, 0, { at, bytes, then: [] });
  }

  /**
   * Which of `phases` a socket's packets leave in. Consecutive ids land far apart
   * (multiples of the golden ratio, modulo one), so however many calls there are, each
   * phase gets about as many, and a call keeps its phase for as long as it lasts: its
   * packets stay 20 ms apart while the whole load no longer leaves in one burst.
   */
  function phaseOf(id: number, phases: number): number {
    return Math.floor(((id * 0.6180339887498949) % 1) * phases);
  }

  /** The records of `bytes` regrouped by their socket's phase (undefined: none in it). */
  function byPhase(bytes: Uint8Array, phases: number): (Uint8Array | undefined)[] {
    const sizes = new Array<number>(phases).fill(0);
    const order: number[] = [];
    for (let at = 0; at + HEADER <= bytes.length;) {
      const id = ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) |
        bytes[at + 3]) >>> 0;
      const size = HEADER + ((bytes[at + 6] << 8) | bytes[at + 7]);
      const phase = phaseOf(id, phases);
      order.push(phase);
      sizes[phase] += size;
      at += size;
    }
    const parts = sizes.map((size) => (size > 0 ? new Uint8Array(size) : undefined));
    const filled = new Array<number>(phases).fill(0);
    let at = 0;
    for (const phase of order) {
      const size = HEADER + ((bytes[at + 6] << 8) | bytes[at + 7]);
      parts[phase]!.set(bytes.subarray(at, at + size), filled[phase]);
      filled[phase] += size;
      at += size;
    }
    return parts;
  }

  /** Runs `fn` once every batch scheduled so far has been handed to its sockets. */
  function afterScheduled(fn: () => void): void {
    const last = scheduled.at(-1);
    if (last) last.then.push(fn);
    else fn();
  }

  /** Records how far from its time (either way) a batch finished leaving. */
  function paced(at: number): void {
    if (at !== lastPacedAt) {
      lastPacedAt = at;
      pacedBatches++;
    }
    lateness[latenessCount++ % lateness.length] = Math.abs(epochNow() - at);
  }

  /**
   * Sends every batch that is due. From the timer (`precise`), a batch due within
   * {@link SLEEP_MS} is waited for in `clock_nanosleep`, which wakes within tens of
   * microseconds where the runtime's timers wake within a millisecond; any other work
   * that wakes the thread sends only what is already due.
   */
  function sendDue(precise: boolean): void {
    if (scheduled.length === 0) return;
    const wait = scheduled[0].at - epochNow();
    if (wait > 0) {
      if (!precise || !sleepMs || wait > SLEEP_MS) return;
      sleepMs(wait);
    }
    const now = epochNow();
    while (scheduled.length > 0 && scheduled[0].at <= now) {
      const batch = scheduled.shift()!;
      sendAll(batch.bytes);
      paced(batch.at);
      for (const then of batch.then) then();
    }
  }

  function wake(): void {
    const next = scheduled[0]?.at ?? Infinity;
    if (next >= wakeAt) return;
    wakeAt = next;
    // Timers fire up to a millisecond late: aim early and sleep the rest precisely.
    const early = sleepMs ? TIMER_EARLY_MS : 0;
    setTimeout(() => {
      wakeAt = Infinity;
      sendDue(true);
      wake();
    }, Math.max(0, Math.floor(next - epochNow() - early)));
  }

  setInterval(() => {
    if (pacedBatches === reportedBatches) return;
    reportedBatches = pacedBatches;
    const n = Math.min(latenessCount, lateness.length);
    const sorted = lateness.slice(0, n).sort();
    const pick = (q: number) => sorted[Math.min(n - 1, Math.ceil(q * n) - 1)];
    reply({
      op: "pacing",
      stats: { ticks: pacedBatches, p50Ms: pick(0.5), p99Ms: pick(0.99), maxMs: sorted[n - 1] },
    }, false);
  }, 1000);

  /**
   * `clock_nanosleep(2)` through FFI, or undefined where the library or the permission is
   * missing (the timers alone then pace, a millisecond coarser).
   */
  function preciseSleep(): ((ms: number) => void) | undefined {
    const CLOCK_MONOTONIC = 1;
    // The C libraries priority.ts knows (glibc, then musl).
    for (const name of ["libc.so.6", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1"]) {
      try {
        const libc = Deno.dlopen(name, {
          clock_nanosleep: { parameters: ["i32", "i32", "buffer", "pointer"], result: "i32" },
        }).symbols;
        const span = new BigInt64Array(2);
        return (ms: number) => {
          const ns = Math.round(ms * 1e6);
          span[0] = BigInt(Math.floor(ns / 1e9));
          span[1] = BigInt(ns % 1e9);
          libc.clock_nanosleep(CLOCK_MONOTONIC, 0, span, null);
        };
      } catch {
        // Not this library, or FFI not permitted: try the next, else pace on timers alone.
      }
    }
    return undefined;
  }

  function bind(id: number, hostname: string, port: number): void {
    let conn: Conn;
    try {
      conn = listen({ transport: "udp", hostname, port });
    } catch (error) {
      const code = (error as Error).name === "AddrInUse" ? "EADDRINUSE" : "EBIND";
      reply({ op: "bindFailed", id, code, message: String((error as Error).message) });
      return;
    }
    const socket: Socket = {
      id,
      conn,
      dests: [],
      sources: new Map(),
      queue: [],
      sending: false,
      errors: 0,
      reported: 0,
      closed: false,
      closeReq: undefined,
      idleReqs: [],
      receiving: undefined,
    };
    sockets.set(id, socket);
    socket.receiving = receiveLoop(socket);
    reply({ op: "bound", id, port: conn.addr.port });
  }

  scope.onmessage = (event) => {
    sendDue(false);
    for (const request of event.data) {
      const socket = sockets.get(request.id);
      switch (request.op) {
        case "send":
          if (request.at > 0) sendAt(request.at, request.bytes, request.spread ?? 0);
          else sendAll(request.bytes);
          break;
        case "dest":
          if (socket) {
            socket.dests[request.dest] = {
              transport: "udp",
              hostname: request.hostname,
              port: request.port,
            };
          }
          break;
        case "bind":
          bind(request.id, request.address, request.port);
          break;
        case "resetPacing":
          latenessCount = 0;
          break;
        // Idle and close wait for the packets already made for coming ticks.
        case "idle":
          afterScheduled(() => {
            if (socket?.sending) socket.idleReqs.push(request.req);
            else reply({ op: "done", req: request.req });
          });
          break;
        case "close":
          if (!socket) reply({ op: "done", req: request.req });
          else {
            afterScheduled(() => {
              socket.closeReq = request.req;
              if (!socket.sending) void finishClose(socket);
            });
          }
          break;
      }
    }
  };
}
