import type dgram from "node:dgram";
import { bindUdp, closeUdp, OrderedUdpSender } from "../../net/mod.ts";
import { NameResolver } from "./name_resolver.ts";
import {
  type Destination,
  serializeMessage,
  type SipMessage,
  type SipTransport,
} from "../core/mod.ts";

/** Receives raw datagrams; the transport set parses them. */
export type DatagramHandler = (bytes: Uint8Array, source: Destination) => void;

/** SIP over UDP (RFC 3261 §18.1, §18.2): one socket, unreliable, retransmissions on. */
export class UdpTransport implements SipTransport {
  readonly reliable = false;
  /** Datagrams dropped because their destination could not be resolved or was invalid. */
  undeliverable = 0;
  #names = new NameResolver();

  private constructor(
    private readonly socket: dgram.Socket,
    private readonly sender: OrderedUdpSender,
    readonly port: number,
  ) {}

  static async bind(
    address: string,
    port: number,
    onDatagram: DatagramHandler,
  ): Promise<UdpTransport> {
    const socket = await bindUdp(address, port);
    socket.on("message", (data: Uint8Array, info: { address: string; port: number }) => {
      onDatagram(data, { transport: "udp", host: info.address, port: info.port });
    });
    // A peer that went away answers with ICMP; Node reports it as a socket error we can ignore.
    socket.on("error", () => {});
    return new UdpTransport(socket, new OrderedUdpSender(socket, 4096), socket.address().port);
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

  async close(): Promise<void> {
    await this.sender.idle();
    await closeUdp(this.socket);
  }
}
