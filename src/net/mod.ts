/**
 * Small socket helpers shared by the signalling and media planes, which otherwise know
 * nothing of each other: UDP bind/close with promises, in-order sending, and the media
 * plane's UDP socket (Deno's datagram API where available, `node:dgram` otherwise).
 *
 * @module
 */
export { bindUdp, closeUdp, OrderedUdpSender } from "./udp.ts";
export {
  type ArrivalWatch,
  type LibcDatagramListener,
  libcUdpAvailable,
  LibcUdpSocket,
} from "./libc_udp.ts";
export { watchOnSocketThread } from "./_socket_thread.ts";
export {
  type DatagramListener,
  holdUdpThread,
  nativeUdpAvailable,
  openUdpSocket,
  pacedSends,
  resetThreadPacing,
  type SocketThreadCounters,
  socketThreadCounters,
  type ThreadPacing,
  threadPacing,
  type UdpSocket,
  type UdpSocketKind,
  type UdpSocketOptions,
} from "./udp_socket.ts";
