/**
 * The body of the UDP host thread (see `_udp_host.ts`). It runs from its own source text
 * in a worker, so it imports nothing and uses only what the runtime gives every worker.
 *
 * Datagrams cross the thread boundary packed, many to a buffer: each record is a 4-byte
 * socket id, a 2-byte address index (the destination when sending, the source when
 * receiving) and a 2-byte length, then the bytes. Addresses are sent once per socket and
 * then named by index, so no string crosses per packet.
 *
 * Where the C library's sockets can be had (`_udp_host_libc.ts`, defined beside this body
 * in the thread's source, as are the other `_udp_host_*` helpers) the thread waits in the
 * kernel for its sockets, its next phase and the main thread's requests, which come
 * through shared memory (`_udp_host_ring.ts`); each packet leaves by a system call the
 * moment its phase is due. It also watches sockets of the main thread (the SIP port) and
 * tells it when datagrams arrive, so that the main thread reads them without a runtime
 * thread blocked in a receive call for it (decision 051). Elsewhere it uses the runtime's
 * datagram sockets and timers, and messages, and watches nothing.
 *
 * @module
 */

import { libcDatagramSockets } from "./_udp_host_libc.ts";
import { type RequestRingReader, requestRingReader } from "./_udp_host_ring.ts";
import { byPhase, pacingWindow, preciseSleep } from "./_udp_host_phases.ts";
import { threadReplies } from "./_udp_host_replies.ts";
import type { Conn, NetAddr, Request, Socket } from "./_udp_host_thread_types.ts";

