const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * A new call id: a UUID version 7 (RFC 9562 §5.7), 48 bits of Unix milliseconds then 74
 * random bits. Ids made close in time sort close together, so the `calls` key and the
 * `call_events` index take each new call near the last one instead of on a random page:
 * fewer pages to write per commit, and the recent ones stay in SQLite's cache.
 */
export function newCallId(nowMs: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  // §5.7 unix_ts_ms, big-endian; division keeps the 48 bits exact beyond 32-bit shifts.
  let ms = Math.max(0, Math.floor(nowMs));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | (bytes[6] & 0x0f); // §4.2 version 7
  bytes[8] = 0x80 | (bytes[8] & 0x3f); // §4.1 variant 10
  const h = (i: number) => HEX[bytes[i]];
  return `${h(0)}${h(1)}${h(2)}${h(3)}-${h(4)}${h(5)}-${h(6)}${h(7)}-${h(8)}${h(9)}-` +
    `${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
}
