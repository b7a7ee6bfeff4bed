/**
 * Takes a connected WebRTC leg's UDP socket away from werift. werift carries every
 * datagram through `node:dgram` and its ICE layer (an address lookup per send, a Buffer
 * and several events per packet), which made a WebRTC leg cost about twice a plain RTP
 * leg under load. Once ICE has chosen its pair, the host candidate's port is closed in
 * werift and bound again as our {@link UdpSocket} (Deno's datagram API): SRTP goes in and
 * out directly, and everything else (STUN consent checks, DTLS) is handed back to werift
 * as if its own socket had received it, and werift's sends go out through ours.
 *
 * Only a host candidate over IPv4 is taken over; relayed (TURN) and TCP pairs stay with
 * werift. The werift internals touched here (`Connection.nominated`, `StunProtocol.transport`,
 * `UdpTransport.socket/onData/send/close`) are pinned with werift in deno.json.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { nativeUdpAvailable, openUdpSocket, type UdpSocket } from "../net/mod.ts";

interface WeriftUdpTransport {
  type: string;
  closed: boolean;
  socket?: {
    address(): { address: string; port: number; family: string | number };
    close(cb?: () => void): void;
  };
  rinfo?: { address: string; port: number; family: string };
  onData: (data: Buffer, addr: [string, number]) => void;
  send: (data: Buffer, addr?: [string, number]) => Promise<void>;
  close: () => Promise<void>;
}

interface WeriftPair {
  protocol: { type: string; transport?: WeriftUdpTransport };
  remoteAddr: [string, number];
}

/** The part of werift's ICE `Connection` used here. */
export interface WeriftIce {
  nominated?: WeriftPair;
}

/** A leg's media path once the socket is ours. */
export interface DirectIcePath {
  /** Sends one SRTP/SRTCP datagram to the nominated peer; false if ICE moved on. */
  send(bytes: Uint8Array): boolean;
}

/** Transports already taken over (DTLS can report "connected" again after a repeated handshake). */
const takenOver = new WeakMap<WeriftUdpTransport, Promise<DirectIcePath>>();

/**
 * Moves the nominated pair's socket to us; SRTP and SRTCP (RFC 7983 §7: first byte
 * 128–191) go to `onMedia`. Resolves undefined, leaving everything with werift, when the
 * pair is not a host candidate over UDP/IPv4 or Deno's datagram API is not available.
 */
export function takeOverIceSocket(
  ice: WeriftIce,
  onMedia: (bytes: Uint8Array) => void,
): Promise<DirectIcePath | undefined> {
  const pair = ice.nominated;
  const transport = pair?.protocol.type === "stun" ? pair.protocol.transport : undefined;
  if (!pair || !transport || transport.type !== "udp" || !transport.socket) {
    return Promise.resolve(undefined);
  }
  const taken = takenOver.get(transport);
  if (taken) return taken;
  if (!nativeUdpAvailable() || transport.closed) return Promise.resolve(undefined);
  const local = transport.socket.address();
  if (local.family !== "IPv4" && local.family !== 4) return Promise.resolve(undefined);
  const claimed = takeOver(pair, transport, local.address, local.port, onMedia);
  takenOver.set(transport, claimed);
  return claimed;
}

async function takeOver(
  pair: WeriftPair,
  transport: WeriftUdpTransport,
  address: string,
  port: number,
  onMedia: (bytes: Uint8Array) => void,
): Promise<DirectIcePath> {
  const old = transport.socket!;
  await new Promise<void>((resolve) => {
    try {
      old.close(() => resolve());
    } catch {
      resolve(); // closed already
    }
  });
  const socket = await bindAgain(address, port);
  socket.onDatagram((bytes, from, fromPort) => {
    if (bytes.length > 1 && bytes[0] >= 128 && bytes[0] <= 191) return onMedia(bytes);
    transport.rinfo = { address: from, port: fromPort, family: "IPv4" };
    transport.onData(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), [from, fromPort]);
  });
  transport.send = (data, addr) => {
    const to = addr ??
      (transport.rinfo ? [transport.rinfo.address, transport.rinfo.port] : undefined);
    if (to) socket.send(new Uint8Array(data.buffer, data.byteOffset, data.length), to[1], to[0]);
    return Promise.resolve();
  };
  transport.close = async () => {
    transport.closed = true;
    await socket.close();
  };
  if (transport.closed) await socket.close(); // werift closed the leg meanwhile
  const bound = { address, port, family: "IPv4" };
  Object.defineProperty(transport, "address", { get: () => bound });
  Object.defineProperty(transport, "host", { get: () => address });
  Object.defineProperty(transport, "port", { get: () => port });
  const [remoteHost, remotePort] = pair.remoteAddr;
  return {
    send(bytes) {
      if (transport.closed) return false;
      socket.send(bytes, remotePort, remoteHost);
      return true;
    },
  };
}

/**
 * Binds the port werift just closed. `node:dgram` reports the close before the runtime
 * has let go of the port when a receive was under way, so the first attempts can find it
 * still in use; a few milliseconds later it is free, unless another process took it, and
 * then the leg is lost as if the network had failed.
 */
async function bindAgain(address: string, port: number): Promise<UdpSocket> {
  for (let attempt = 1;; attempt++) {
    try {
      return await openUdpSocket(address, port);
    } catch (error) {
      if ((error as { code?: string }).code !== "EADDRINUSE" || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
