/**
 * RTP fixed header and payload (RFC 3550 §5.1), parsed without trusting the input: a
 * datagram from the network either yields a packet or a reason it was rejected.
 *
 * @module
 */

/** Header extension (RFC 3550 §5.3.1): a profile-defined 16-bit id and 32-bit-word data. */
export interface RtpHeaderExtension {
  profile: number;
  data: Uint8Array;
}

/** One RTP packet. Version is always 2 and is not stored. */
export interface RtpPacket {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  csrc: number[];
  extension?: RtpHeaderExtension;
  payload: Uint8Array;
  /** Number of padding octets removed from (or to append to) the payload. */
  paddingLength: number;
}

/** Outcome of {@link parseRtp}: a packet, or why the bytes are not one. */
export type RtpParseResult =
  | { ok: true; packet: RtpPacket }
  | { ok: false; reason: string };

const FIXED_HEADER = 12;

/** Network-order (big-endian) 16 and 32-bit fields. */
const uint16 = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];
const uint32 = (b: Uint8Array, at: number) =>
  ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;

/** Parses one datagram as RTP. Never throws; rejects anything malformed. */
export function parseRtp(bytes: Uint8Array): RtpParseResult {
  if (bytes.length < FIXED_HEADER) return fail("shorter than the RTP fixed header");
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 >> 6 !== 2) return fail(`unsupported RTP version ${b0 >> 6}`);
  const hasPadding = (b0 & 0x20) !== 0;
  const hasExtension = (b0 & 0x10) !== 0;
  const csrcCount = b0 & 0x0f;
  // Fields are read byte by byte: a DataView per packet was a visible part of what every
  // received packet allocates.
  let offset = FIXED_HEADER;

  if (bytes.length < offset + csrcCount * 4) return fail("truncated CSRC list");
  const csrc: number[] = [];
  for (let i = 0; i < csrcCount; i++) {
    csrc.push(uint32(bytes, offset));
    offset += 4;
  }

  let extension: RtpHeaderExtension | undefined;
  if (hasExtension) {
    // RFC 3550 §5.3.1: 16-bit profile field, 16-bit length in 32-bit words.
    if (bytes.length < offset + 4) return fail("truncated header extension");
    const profile = uint16(bytes, offset);
    const words = uint16(bytes, offset + 2);
    offset += 4;
    if (bytes.length < offset + words * 4) return fail("truncated header extension data");
    extension = { profile, data: bytes.slice(offset, offset + words * 4) };
    offset += words * 4;
  }

  let end = bytes.length;
  let paddingLength = 0;
  if (hasPadding) {
    // RFC 3550 §5.1: the last octet counts the padding octets, itself included.
    paddingLength = bytes[bytes.length - 1];
    if (paddingLength === 0 || end - paddingLength < offset) return fail("invalid padding length");
    end -= paddingLength;
  }

  return {
    ok: true,
    packet: {
      marker: (b1 & 0x80) !== 0,
      payloadType: b1 & 0x7f,
      sequenceNumber: uint16(bytes, 2),
      timestamp: uint32(bytes, 4),
      ssrc: uint32(bytes, 8),
      csrc,
      extension,
      payload: bytes.subarray(offset, end),
      paddingLength,
    },
  };
}

/** Fields accepted by {@link serializeRtp}; omitted optional fields take their defaults. */
export type RtpPacketInit =
  & Pick<RtpPacket, "payloadType" | "sequenceNumber" | "timestamp" | "ssrc" | "payload">
  & Partial<Pick<RtpPacket, "marker" | "csrc" | "extension" | "paddingLength">>;

/** Serializes an RTP packet. Throws RangeError on fields that cannot be encoded. */
export function serializeRtp(packet: RtpPacketInit): Uint8Array {
  const csrc = packet.csrc ?? [];
  const padding = packet.paddingLength ?? 0;
  const ext = packet.extension;
  if (csrc.length > 15) throw new RangeError("An RTP packet carries at most 15 CSRCs");
  if (packet.payloadType < 0 || packet.payloadType > 127) {
    throw new RangeError(`Payload type out of range: ${packet.payloadType}`);
  }
  if (padding < 0 || padding > 255) throw new RangeError(`Padding out of range: ${padding}`);
  if (ext && ext.data.length % 4 !== 0) {
    throw new RangeError("Header extension data must be a whole number of 32-bit words");
  }
  const extLength = ext ? 4 + ext.data.length : 0;
  const total = FIXED_HEADER + csrc.length * 4 + extLength + packet.payload.length + padding;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x80 | (padding > 0 ? 0x20 : 0) | (ext ? 0x10 : 0) | csrc.length;
  bytes[1] = (packet.marker ? 0x80 : 0) | packet.payloadType;
  view.setUint16(2, packet.sequenceNumber & 0xffff);
  view.setUint32(4, packet.timestamp >>> 0);
  view.setUint32(8, packet.ssrc >>> 0);
  let offset = FIXED_HEADER;
  for (const id of csrc) {
    view.setUint32(offset, id >>> 0);
    offset += 4;
  }
  if (ext) {
    view.setUint16(offset, ext.profile & 0xffff);
    view.setUint16(offset + 2, ext.data.length / 4);
    bytes.set(ext.data, offset + 4);
    offset += 4 + ext.data.length;
  }
  bytes.set(packet.payload, offset);
  if (padding > 0) bytes[total - 1] = padding;
  return bytes;
}

/**
 * Writes a fixed RTP header without CSRCs or extension (RFC 3550 §5.1) into the first 12
 * bytes of `bytes`, for senders that build the payload in place behind it.
 */
export function writeRtpHeader(
  bytes: Uint8Array,
  payloadType: number,
  marker: boolean,
  sequenceNumber: number,
  timestamp: number,
  ssrc: number,
): void {
  bytes[0] = 0x80;
  bytes[1] = (marker ? 0x80 : 0) | (payloadType & 0x7f);
  bytes[2] = (sequenceNumber >>> 8) & 0xff;
  bytes[3] = sequenceNumber & 0xff;
  bytes[4] = timestamp >>> 24;
  bytes[5] = (timestamp >>> 16) & 0xff;
  bytes[6] = (timestamp >>> 8) & 0xff;
  bytes[7] = timestamp & 0xff;
  bytes[8] = ssrc >>> 24;
  bytes[9] = (ssrc >>> 16) & 0xff;
  bytes[10] = (ssrc >>> 8) & 0xff;
  bytes[11] = ssrc & 0xff;
}

/** Size of the fixed RTP header that {@link writeRtpHeader} writes. */
export const RTP_HEADER_BYTES = FIXED_HEADER;

/**
 * True when a datagram on a shared RTP/RTCP port is RTCP: RFC 5761 §4 reserves second
 * octets 192–223 (packet types 64–95 with the marker bit) for RTCP.
 */
export function isRtcpPacket(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] >> 6 === 2 && bytes[1] >= 192 && bytes[1] <= 223;
}

function fail(reason: string): RtpParseResult {
  return { ok: false, reason };
}
