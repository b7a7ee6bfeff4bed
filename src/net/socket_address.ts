/**
 * Socket addresses as the C library takes and gives them (`struct sockaddr_in` and
 * `sockaddr_in6`, Linux layout), and as text in the form `node:dgram` writes it.
 *
 * @module
 */

const AF_INET = 2;
const AF_INET6 = 10;
const SOCKADDR_BYTES = 28;

/** The address family a socket bound to `address` has: IPv6 (both families) or IPv4. */
export function familyOf(address: string): number {
  return address.includes(":") ? AF_INET6 : AF_INET;
}

/** A `struct sockaddr_in` or `sockaddr_in6` for `address:port`, or undefined if not an address. */
export function sockaddrFor(address: string, port: number, family: number): Uint8Array | undefined {
  const v4 = parseIpv4(address);
  if (family === AF_INET) {
    if (!v4) return undefined;
    const name = new Uint8Array(16);
    new DataView(name.buffer).setUint16(0, AF_INET, true);
    new DataView(name.buffer).setUint16(2, port, false);
    name.set(v4, 4);
    return name;
  }
  const v6 = v4 ? Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, ...v4) : parseIpv6(address);
  if (!v6) return undefined;
  const name = new Uint8Array(SOCKADDR_BYTES);
  new DataView(name.buffer).setUint16(0, AF_INET6, true);
  new DataView(name.buffer).setUint16(2, port, false);
  name.set(v6, 8);
  return name;
}

/** The address of a `struct sockaddr_in`/`sockaddr_in6` as `node:dgram` writes it. */
export function addressOf(name: Uint8Array): string {
  const family = name[0] | (name[1] << 8);
  if (family === AF_INET) return `${name[4]}.${name[5]}.${name[6]}.${name[7]}`;
  return formatIpv6(name.subarray(8, 24));
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((p) => /^\d{1,3}$/.test(p) ? Number(p) : NaN);
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : undefined;
}

function parseIpv6(text: string): Uint8Array | undefined {
  const address = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  const halves = address.split("::");
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === "") return [];
    const out: number[] = [];
    const parts = half.split(":");
    for (const [index, part] of parts.entries()) {
      // A dotted IPv4 address may end the text (RFC 4291 §2.2, form 3).
      if (index === parts.length - 1 && part.includes(".")) {
        const v4 = parseIpv4(part);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9a-f]{1,4}$/i.test(part)) out.push(parseInt(part, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...new Array(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/** RFC 5952 text: lower case, the longest run of two or more zero groups as "::". */
function formatIpv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  }
  let bestAt = -1, bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestAt, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestAt < 0) return hex.join(":");
  return `${hex.slice(0, bestAt).join(":")}::${hex.slice(bestAt + bestLength).join(":")}`;
}
