/**
 * Puts a relay between two WebRTC peers by editing their descriptions: each side's UDP
 * candidates are replaced by one host candidate at the relay's address, so that every
 * ICE check, DTLS flight and SRTP packet between them goes through the relay, and the
 * relay learns from the candidates it replaced where to forward what it gets.
 *
 * @module
 */

import sdpTransform from "sdp-transform";

/** An IPv4 address and UDP port. */
export interface HostPort {
  address: string;
  port: number;
}

interface Candidate {
  foundation: string | number;
  component: number;
  transport: string;
  priority: number;
  ip: string;
  port: number;
  type: string;
  [other: string]: unknown;
}

interface Media {
  port: number;
  candidates?: Candidate[];
  connection?: { version: number; ip: string };
  rtcp?: { port: number; netType?: string; ipVer?: number; address?: string };
  [other: string]: unknown;
}

/**
 * Gives `relay` as the only candidate of every m= line of `sdp` that has UDP candidates
 * (the connection address and port too); returns the new description and the distinct
 * RTP (component 1) UDP candidates over IPv4 it replaced, in their order. TCP and IPv6
 * candidates are dropped. Throws when there is none: such a peer could not be relayed.
 */
export function candidatesThroughRelay(
  sdp: string,
  relay: HostPort,
): { sdp: string; replaced: HostPort[] } {
  const session = sdpTransform.parse(sdp) as { media: Media[] };
  const replaced: HostPort[] = [];
  for (const m of session.media) {
    // The relay speaks UDP over IPv4: other candidates are dropped, not relayed.
    const rtp = (m.candidates ?? []).filter((c) =>
      c.transport.toLowerCase() === "udp" && c.component === 1 && !c.ip.includes(":")
    );
    if (rtp.length === 0) continue;
    for (const c of rtp) {
      if (!replaced.some((r) => r.address === c.ip && r.port === c.port)) {
        replaced.push({ address: c.ip, port: c.port });
      }
    }
    const first = rtp[0];
    m.candidates = [{
      foundation: first.foundation,
      component: 1,
      transport: first.transport,
      priority: first.priority,
      ip: relay.address,
      port: relay.port,
      type: "host",
    }];
    m.port = relay.port;
    m.connection = { version: 4, ip: relay.address };
    if (m.rtcp) m.rtcp = { port: relay.port, netType: "IN", ipVer: 4, address: relay.address };
  }
  if (replaced.length === 0) throw new Error("The description has no UDP candidate to relay");
  return { sdp: sdpTransform.write(session), replaced };
}
