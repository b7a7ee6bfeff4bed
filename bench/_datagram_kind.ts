/**
 * What a datagram on a WebRTC leg's 5-tuple carries, from its first byte (RFC 7983 §7):
 * 0–3 STUN, 20–63 DTLS, 128–191 RTP or RTCP; RTCP (RFC 5761 §4) has a second byte of
 * 192–223, packet types 200–204 and their neighbours, which read as RTP payload types
 * 64–95 with the marker bit. Everything else (ZRTP, TURN channels, unassigned) is "other".
 *
 * @module
 */

/** The kinds a relay in front of a WebRTC peer tells apart. */
export type DatagramKind = "stun" | "dtls" | "rtp" | "rtcp" | "other";

/** Classifies the first `length` bytes of `bytes`. */
export function datagramKind(bytes: Uint8Array, length = bytes.length): DatagramKind {
  if (length < 1) return "other";
  const first = bytes[0];
  if (first <= 3) return "stun";
  if (first >= 20 && first <= 63) return "dtls";
  if (first >= 128 && first <= 191) {
    if (length < 12) return "other";
    const type = bytes[1] & 0x7f;
    return type >= 64 && type <= 95 ? "rtcp" : "rtp";
  }
  return "other";
}
