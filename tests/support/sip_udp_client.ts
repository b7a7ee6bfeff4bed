import dgram from "node:dgram";
import {
  parseMessage,
  serializeMessage,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from "../../src/sip/core/mod.ts";

/** A bare SIP endpoint on a UDP socket for tests: send a request, wait for its response. */
export class SipUdpClient {
  #socket: dgram.Socket;
  #received: SipMessage[] = [];
  #waiters: (() => void)[] = [];
  port = 0;

  private constructor(socket: dgram.Socket) {
    this.#socket = socket;
    socket.on("message", (data: Uint8Array) => {
      try {
        this.#received.push(parseMessage(data));
      } catch {
        return;
      }
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  static async open(address = "127.0.0.1"): Promise<SipUdpClient> {
    const socket = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, address, resolve));
    const client = new SipUdpClient(socket);
    client.port = socket.address().port;
    return client;
  }

  sendRaw(bytes: Uint8Array | string, port: number, host = "127.0.0.1"): void {
    this.#socket.send(
      typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes,
      port,
      host,
    );
  }

  send(request: SipRequest, port: number, host = "127.0.0.1"): void {
    this.sendRaw(serializeMessage(request), port, host);
  }

  /** The next response whose CSeq matches, within `timeoutMs` of real time. */
  async response(cseq: string, timeoutMs = 2000): Promise<SipResponse> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const index = this.#received.findIndex((m) =>
        m.kind === "response" && m.headers.get("CSeq") === cseq && m.status >= 200
      );
      if (index >= 0) return this.#received.splice(index, 1)[0] as SipResponse;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    throw new Error(`No final response for CSeq ${cseq} within ${timeoutMs} ms`);
  }

  /** Whether no final response for `cseq` arrives within `ms` (provisional ones may). */
  async noFinalFor(cseq: string, ms: number): Promise<boolean> {
    await new Promise((r) => setTimeout(r, ms));
    return !this.#received.some((m) =>
      m.kind === "response" && m.headers.get("CSeq") === cseq && m.status >= 200
    );
  }

  /** Whether anything arrives within `ms` (for "dropped silently" checks). */
  async silentFor(ms: number): Promise<boolean> {
    const before = this.#received.length;
    await new Promise((r) => setTimeout(r, ms));
    return this.#received.length === before;
  }

  close(): void {
    this.#socket.close();
  }
}
