/**
 * The process's one socket thread (`_udp_host.ts`), made when first needed, and what the
 * rest of the program asks of it: binding, holding it between calls, pacing sends, and
 * its figures.
 *
 * @module
 */

import type { HostedUdpSocket } from "./_hosted_udp_socket.ts";
import {
  type ArrivalListener,
  type SocketThreadCounters,
  type ThreadPacing,
  UdpHost,
} from "./_udp_host.ts";

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

/**
 * Where the socket thread is kept running ({@link holdUdpThread}), has it tell `listener`
 * whenever datagrams arrive on this thread's socket `fd`; resolves to the function that
 * stops that, or undefined where no thread is held or it cannot watch. No thread is
 * started for this alone.
 */
export function watchOnSocketThread(
  fd: number,
  listener: ArrivalListener,
): Promise<(() => Promise<void>) | undefined> {
  if (!shared?.held) return Promise.resolve(undefined);
  return shared.watch(fd, listener);
}
