/**
 * RTP and RTCP sockets bound before the calls that use them. Binding a socket is a round
 * trip to the socket thread (src/net/_udp_host.ts), which answers between its paced sends:
 * at 100 calls a second that wait was most of the time from INVITE to 200 OK (p99 40 ms
 * of 42, docs/decisions/041). A call takes a pair already bound and the reserve binds its
 * replacement in the background, so answering waits on nothing.
 *
 * @module
 */

import { openUdpSocket, type UdpSocket } from "../net/mod.ts";
import type { PortPool } from "./port_pool.ts";

/** An RTP socket on an even port and its RTCP socket on the next one. */
export interface BoundRtpPair {
  port: number;
  rtp: UdpSocket;
  rtcp: UdpSocket;
}

export interface RtpSocketReserveOptions {
  /** The pool the pairs' ports come from; the endpoints return them there on close. */
  ports: PortPool;
  bindAddress?: string;
  /**
   * How many pairs are kept bound: by default an eighth of the range, at most 32 (some
   * 100 ms of calls at 300 a second). Idle pairs are ports no call has, so a small range
   * keeps few of them: on 50 pairs, 32 idle ones left calls short of ports.
   */
  size?: number;
}

/** The reserve a range of `pairs` RTP pairs keeps bound when not told otherwise. */
export function reserveSizeFor(pairs: number): number {
  return Math.max(1, Math.min(32, Math.floor(pairs / 8)));
}

/** How many ports are tried for one pair before the reserve gives up on it. */
const ATTEMPTS = 16;

/**
 * Binds an RTP/RTCP pair on the first free ports of `ports`, trying others when another
 * process holds one (EADDRINUSE); throws RangeError when none is left.
 */
export async function bindRtpPair(
  ports: PortPool,
  address: string,
  rtcpMux: boolean,
): Promise<{ port: number; rtp: UdpSocket; rtcp: UdpSocket | undefined }> {
  const attempts = Math.min(ATTEMPTS, ports.available);
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = ports.acquire();
    if (port === undefined) throw new RangeError("No free media ports left in the range");
    // RTP and RTCP are bound together: each bind is a round trip to the socket thread.
    const [rtp, rtcp] = await Promise.allSettled([
      openUdpSocket(address, port),
      rtcpMux ? Promise.resolve(undefined) : openUdpSocket(address, port + 1),
    ]);
    if (rtp.status === "fulfilled" && rtcp.status === "fulfilled") {
      return { port, rtp: rtp.value, rtcp: rtcp.value };
    }
    await Promise.all([
      rtp.status === "fulfilled" ? rtp.value.close() : undefined,
      rtcp.status === "fulfilled" ? rtcp.value?.close() : undefined,
    ]);
    ports.release(port);
    const error = rtp.status === "rejected" ? rtp.reason : (rtcp as PromiseRejectedResult).reason;
    if ((error as { code?: string }).code !== "EADDRINUSE") throw error;
  }
  throw new RangeError(`No bindable media port pair after ${attempts} attempts`);
}

/**
 * A few RTP/RTCP pairs kept bound for calls to take at once. Nothing is bound until
 * {@link start}; {@link take} answers undefined when none is ready (the caller binds its own
 * then), and each pair taken is replaced in the background. Datagrams that reach a pair
 * before a call takes it are dropped, as they would be on a port nobody had bound.
 */
export class RtpSocketReserve {
  readonly #ports: PortPool;
  readonly #address: string;
  readonly #size: number;
  readonly #ready: BoundRtpPair[] = [];
  #binding = 0;
  #running = false;

  constructor(options: RtpSocketReserveOptions) {
    const size = options.size ?? reserveSizeFor(options.ports.pairs);
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`A socket reserve holds at least one pair, got ${size}`);
    }
    this.#ports = options.ports;
    this.#address = options.bindAddress ?? "0.0.0.0";
    this.#size = size;
  }

  /** The pool the reserved ports belong to. */
  get ports(): PortPool {
    return this.#ports;
  }

  /** Pairs bound and waiting for a call. */
  get ready(): number {
    return this.#ready.length;
  }

  /** Starts binding; the returned function stops and closes what is reserved. */
  start(): () => Promise<void> {
    this.#running = true;
    this.#fill();
    return () => this.stop();
  }

  /** A bound pair for a call, or undefined when none is ready. */
  take(): BoundRtpPair | undefined {
    const pair = this.#ready.shift();
    this.#fill();
    return pair;
  }

  /** Stops refilling and closes the pairs nobody took, their ports back to the pool. */
  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#ready.splice(0).map((pair) => this.#close(pair)));
  }

  #fill(): void {
    while (
      this.#running && this.#ready.length + this.#binding < this.#size &&
      this.#ports.available > this.#binding
    ) {
      this.#binding++;
      bindRtpPair(this.#ports, this.#address, false).then(
        (pair) => {
          this.#binding--;
          if (this.#running) this.#ready.push(pair as BoundRtpPair);
          else this.#close(pair as BoundRtpPair);
        },
        () => {
          // No port could be bound now: the next call binds its own (and says why), and
          // its take() tries the reserve again.
          this.#binding--;
        },
      );
    }
  }

  async #close(pair: BoundRtpPair): Promise<void> {
    await Promise.all([pair.rtp.close(), pair.rtcp.close()]);
    this.#ports.release(pair.port);
  }
}
