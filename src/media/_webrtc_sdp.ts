/**
 * Edits to werift's local descriptions before they go to the browser: narrowing the audio
 * formats to the one law chosen (so both sides send the same) and advertising a public
 * address for a 1:1 NAT in front of the appliance.
 *
 * @module
 */

import sdpTransform from "sdp-transform";

interface Candidate {
  foundation: string;
  component: number;
  transport: string;
  priority: number;
  ip: string;
  port: number;
  type: string;
  raddr?: string;
  rport?: number;
  [other: string]: unknown;
}

interface Media {
  type: string;
  port: number;
  payloads?: string;
  rtp?: { payload: number }[];
  fmtp?: { payload: number }[];
  rtcpFb?: { payload: number | string }[];
  candidates?: Candidate[];
  connection?: { version: number; ip: string };
  [other: string]: unknown;
}

/** Keeps only `payloadTypes` (in that order) on every audio m= line. */
export function keepAudioFormats(sdp: string, payloadTypes: readonly number[]): string {
  const session = sdpTransform.parse(sdp) as { media: Media[] };
  for (const m of session.media) {
    if (m.type !== "audio" || m.port === 0) continue;
    const present = String(m.payloads ?? "").split(/\s+/).map(Number);
    const keep = payloadTypes.filter((pt) => present.includes(pt));
    if (keep.length === 0) continue;
    m.payloads = keep.join(" ");
    m.rtp = m.rtp?.filter((r) => keep.includes(r.payload));
    m.fmtp = m.fmtp?.filter((r) => keep.includes(r.payload));
    m.rtcpFb = m.rtcpFb?.filter((r) => r.payload === "*" || keep.includes(Number(r.payload)));
  }
  return sdpTransform.write(session);
}

/**
 * Adds, for each UDP host candidate, a server-reflexive one on `publicAddress` with the
 * same port (RFC 8445 §5.1.1.2): the mapping of a static 1:1 NAT, which the browser can
 * check like any other candidate. Priority per RFC 8445 §5.1.2.1 with type preference 100.
 */
export function addPublicCandidates(sdp: string, publicAddress: string): string {
  const session = sdpTransform.parse(sdp) as { media: Media[] };
  for (const m of session.media) {
    const hosts = (m.candidates ?? []).filter((c) =>
      c.type === "host" && c.transport.toLowerCase() === "udp" && c.ip !== publicAddress &&
      !c.ip.startsWith("127.")
    );
    hosts.forEach((c, i) => {
      m.candidates!.push({
        foundation: `pub${i}`,
        component: c.component,
        transport: c.transport,
        priority: 100 * 2 ** 24 + (65535 - i) * 2 ** 8 + (256 - c.component),
        ip: publicAddress,
        port: c.port,
        type: "srflx",
        raddr: c.ip,
        rport: c.port,
      });
    });
    if (hosts.length > 0) {
      m.connection = { version: publicAddress.includes(":") ? 6 : 4, ip: publicAddress };
      m.port = hosts[0].port;
    }
  }
  return sdpTransform.write(session);
}
