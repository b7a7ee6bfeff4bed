/** IPv4 and IPv6 CIDR matching for trunk allowlists. */

function ipv4Bytes(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : undefined;
}

function ipv6Bytes(text: string): number[] | undefined {
  let address = text.replace(/^\[|\]$/g, "").toLowerCase();
  const zone = address.indexOf("%");
  if (zone >= 0) address = address.slice(0, zone);
  let tail: number[] = [];
  const lastColon = address.lastIndexOf(":");
  if (address.includes(".")) {
    const v4 = ipv4Bytes(address.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = v4;
    address = address.slice(0, lastColon) + ":0:0";
  }
  const halves = address.split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === "" ? [] : part.split(":"));
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 && missing !== 0) return undefined;
  if (missing < 0) return undefined;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  const bytes = groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 255];
  });
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** The address as 4 or 16 bytes; IPv4-mapped IPv6 (::ffff:a.b.c.d) becomes IPv4. */
export function ipBytes(text: string): number[] | undefined {
  const v4 = ipv4Bytes(text);
  if (v4) return v4;
  const v6 = ipv6Bytes(text);
  if (!v6) return undefined;
  const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 255 && v6[11] === 255;
  return mapped ? v6.slice(12) : v6;
}

export interface Cidr {
  bytes: number[];
  prefix: number;
}

/** Parses `10.0.0.0/8`, `2001:db8::/32` or a bare address; throws RangeError when invalid. */
export function parseCidr(text: string): Cidr {
  const [address, prefixText] = text.trim().split("/");
  const bytes = ipBytes(address);
  if (!bytes) throw new RangeError(`"${text}" is not an IP address or CIDR block`);
  const max = bytes.length * 8;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (
    !Number.isInteger(prefix) || prefix < 0 || prefix > max ||
    (prefixText !== undefined && !/^\d+$/.test(prefixText))
  ) {
    throw new RangeError(`"${text}" has a prefix length outside 0–${max}`);
  }
  return { bytes, prefix };
}

export function cidrContains(cidr: Cidr, address: string): boolean {
  const bytes = ipBytes(address);
  if (!bytes || bytes.length !== cidr.bytes.length) return false;
  let bits = cidr.prefix;
  for (let i = 0; i < bytes.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i] & mask) !== (cidr.bytes[i] & mask)) return false;
  }
  return true;
}
