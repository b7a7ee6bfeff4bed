/**
 * Small socket helpers shared by the signalling and media planes, which otherwise know
 * nothing of each other: UDP bind/close with promises, and in-order sending.
 *
 * @module
 */
export { bindUdp, closeUdp, OrderedUdpSender } from "./udp.ts";
