/**
 * Takes a connected WebRTC leg's UDP socket away from werift. werift carries every
 * datagram through `node:dgram` and its ICE layer (an address lookup per send, a Buffer
 * and several events per packet), which made a WebRTC leg cost about twice a plain RTP
 * leg under load. Once ICE has chosen its pair, the host candidate's port is closed in
 * werift and bound again as our {@link UdpSocket} (Deno's datagram API): SRTP goes in and
 * out directly, and everything else (STUN consent checks, DTLS) is handed back to werift
 * as if its own socket had received it, and werift's sends go out through ours.
 *
 * Every host candidate's socket is taken over, not only the nominated pair's: the peer
 * may send its media to another of our candidates than the one our side nominated (werift
 * against werift did so for about one leg in seven at 150 legs, ICE agreeing on different
 * pairs each way), and that leg's every packet then went through `node:dgram` and werift
 * on the main thread.
 *
 * Only host candidates over IPv4 are taken over; relayed (TURN) and TCP pairs stay with
 * werift. The werift internals touched here (`Connection.nominated`, `Connection.protocols`,
 * `StunProtocol.transport`, `UdpTransport.socket/onData/send/close`) are pinned with werift
 * in deno.json.
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
  /** One per gathered local candidate. */
  protocols?: WeriftPair["protocol"][];
}

/** A leg's media path once the socket is ours. */
export interface DirectIcePath {
  /**
   * Sends one SRTP/SRTCP datagram to the nominated peer; false if ICE moved on. The bytes
   * are only lent: the caller may overwrite them once this returns.
   */
  send(bytes: Uint8Array): boolean;
}

/** Media paths already made (DTLS can report "connected" again after a repeated handshake). */
const paths = new WeakMap<WeriftUdpTransport, Promise<DirectIcePath>>();
/** Transports already taken over, with the socket that replaced werift's. */
const takenOver = new WeakMap<WeriftUdpTransport, Promise<UdpSocket>>();

/**
 * Moves the nominated pair's socket, and those of the other host candidates, to us; SRTP
 * and SRTCP (RFC 7983 §7: first byte 128–191) arriving on any of them go to `onMedia`.
 * Resolves undefined, leaving everything with werift, when the nominated pair is not a
 * host candidate over UDP/IPv4 or Deno's datagram API is not available.
 */
export function takeOverIceSocket(
  ice: WeriftIce,
  onMedia: (bytes: Uint8Array) => void,
): Promise<DirectIcePath | undefined> {
  const pair = ice.nominated;
  const transport = pair?.protocol.type === "stun" ? pair.protocol.transport : undefined;
  if (!pair || !transport) return Promise.resolve(undefined);
  const made = paths.get(transport);
  if (made) return made;
  if (!nativeUdpAvailable()) return Promise.resolve(undefined);
  const claimed = claim(transport, onMedia);
  if (!claimed) return Promise.resolve(undefined);
  for (const protocol of ice.protocols ?? []) {
    const other = protocol.type === "stun" ? protocol.transport : undefined;
    // A candidate that cannot be taken over keeps werift's socket, which still works.
    if (other && other !== transport) claim(other, onMedia)?.catch(() => {});
  }
  const [remoteHost, remotePort] = pair.remoteAddr;
  const path = claimed.then((socket): DirectIcePath => {
    // Hosted sockets copy what they are given before returning; others keep it queued.
    const lent = socket.kind !== "worker";
    return {
      send(bytes) {
        if (transport.closed) return false;
        socket.send(lent ? bytes.slice() : bytes, remotePort, remoteHost);
        return true;
      },
    };
  });
  paths.set(transport, path);
  return path;
}

/** Takes one host candidate's socket over; undefined when it is not UDP over IPv4. */
function claim(
  transport: WeriftUdpTransport,
  onMedia: (bytes: Uint8Array) => void,
): Promise<UdpSocket> | undefined {
  const taken = takenOver.get(transport);
  if (taken) return taken;
  if (transport.type !== "udp" || !transport.socket || transport.closed) return undefined;
  const local = transport.socket.address();
  if (local.family !== "IPv4" && local.family !== 4) return undefined;
  const claimed = takeOver(transport, local.address, local.port, onMedia);
  takenOver.set(transport, claimed);
  return claimed;
}

async function takeOver(
  transport: WeriftUdpTransport,
  address: string,
  port: number,
  onMedia: (bytes: Uint8Array) => void,
): Promise<UdpSocket> {
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
  return socket;
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
