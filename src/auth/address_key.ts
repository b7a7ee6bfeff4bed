/**
 * The unit a client address is counted in: an IPv4 address as it is, an IPv6 address
 * by its /64 prefix (one host is routinely given a whole /64, so counting single
 * addresses would let it start afresh at will), an IPv4-mapped IPv6 address as the
 * IPv4 address. Anything unparsable is used verbatim.
 */
export function addressKey(address: string): string {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "").toLowerCase();
  if (!bare.includes(":")) return bare;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(bare);
  if (mapped) return mapped[1];
  const groups = expandIpv6(bare);
  if (!groups) return bare;
  return `${groups.slice(0, 4).join(":")}::/64`;
}

function expandIpv6(text: string): string[] | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.map((g) => g.replace(/^0+(?=.)/, ""));
}
