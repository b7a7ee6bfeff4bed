import { openUdpSocket, type UdpSocket } from "../../net/mod.ts";
import { NameResolver } from "./name_resolver.ts";
import {
  type Destination,
  serializeMessage,
  type SipMessage,
  type SipTransport,
} from "../core/mod.ts";

/** Receives raw datagrams; the transport set parses them. */
export type DatagramHandler = (bytes: Uint8Array, source: Destination) => void;

/** Datagrams queued behind the one being sent before more are dropped. */
const QUEUE_LIMIT = 4096;
/** The largest datagram UDP carries (65,535 less the IPv4 and UDP headers). */
const LARGEST_DATAGRAM = 65_507;

/**
 * SIP over UDP (RFC 3261 §18.1, §18.2): one socket, unreliable, retransmissions on.
 *
 * The socket lives on the socket thread where the runtime allows (see `src/net/`): there
 * the datagrams one turn of this thread sends leave in that order without each waiting
 * for the previous one's completion here, so a 200 OK never waits a turn of a busy event
 * loop behind the 180 before it; and a request read there is handed over at once.
 */
export class UdpTransport implements SipTransport {
  readonly reliable = false;
  /** Datagrams dropped because their destination could not be resolved or was invalid. */
  undeliverable = 0;
  #names = new NameResolver();

  private constructor(private readonly socket: UdpSocket) {}

  get port(): number {
    return this.socket.port;
  }

  static async bind(
    address: string,
    port: number,
    onDatagram: DatagramHandler,
  ): Promise<UdpTransport> {
    const socket = await openUdpSocket(address, port, {
      queueLimit: QUEUE_LIMIT,
      receiveBytes: LARGEST_DATAGRAM,
      urgent: true,
    });
    socket.onDatagram((bytes, host, sourcePort) => {
      onDatagram(bytes, { transport: "udp", host, port: sourcePort });
    });
    return new UdpTransport(socket);
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
      this.socket.send(bytes, port, known);
      return;
    }
    if (known === null) {
      this.undeliverable++;
      return;
    }
    // A name must never hold up the in-order queue behind a DNS answer: resolve on the side.
    this.#names.resolve(destination.host).then((address) => {
      if (address) this.socket.send(bytes, port, address);
      else this.undeliverable++;
    });
  }

  async close(): Promise<void> {
    await this.socket.idle();
    await this.socket.close();
  }
}
