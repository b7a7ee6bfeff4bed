/**
 * RTCP packets (RFC 3550 §6): Sender Report, Receiver Report, SDES CNAME and BYE, in
 * compound packets. Parsing never throws; unknown packet types are skipped whole.
 *
 * @module
 */

/** One reception report block (RFC 3550 §6.4.1). */
export interface ReportBlock {
  ssrc: number;
  /** Fraction lost since the previous report, 0–255 (fixed point /256). */
  fractionLost: number;
  /** Cumulative packets lost; may be negative when duplicates arrive. */
  cumulativeLost: number;
  extendedHighestSeq: number;
  /** Interarrival jitter in timestamp units. */
  jitter: number;
  /** Middle 32 bits of the last SR's NTP timestamp, 0 when none. */
  lastSr: number;
  /** Delay since that SR in units of 1/65536 s. */
  delaySinceLastSr: number;
}

export interface SenderReport {
  type: "sr";
  ssrc: number;
  ntpSeconds: number;
  ntpFraction: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
  reports: ReportBlock[];
}

export interface ReceiverReport {
  type: "rr";
  ssrc: number;
  reports: ReportBlock[];
}

export interface SourceDescription {
  type: "sdes";
  chunks: { ssrc: number; cname?: string }[];
}

export interface Goodbye {
  type: "bye";
  ssrcs: number[];
  reason?: string;
}

/** The RTCP packets this module understands. */
export type RtcpPacket = SenderReport | ReceiverReport | SourceDescription | Goodbye;

const PT_SR = 200;
const PT_RR = 201;
const PT_SDES = 202;
const PT_BYE = 203;
const SDES_CNAME = 1;
// Seconds between the NTP era (1900) and the Unix epoch (1970).
const NTP_UNIX_OFFSET = 2208988800;

/** Converts Unix milliseconds to a 64-bit NTP timestamp (RFC 3550 §4). */
export function ntpFromUnixMs(ms: number): { seconds: number; fraction: number } {
  const total = ms / 1000 + NTP_UNIX_OFFSET;
  const seconds = Math.floor(total);
  const fraction = Math.floor((total - seconds) * 0x100000000);
  return { seconds: seconds >>> 0, fraction: fraction >>> 0 };
}

/** The middle 32 bits of an NTP timestamp, as carried in LSR (RFC 3550 §6.4.1). */
export function ntpMiddle32(seconds: number, fraction: number): number {
  return (((seconds & 0xffff) << 16) | (fraction >>> 16)) >>> 0;
}

/** What a sender knows when it is time to report (RFC 3550 §6.4). */
export interface ReportState {
  ssrc: number;
  nowMs: number;
  /** The RTP timestamp that corresponds to `nowMs` on the outgoing stream. */
  rtpTimestamp: number;
  packetsSent: number;
  octetsSent: number;
  /** One block per source heard since the last report. */
  reports: ReportBlock[];
  cname: string;
}

/**
 * Builds the compound packet sent at each report interval: an SR when we have sent
 * media, otherwise an RR, then SDES with the CNAME (RFC 3550 §6.1 requires both), then
 * any extra packets such as a BYE.
 */
