/** Reads the UDP payloads of a classic libpcap file (Ethernet or Linux cooked capture). */
export function udpPayloadsFromPcap(bytes: Uint8Array): { timeMs: number; payload: Uint8Array }[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = v.getUint32(0, true);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const nanos = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  const linkType = v.getUint32(20, le);
  const linkHeader = linkType === 1 ? 14 : linkType === 113 ? 16 : linkType === 101 ? 0 : -1;
  if (linkHeader < 0) throw new Error(`Unsupported pcap link type ${linkType}`);
  const out: { timeMs: number; payload: Uint8Array }[] = [];
  let offset = 24;
  for (let n = 0; n < 100_000 && offset + 16 <= bytes.length; n++) {
    const sec = v.getUint32(offset, le);
    const frac = v.getUint32(offset + 4, le);
    const caplen = v.getUint32(offset + 8, le);
    const frame = bytes.subarray(offset + 16, offset + 16 + caplen);
    offset += 16 + caplen;
    const ip = frame.subarray(linkHeader);
    if (ip.length < 20 || ip[0] >> 4 !== 4 || ip[9] !== 17) continue;
    const udp = ip.subarray((ip[0] & 0x0f) * 4);
    const udpLength = (udp[4] << 8) | udp[5];
    out.push({
      timeMs: sec * 1000 + (nanos ? frac / 1e6 : frac / 1e3),
      payload: udp.subarray(8, udpLength),
    });
  }
  return out;
}
