/**
 * Thin helpers over `node:dgram` for SIP and media sockets: bind with a promise, close with a
 * promise, and send in order.
 *
 * @module
 */

import type dgram from "node:dgram";

/**
 * Binds a UDP socket; rejects with the bind error (e.g. code EADDRINUSE). `node:dgram`
 * loads on the first bind: where the C library's sockets serve, it never does.
 */
export async function bindUdp(address: string, port: number): Promise<dgram.Socket> {
  const { default: dgram } = await import("node:dgram");
  return await new Promise((resolve, reject) => {
    const socket = dgram.createSocket(address.includes(":") ? "udp6" : "udp4");
    const onError = (error: Error) => {
      try {
        socket.close();
      } catch { /* never bound: nothing to close */ }
      reject(error);
    };
    socket.once("error", onError);
    socket.bind({ port, address, exclusive: true }, () => {
      socket.off("error", onError);
      resolve(socket);
    });
  });
}

/** Closes a socket, resolving once it is closed (or was already). */
export function closeUdp(socket: dgram.Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve();
    }
  });
}

/**
 * Sends datagrams strictly in the order given. Deno's `node:dgram` delivers a burst of
 * `send()` calls made in one turn in reverse order (seen with Deno 2.9), which would
 * reorder e.g. the three RFC 4733 end packets, so each send waits for the previous one.
 */
export class OrderedUdpSender {
  readonly #socket: dgram.Socket;
  readonly #limit: number;
  #queue: { bytes: Uint8Array; port: number; address: string }[] = [];
  #inFlight = false;
  #idleWaiters: (() => void)[] = [];
  /** Datagrams that failed or were dropped because the queue was full. */
  errors = 0;

  constructor(socket: dgram.Socket, limit = 256) {
    this.#socket = socket;
    this.#limit = limit;
  }

  send(bytes: Uint8Array, port: number, address: string): void {
    if (this.#queue.length >= this.#limit) {
      this.errors++;
      return;
    }
    // Sent later, from the queue: a copy of its own, as the socket interface promises.
    this.#queue.push({ bytes: bytes.slice(), port, address });
    if (!this.#inFlight) this.#next();
  }

  #next(): void {
    const item = this.#queue.shift();
    if (!item) {
      this.#inFlight = false;
      for (const resolve of this.#idleWaiters.splice(0)) resolve();
      return;
    }
    this.#inFlight = true;
    try {
      this.#socket.send(item.bytes, item.port, item.address, (err) => {
        if (err) this.errors++;
        this.#next();
      });
    } catch {
      // The socket was closed under us: drop what is left.
      this.errors += 1 + this.#queue.length;
      this.#queue = [];
      this.#inFlight = false;
      for (const resolve of this.#idleWaiters.splice(0)) resolve();
    }
  }

  /** Resolves once everything queued has been handed to the socket. */
  idle(): Promise<void> {
    if (!this.#inFlight) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }
}