export function buildReportPackets(state: ReportState, extra: RtcpPacket[] = []): RtcpPacket[] {
  const ntp = ntpFromUnixMs(state.nowMs);
  const report: RtcpPacket = state.packetsSent > 0
    ? {
      type: "sr",
      ssrc: state.ssrc,
      ntpSeconds: ntp.seconds,
      ntpFraction: ntp.fraction,
      rtpTimestamp: state.rtpTimestamp >>> 0,
      packetCount: state.packetsSent,
      octetCount: state.octetsSent,
      reports: state.reports,
    }
    : { type: "rr", ssrc: state.ssrc, reports: state.reports };
  return [report, { type: "sdes", chunks: [{ ssrc: state.ssrc, cname: state.cname }] }, ...extra];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Serializes packets into one compound RTCP datagram (RFC 3550 §6.1). */
export function serializeRtcp(packets: readonly RtcpPacket[]): Uint8Array {
  const parts = packets.map(serializeOne);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function serializeOne(packet: RtcpPacket): Uint8Array {
  switch (packet.type) {
    case "sr": {
      const body = new Uint8Array(24 + packet.reports.length * 24);
      const v = new DataView(body.buffer);
      v.setUint32(0, packet.ssrc >>> 0);
      v.setUint32(4, packet.ntpSeconds >>> 0);
      v.setUint32(8, packet.ntpFraction >>> 0);
      v.setUint32(12, packet.rtpTimestamp >>> 0);
      v.setUint32(16, packet.packetCount >>> 0);
      v.setUint32(20, packet.octetCount >>> 0);
      packet.reports.forEach((r, i) => writeReportBlock(v, 24 + i * 24, r));
      return withHeader(PT_SR, packet.reports.length, body);
    }
    case "rr": {
      const body = new Uint8Array(4 + packet.reports.length * 24);
      const v = new DataView(body.buffer);
      v.setUint32(0, packet.ssrc >>> 0);
      packet.reports.forEach((r, i) => writeReportBlock(v, 4 + i * 24, r));
      return withHeader(PT_RR, packet.reports.length, body);
    }
    case "sdes": {
      // RFC 3550 §6.5: each chunk is SSRC, items, a null item, padded to 32 bits.
      const chunks = packet.chunks.map((c) => {
        const text = c.cname === undefined ? new Uint8Array(0) : encoder.encode(c.cname);
        if (text.length > 255) throw new RangeError("CNAME longer than 255 octets");
        const itemsLength = c.cname === undefined ? 0 : 2 + text.length;
        const size = Math.ceil((4 + itemsLength + 1) / 4) * 4;
        const chunk = new Uint8Array(size);
        new DataView(chunk.buffer).setUint32(0, c.ssrc >>> 0);
        if (c.cname !== undefined) {
          chunk[4] = SDES_CNAME;
          chunk[5] = text.length;
          chunk.set(text, 6);
        }
        return chunk;
      });
      return withHeader(PT_SDES, chunks.length, concat(chunks));
    }
    case "bye": {
      const reason = packet.reason === undefined ? undefined : encoder.encode(packet.reason);
      const reasonSize = reason ? Math.ceil((1 + reason.length) / 4) * 4 : 0;
      const body = new Uint8Array(packet.ssrcs.length * 4 + reasonSize);
      const v = new DataView(body.buffer);
      packet.ssrcs.forEach((s, i) => v.setUint32(i * 4, s >>> 0));
      if (reason) {
        body[packet.ssrcs.length * 4] = Math.min(255, reason.length);
        body.set(reason.subarray(0, 255), packet.ssrcs.length * 4 + 1);
      }
      return withHeader(PT_BYE, packet.ssrcs.length, body);
    }
  }
}

function withHeader(pt: number, count: number, body: Uint8Array): Uint8Array {
  if (count > 31) throw new RangeError("An RTCP packet holds at most 31 items");
  const out = new Uint8Array(4 + body.length);
  out[0] = 0x80 | count;
  out[1] = pt;
  // RFC 3550 §6.4.1: length in 32-bit words minus one.
  new DataView(out.buffer).setUint16(2, out.length / 4 - 1);
  out.set(body, 4);
  return out;
}

function writeReportBlock(v: DataView, at: number, r: ReportBlock): void {
  v.setUint32(at, r.ssrc >>> 0);
  const lost = Math.max(-0x800000, Math.min(0x7fffff, r.cumulativeLost));
  v.setUint32(at + 4, ((r.fractionLost & 0xff) << 24 | (lost & 0xffffff)) >>> 0);
  v.setUint32(at + 8, r.extendedHighestSeq >>> 0);
  v.setUint32(at + 12, Math.max(0, Math.round(r.jitter)) >>> 0);
  v.setUint32(at + 16, r.lastSr >>> 0);
  v.setUint32(at + 20, r.delaySinceLastSr >>> 0);
}

function readReportBlock(v: DataView, at: number): ReportBlock {
  const word = v.getUint32(at + 4);
  const lost = word & 0xffffff;
  return {
    ssrc: v.getUint32(at),
    fractionLost: word >>> 24,
    cumulativeLost: lost & 0x800000 ? lost - 0x1000000 : lost,
    extendedHighestSeq: v.getUint32(at + 8),
    jitter: v.getUint32(at + 12),
    lastSr: v.getUint32(at + 16),
    delaySinceLastSr: v.getUint32(at + 20),
  };
}

/** Outcome of {@link parseRtcp}. */
export type RtcpParseResult =
  | { ok: true; packets: RtcpPacket[] }
  | { ok: false; reason: string };

/** Parses a compound RTCP datagram. Never throws; unknown packet types are skipped. */
export function parseRtcp(bytes: Uint8Array): RtcpParseResult {
  const packets: RtcpPacket[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  if (bytes.length < 4) return { ok: false, reason: "shorter than an RTCP header" };
  while (offset < bytes.length) {
    if (bytes.length - offset < 4) return { ok: false, reason: "trailing bytes after RTCP packet" };
    const b0 = bytes[offset];
    if (b0 >> 6 !== 2) return { ok: false, reason: `unsupported RTCP version ${b0 >> 6}` };
    const count = b0 & 0x1f;
    const pt = bytes[offset + 1];
    const size = (view.getUint16(offset + 2) + 1) * 4;
    if (offset + size > bytes.length) return { ok: false, reason: "truncated RTCP packet" };
    let bodyEnd = offset + size;
    if (b0 & 0x20) {
      const pad = bytes[bodyEnd - 1];
      if (pad === 0 || pad > size - 4) return { ok: false, reason: "invalid RTCP padding" };
      bodyEnd -= pad;
    }
    const body = offset + 4;
    const parsed = parseOne(view, bytes, pt, count, body, bodyEnd);
    if (typeof parsed === "string") return { ok: false, reason: parsed };
    if (parsed) packets.push(parsed);
    offset += size;
  }
  return { ok: true, packets };
}

function parseOne(
  v: DataView,
  bytes: Uint8Array,
  pt: number,
  count: number,
  at: number,
  end: number,
): RtcpPacket | string | undefined {
  switch (pt) {
    case PT_SR: {
      if (end - at < 24 + count * 24) return "truncated sender report";
      const reports = Array.from({ length: count }, (_, i) => readReportBlock(v, at + 24 + i * 24));
      return {
        type: "sr",
        ssrc: v.getUint32(at),
        ntpSeconds: v.getUint32(at + 4),
        ntpFraction: v.getUint32(at + 8),
        rtpTimestamp: v.getUint32(at + 12),
        packetCount: v.getUint32(at + 16),
        octetCount: v.getUint32(at + 20),
        reports,
      };
    }
    case PT_RR: {
      if (end - at < 4 + count * 24) return "truncated receiver report";
      const reports = Array.from({ length: count }, (_, i) => readReportBlock(v, at + 4 + i * 24));
      return { type: "rr", ssrc: v.getUint32(at), reports };
    }
    case PT_SDES: {
      const chunks: SourceDescription["chunks"] = [];
      let p = at;
      for (let i = 0; i < count; i++) {
        if (end - p < 4) return "truncated SDES chunk";
        const chunk: { ssrc: number; cname?: string } = { ssrc: v.getUint32(p) };
        p += 4;
        // Items until the null item; each is type, length, text (RFC 3550 §6.5).
        while (p < end && bytes[p] !== 0) {
          if (end - p < 2 || end - p < 2 + bytes[p + 1]) return "truncated SDES item";
          if (bytes[p] === SDES_CNAME) {
            chunk.cname = decoder.decode(bytes.subarray(p + 2, p + 2 + bytes[p + 1]));
          }
          p += 2 + bytes[p + 1];
        }
        p = at + Math.ceil((p + 1 - at) / 4) * 4;
        chunks.push(chunk);
      }
      return { type: "sdes", chunks };
    }
    case PT_BYE: {
      if (end - at < count * 4) return "truncated BYE";
      const ssrcs = Array.from({ length: count }, (_, i) => v.getUint32(at + i * 4));
      const r = at + count * 4;
      let reason: string | undefined;
      if (r < end && end - r - 1 >= bytes[r]) {
        reason = decoder.decode(bytes.subarray(r + 1, r + 1 + bytes[r]));
      }
      return { type: "bye", ssrcs, reason };
    }
    default:
      return undefined;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
