/**
 * Options, counters and states of a {@link WebRtcEndpoint}.
 *
 * @module
 */

import type { Clock } from "../clock/mod.ts";
import type { G711Law } from "./g711.ts";
import type { MediaLegCounters } from "./media_leg.ts";

/** A STUN or TURN server for agents behind NAT. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** Options for {@link WebRtcEndpoint}. */
export interface WebRtcEndpointOptions {
  clock: Clock;
  /** Laws we accept, most preferred first; both by default. */
  codecs?: readonly G711Law[];
  /** Negotiate RFC 4733 telephone-event; true by default. */
  telephoneEvent?: boolean;
  /** Bind ICE to this IPv4 address only (host candidates on it alone). */
  bindAddress?: string;
  /** Extra host-candidate addresses werift would skip, such as 127.0.0.1. */
  hostAddresses?: string[];
  /** Address a static 1:1 NAT maps to us; advertised as a server-reflexive candidate. */
  publicAddress?: string;
  iceServers?: IceServer[];
  /** Answer as an ICE-lite agent (RFC 8445 §2.5); full ICE by default. */
  iceLite?: boolean;
  /** UDP port range for ICE sockets. */
  portRange?: [number, number];
  /** Longest wait for candidate gathering (STUN/TURN) before the SDP goes out. */
  gatherTimeoutMs?: number;
  /** "lean" (default): our SRTP on the keys werift's DTLS exports. "werift": stock. */
  srtp?: "lean" | "werift";
  /** Mean RTCP report interval; 5 s by default (lean path only). */
  rtcpIntervalMs?: number;
  /**
   * Lean path: once connected, take the ICE socket from werift and carry media on our
   * own UDP socket (see _ice_socket.ts); true by default, where Deno's datagram API exists.
   */
  directSocket?: boolean;
}

/** Counters of a WebRTC leg. */
export interface WebRtcEndpointCounters extends MediaLegCounters {
  /** SRTP/SRTCP packets that failed authentication or were replays. */
  authFailures: number;
  unknownPayload: number;
  rtcpIn: number;
  rtcpOut: number;
}

export type WebRtcState = "new" | "connecting" | "connected" | "failed" | "closed";
