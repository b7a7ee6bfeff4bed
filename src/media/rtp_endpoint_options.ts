/**
 * Options and counters of an {@link RtpEndpoint}.
 *
 * @module
 */

import type { Clock } from "../clock/mod.ts";
import type { G711Law } from "./g711.ts";
import type { PortPool } from "./port_pool.ts";
import type { RtpSocketReserve } from "./rtp_socket_reserve.ts";

/** Where a peer receives RTP (and RTCP, by default on the next port). */
export interface RtpAddress {
  address: string;
  port: number;
  rtcpPort?: number;
}

/** Options for {@link RtpEndpoint.open}. */
export interface RtpEndpointOptions {
  clock: Clock;
  ports: PortPool;
  bindAddress?: string;
  /**
   * Pairs bound ahead, taken before binding anew (not with rtcp-mux); its pool must be
   * `ports`, where the endpoint returns its port on close.
   */
  reserve?: RtpSocketReserve;
  codec?: G711Law;
  /** Defaults to the static type of the codec (0 for PCMU, 8 for PCMA). */
  payloadType?: number;
  /** Negotiated telephone-event payload type; undefined disables RFC 4733. */
  telephoneEventPayloadType?: number;
  rtcpMux?: boolean;
  remote?: RtpAddress;
  /** Latch onto the peer's source address; true by default. */
  symmetric?: boolean;
  cname?: string;
  /** Mean RTCP report interval (RFC 3550 §6.2), 5 s by default; 0 disables reports. */
  rtcpIntervalMs?: number;
}

/** Traffic counters of one endpoint. */
export interface RtpEndpointCounters {
  packetsIn: number;
  packetsOut: number;
  bytesIn: number;
  bytesOut: number;
  lost: number;
  late: number;
  /** Datagrams that were not valid RTP/RTCP. */
  malformed: number;
  /** Valid packets from an address other than the latched peer. */
  foreign: number;
  unknownPayload: number;
  rtcpIn: number;
  rtcpOut: number;
  sendErrors: number;
}
