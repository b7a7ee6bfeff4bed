/**
 * RFC 4733 key captures for SIPp with sequence numbers and timestamps of our choosing.
 * SIPp replays its dtmf_2833_*.pcap as recorded, and some keys were recorded just before
 * others (4 before 5): sent in that order they look like late packets and are dropped,
 * as they would be from a real phone. A copy renumbered to follow the previous key is
 * what a phone would have sent.
 */
import { keys } from "./ivr_calls.ts";

const PCAPS = "/usr/share/sip-tester";
/** pcap file header, then per packet a 16-byte record header; Ethernet + IPv4 + UDP = 42 bytes. */
const FILE_HEADER = 24;
const RECORD_HEADER = 16;
const RTP_AT = 42;

/**
 * Writes SIPp's capture of `key` renumbered so its first packet has sequence number
 * `sequence` and RTP timestamp `timestamp`, and returns the scenario step that plays it.
 */
export async function renumberedKey(
  key: string,
  sequence: number,
  timestamp: number,
  dir: string,
): Promise<string> {
  const bytes = await Deno.readFile(`${PCAPS}/dtmf_2833_${key}.pcap`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let firstSeq: number | undefined;
  let firstTs: number | undefined;
  for (let at = FILE_HEADER; at + RECORD_HEADER <= bytes.length;) {
    const length = view.getUint32(at + 8, true);
    const rtp = at + RECORD_HEADER + RTP_AT;
    const seq = view.getUint16(rtp + 2);
    const ts = view.getUint32(rtp + 4);
    firstSeq ??= seq;
    firstTs ??= ts;
    view.setUint16(rtp + 2, (sequence + seq - firstSeq) & 0xffff);
    view.setUint32(rtp + 4, (timestamp + ts - firstTs) >>> 0);
    // A zero UDP checksum means "none" (RFC 768): the rewritten one would be wrong.
    view.setUint16(at + RECORD_HEADER + 40, 0);
    at += RECORD_HEADER + length;
  }
  const path = `${dir}/dtmf_${key}_${sequence}.pcap`;
  await Deno.writeFile(path, bytes);
  return keys(key).replace(`${PCAPS}/dtmf_2833_${key}.pcap`, path);
}