/** Runs inside the worker; only its source text is used. */
export function udpHostThread(): void {
  const HEADER = 8;
  const RECEIVE_BUFFER = 2048;
  const QUEUE_LIMIT = 256;
  /** More distinct sources than this on one socket (a spray) restart its numbering. */
  const SOURCE_LIMIT = 256;
  /** Spread sends leave in phases this far apart. */
  const PHASE_MS = 2;
  /** How early a timer is asked to fire before a send, and the longest precise sleep. */
  const TIMER_EARLY_MS = 1.2;
  /** The kernel's alarm wakes the thread within tens of microseconds: aimed just early. */
  const ALARM_EARLY_MS = 0.3;
  const SLEEP_MS = 2.5;

  const scope = self as unknown as {
    onmessage: (event: MessageEvent<Request[]>) => void;
    postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  };
  const listen = (Deno as unknown as {
    listenDatagram(options: { transport: "udp"; hostname: string; port: number }): Conn;
  }).listenDatagram;
  const sockets = new Map<number, Socket>();
  /** Sockets of the main thread watched for arrivals (id to descriptor), never read here. */
  const watched = new Map<number, number>();
  /** Batches waiting for their send time, earliest first. */
  const scheduled: { at: number; bytes: Uint8Array; then: (() => void)[] }[] = [];
  let wakeAt = Infinity;
  const epochNow = () => performance.timeOrigin + performance.now();
  const sleepMs = preciseSleep();
  // Lateness of each paced batch's departure, reported every second.
  const pacing = pacingWindow(epochNow, (stats) => reply({ op: "pacing", stats }, false));
  const replies = threadReplies(
    (messages, transfer) => scope.postMessage(messages, transfer),
    (push) => {
      for (const socket of sockets.values()) {
        if (socket.errors === socket.reported) continue;
        socket.reported = socket.errors;
        push({ op: "errors", id: socket.id, errors: socket.errors });
      }
    },
  );
  const reply = replies.reply;
  const libc = libcDatagramSockets();
  /** The main thread's requests, when it writes them to shared memory (`_udp_host_ring.ts`). */
  let ring: RequestRingReader | undefined;
  /**
   * The thread waits in the kernel (its sockets, the next phase's alarm, the main thread's
   * signal) rather than on the runtime's timers and messages; its sockets are the C
   * library's.
   */
  let kernelWaits = false;
  /** Runtime sockets open: their reads need the event loop, so waits stay short. */
  let runtimeOpen = 0;
  /** Longest wait in the kernel with nothing due: a signal that never came costs this. */
  const IDLE_WAIT_MS = 50;
  // One turn of the event loop between waits, without a timer (those wait a millisecond
  // or more): the gathering timer and the runtime's sockets run there. A message channel
  // would not do: its deliveries run back to back without returning to the loop.
  const nextTurn = (globalThis as { setImmediate?: (run: () => void) => void }).setImmediate;

  function received(socket: Socket, bytes: Uint8Array, from: NetAddr): void {
    const key = `${from.hostname} ${from.port}`;
    let source = socket.sources.get(key);
    if (source === undefined) {
      source = numberSource(socket, key);
      const { hostname, port } = from;
      reply({ op: "source", id: socket.id, source, hostname, port }, false);
    }
    replies.datagram(socket.id, source, bytes);
  }

  /** A datagram read through the C library, from the `struct sockaddr` `from`. */
  function receivedFrom(socket: Socket, bytes: Uint8Array, from: Uint8Array): void {
    // IPv4 sources (nearly all) key by number; IPv6 ones by their address and port bytes.
    const key = from.length === 16
      ? ((from[4] << 24) | (from[5] << 16) | (from[6] << 8) | from[7]) * 65536 +
        ((from[2] << 8) | from[3])
      : String.fromCharCode(...from.subarray(2, 24));
    let source = socket.sources.get(key);
    if (source === undefined) {
      source = numberSource(socket, key);
      reply({ op: "source", id: socket.id, source, name: from.slice() }, false);
    }
    replies.datagram(socket.id, source, bytes);
  }

  function numberSource(socket: Socket, key: string | number): number {
    if (socket.sources.size >= SOURCE_LIMIT) socket.sources.clear();
    const source = socket.sources.size;
    socket.sources.set(key, source);
    return source;
  }

  /**
   * With the C library's sockets the thread waits in the kernel, not on the runtime's
   * timers: one wait for every socket, the next phase's alarm and the main thread's
   * signal, on this thread at its real-time priority, then one turn of the event loop.
   */
  function cycle(): void {
    if (!kernelWaits) return;
    const next = scheduled[0]?.at;
    if (next !== undefined) libc!.alarm(next - epochNow() - ALARM_EARLY_MS);
    const ready = libc!.wait(runtimeOpen > 0 ? PHASE_MS : IDLE_WAIT_MS);
    for (const id of ready) {
      if (watched.has(id)) {
        reply({ op: "readable", id });
        continue;
      }
      const socket = sockets.get(id);
      if (!socket || socket.closed) continue;
      libc!.drain(socket.fd, (bytes, from) => receivedFrom(socket, bytes, from));
    }
    readRing();
    sendDue(true);
    nextTurn!(cycle);
  }

  function readRing(): void {
    ring?.read(
      // A scheduled batch outlives the ring's copy of it.
      (at, spread, bytes) =>
        handle({ op: "send", at, spread, bytes: at > 0 ? bytes.slice() : bytes }),
      (request) => handle(request),
    );
  }

  /** The main thread writes its requests to `buffer` from now on and signals `wake`. */
  function useRing(buffer: SharedArrayBuffer, wake: number): void {
    ring = requestRingReader(buffer);
    if (libc && nextTurn && libc.open(wake)) {
      kernelWaits = true;
      // Told to the main thread, which closes them should this thread die.
      reply({ op: "opened", fds: libc.waitSetDescriptors() });
      nextTurn(cycle);
    } else {
      // No waiting in the kernel here: the ring is read on the runtime's timers.
      setInterval(readRing, 1);
    }
  }

  /** The main thread has no more use for this thread. */
  function stop(): void {
    if (kernelWaits) libc!.dispose();
    kernelWaits = false;
    replies.flush();
    (self as unknown as { close(): void }).close();
  }

  async function receiveLoop(socket: Socket, conn: Conn): Promise<void> {
    const buffer = new Uint8Array(RECEIVE_BUFFER);
    while (!socket.closed) {
      let bytes: Uint8Array;
      let from: NetAddr;
      try {
        [bytes, from] = await conn.receive(buffer);
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
    socket.conn!.send(bytes, to).then(
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
    if (socket.conn) {
      try {
        socket.conn.close();
      } catch { /* already closed */ }
      await socket.receiving;
      runtimeOpen--;
    } else {
      libc!.close(socket.fd);
    }
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
      if (!socket || socket.closeReq !== undefined) continue;
      if (socket.conn) {
        const to = socket.dests[dest];
        if (to) enqueue(socket, payload, to);
        continue;
      }
      // In order by construction: the call returns once the kernel has the datagram.
      const name = socket.names[dest];
      if (!name || !libc!.send(socket.fd, payload, name)) {
        socket.errors++;
        replies.later();
      }
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

  /** Runs `fn` once every batch scheduled so far has been handed to its sockets. */
  function afterScheduled(fn: () => void): void {
    const last = scheduled.at(-1);
    if (last) last.then.push(fn);
    else fn();
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
      pacing.paced(batch.at);
      for (const then of batch.then) then();
    }
  }

  function wake(): void {
    // The cycle sets the kernel's alarm for the next phase each time round.
    if (kernelWaits) return;
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

  function bind(id: number, hostname: string, port: number, name?: Uint8Array): void {
    if (kernelWaits && name) {
      const made = libc!.bind(name, id);
      if ("code" in made) {
        reply({ op: "bindFailed", id, code: made.code, message: made.message });
        return;
      }
      sockets.set(id, newSocket(id, undefined, made.fd));
      reply({ op: "bound", id, port: made.port, fd: made.fd });
      return;
    }
    let conn: Conn;
    try {
      conn = listen({ transport: "udp", hostname, port });
    } catch (error) {
      const code = (error as Error).name === "AddrInUse" ? "EADDRINUSE" : "EBIND";
      reply({ op: "bindFailed", id, code, message: String((error as Error).message) });
      return;
    }
    const socket = newSocket(id, conn, -1);
    runtimeOpen++;
    sockets.set(id, socket);
    socket.receiving = receiveLoop(socket, conn);
    reply({ op: "bound", id, port: conn.addr.port });
  }

  function newSocket(id: number, conn: Conn | undefined, fd: number): Socket {
    return {
      id,
      conn,
      fd,
      dests: [],
      names: [],
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
  }

  scope.onmessage = (event) => {
    for (const request of event.data) handle(request);
  };

  function handle(request: Request): void {
    sendDue(false);
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
          socket.names[request.dest] = request.name && Uint8Array.from(request.name);
        }
        break;
      case "ring":
        useRing(request.buffer, request.wake);
        break;
      case "watch": {
        const ok = kernelWaits && libc!.watchArrivals(request.fd, request.id);
        if (ok) watched.set(request.id, request.fd);
        reply({ op: "watched", id: request.id, ok });
        break;
      }
      case "stop":
        stop();
        break;
      case "bind":
        bind(
          request.id,
          request.address,
          request.port,
          request.name && Uint8Array.from(request.name),
        );
        break;
      case "resetPacing":
        pacing.reset();
        break;
      // Idle and close wait for the packets already made for coming ticks.
      case "idle":
        afterScheduled(() => {
          if (socket?.sending) socket.idleReqs.push(request.req);
          else reply({ op: "done", req: request.req });
        });
        break;
      case "close":
        if (watched.has(request.id)) {
          libc!.unwatch(watched.get(request.id)!);
          watched.delete(request.id);
        }
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
}
