import type dgram from "node:dgram";
import {
  bindUdp,
  closeUdp,
  libcUdpAvailable,
  LibcUdpSocket,
  OrderedUdpSender,
  watchOnSocketThread,
} from "../../net/mod.ts";
import { NameResolver } from "./name_resolver.ts";
import {
  type Destination,
  serializeMessage,
  type SipMessage,
  type SipTransport,
} from "../core/mod.ts";

/**
 * Receives raw datagrams; the transport set parses them. `arrivedAt` is when the datagram
 * reached the kernel (`performance.now()` ms), where the socket can tell.
 */
export type DatagramHandler = (bytes: Uint8Array, source: Destination, arrivedAt?: number) => void;

/** How the socket is driven: the C library's calls where available, or `node:dgram`. */
export type UdpDriver = "libc" | "dgram";

/** The socket under the transport: sends in the order made, closes once. */
interface DatagramSocket {
  send(bytes: Uint8Array, port: number, address: string): void;
  close(): Promise<void>;
}

/** SIP over UDP (RFC 3261 §18.1, §18.2): one socket, unreliable, retransmissions on. */
export class UdpTransport implements SipTransport {
  readonly reliable = false;
  /** Datagrams dropped because their destination could not be resolved or was invalid. */
  undeliverable = 0;
  #names = new NameResolver();

  private constructor(
    private readonly sender: DatagramSocket,
    readonly port: number,
    readonly driver: UdpDriver,
  ) {}

  /**
   * Binds the SIP port. Where the C library's sockets can be used (64-bit Linux, FFI
   * permitted) a send reaches the kernel as it is made (decision 045); `driver` forces one.
   */
  static async bind(
    address: string,
    port: number,
    onDatagram: DatagramHandler,
    driver: UdpDriver = libcUdpAvailable() === true ? "libc" : "dgram",
  ): Promise<UdpTransport> {
    if (driver === "libc") {
      // Told of arrivals by the media socket thread where the appliance keeps one (decision 051).
      const socket = await LibcUdpSocket.open(address, port, (data, host, from, waitedMs) => {
        onDatagram(data, { transport: "udp", host, port: from }, performance.now() - waitedMs);
      }, watchOnSocketThread);
      return new UdpTransport(socket, socket.port, "libc");
    }
    const socket = await bindUdp(address, port);
    socket.on("message", (data: Uint8Array, info: { address: string; port: number }) => {
      onDatagram(data, { transport: "udp", host: info.address, port: info.port });
    });
    // A peer that went away answers with ICMP; Node reports it as a socket error we can ignore.
    socket.on("error", () => {});
    return new UdpTransport(new DgramSender(socket), socket.address().port, "dgram");
  }

  send(message: SipMessage, destination: Destination): void {
    this.sendBytes(serializeMessage(message), destination);
  }

  sendBytes(bytes: Uint8Array, destination: Destination): void {
    const port = destination.port;
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      this.undeliverable++;
      return;
    }
    const known = this.#names.cached(destination.host);
    if (known) {
      this.sender.send(bytes, port, known);
      return;
    }
    if (known === null) {
      this.undeliverable++;
      return;
    }
    // A name must never hold up the in-order queue behind a DNS answer: resolve on the side.
    this.#names.resolve(destination.host).then((address) => {
      if (address) this.sender.send(bytes, port, address);
      else this.undeliverable++;
    });
  }

  close(): Promise<void> {
    return this.sender.close();
  }
}

/** `node:dgram`, a datagram per event-loop turn so that a burst keeps its order. */
class DgramSender implements DatagramSocket {
  readonly #socket: dgram.Socket;
  readonly #ordered: OrderedUdpSender;

  constructor(socket: dgram.Socket) {
    this.#socket = socket;
    this.#ordered = new OrderedUdpSender(socket, 4096);
  }

  send(bytes: Uint8Array, port: number, address: string): void {
    this.#ordered.send(bytes, port, address);
  }

  async close(): Promise<void> {
    await this.#ordered.idle();
    await closeUdp(this.#socket);
  }
}
