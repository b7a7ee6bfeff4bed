/**
 * A UDP socket whose system calls happen on the media socket thread (`_udp_host.ts`): what
 * it sends is packed into the host's next message, what it receives comes from there.
 *
 * @module
 */

import type { DatagramListener, UdpSocket } from "./udp_socket.ts";

/** Destinations remembered per socket before their numbering starts again. */
const DEST_LIMIT = 256;

/** What a hosted socket asks of the thread that hosts it. */
export interface SocketHost {
  send(id: number, dest: number, bytes: Uint8Array): void;
  destination(id: number, dest: number, hostname: string, port: number, family: number): void;
  request(op: "idle" | "close", id: number): Promise<void>;
}

/** A socket whose system calls happen on the host thread. */
export class HostedUdpSocket implements UdpSocket {
  readonly kind = "worker";
  readonly port: number;
  readonly #host: SocketHost;
  readonly #id: number;
  readonly #family: number;
  #listener: DatagramListener = () => {};
  readonly #sources: { hostname: string; port: number }[] = [];
  readonly #dests = new Map<string, number>();
  #lastAddress = "";
  #lastPort = -1;
  #lastDest = -1;
  #errors = 0;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(host: SocketHost, id: number, port: number, family: number) {
    this.#host = host;
    this.#id = id;
    this.port = port;
    this.#family = family;
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
      this.#host.destination(this.#id, dest, address, port, this.#family);
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
