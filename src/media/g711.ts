/**
 * G.711 companding (ITU-T G.711, 1988): µ-law (PCMU, RTP payload type 0) and A-law
 * (PCMA, payload type 8). Decoding is a 256-entry table; encoding is a 64 Ki-entry table
 * indexed by the 16-bit sample, built once on first use, so the hot path is one lookup.
 *
 * @module
 */

/** The two G.711 laws, named as in SDP (RFC 3551 §4.5.14). */
export type G711Law = "PCMU" | "PCMA";

// µ-law: samples are biased by 0x84 before the segment search so that segment 0 has a
// step of 8 like the others would if extended (G.711 Table 2a, 14-bit magnitude scaled to 16).
const ULAW_BIAS = 0x84;
const ULAW_CLIP = 32635;

/** Encodes one 16-bit linear sample to a µ-law byte by computation (used to build the table). */
function ulawFromLinear(sample: number): number {
  let s = sample | 0;
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  if (s > ULAW_CLIP) s = ULAW_CLIP;
  s += ULAW_BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  // G.711 transmits µ-law bytes inverted so that silence is mostly one bits.
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** Decodes one µ-law byte to a 16-bit linear sample by computation. */
function ulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = ((((u & 0x0f) << 3) + ULAW_BIAS) << exponent) - ULAW_BIAS;
  return (u & 0x80) !== 0 ? -magnitude : magnitude;
}

/** Encodes one 16-bit linear sample to an A-law byte by computation. */
function alawFromLinear(sample: number): number {
  // A-law works on 13-bit magnitudes; negative values are offset by one so that the
  // two smallest codes (±8 after decoding) are symmetric (G.711 Table 1a).
  let s = (sample | 0) >> 3;
  let mask: number;
  if (s >= 0) {
    mask = 0xd5; // sign bit set for positive, then the even-bit inversion 0x55
  } else {
    mask = 0x55;
    s = -s - 1;
  }
  let segment = 0;
  // Segment i ends at (32 << i) - 1 (G.711 Table 1a).
  while (segment < 8 && s >= (0x20 << segment)) segment++;
  if (segment >= 8) return 0x7f ^ mask;
  const mantissa = segment < 2 ? (s >> 1) & 0x0f : (s >> segment) & 0x0f;
  return ((segment << 4) | mantissa) ^ mask;
}

/** Decodes one A-law byte to a 16-bit linear sample by computation. */
function alawToLinear(byte: number): number {
  const a = (byte ^ 0x55) & 0xff;
  const segment = (a >> 4) & 0x07;
  let magnitude = (a & 0x0f) << 4;
  // Reconstruct at the middle of the quantisation interval (G.711 Table 1a, column 7).
  if (segment === 0) magnitude += 8;
  else magnitude = (magnitude + 0x108) << (segment - 1);
  return (a & 0x80) !== 0 ? magnitude : -magnitude;
}

function buildDecodeTable(decode: (byte: number) => number): Int16Array {
  const table = new Int16Array(256);
  for (let i = 0; i < 256; i++) table[i] = decode(i);
  return table;
}

const ULAW_DECODE = buildDecodeTable(ulawToLinear);
const ALAW_DECODE = buildDecodeTable(alawToLinear);

let ulawEncodeTable: Uint8Array | undefined;
let alawEncodeTable: Uint8Array | undefined;

function buildEncodeTable(encode: (sample: number) => number): Uint8Array {
  // Indexed by the sample's unsigned 16-bit pattern (sample & 0xffff).
  const table = new Uint8Array(65536);
  for (let i = 0; i < 65536; i++) table[i] = encode((i << 16) >> 16);
  return table;
}

function ulawTable(): Uint8Array {
  return ulawEncodeTable ??= buildEncodeTable(ulawFromLinear);
}

function alawTable(): Uint8Array {
  return alawEncodeTable ??= buildEncodeTable(alawFromLinear);
}

/** Encodes a 16-bit sample (clamped to the Int16 range) to a µ-law byte. */
export function encodeUlaw(sample: number): number {
  return ulawTable()[clampInt16(sample) & 0xffff];
}

/** Decodes a µ-law byte to a 16-bit sample. */
export function decodeUlaw(byte: number): number {
  return ULAW_DECODE[byte & 0xff];
}

/** Encodes a 16-bit sample (clamped to the Int16 range) to an A-law byte. */
export function encodeAlaw(sample: number): number {
  return alawTable()[clampInt16(sample) & 0xffff];
}

/** Decodes an A-law byte to a 16-bit sample. */
export function decodeAlaw(byte: number): number {
  return ALAW_DECODE[byte & 0xff];
}

/** Encodes a PCM frame to G.711 bytes; `out` may be given to avoid an allocation. */
export function encodeG711(
  law: G711Law,
  pcm: Int16Array,
  out: Uint8Array = new Uint8Array(pcm.length),
): Uint8Array {
  if (out.length < pcm.length) throw new RangeError("Output buffer is shorter than the frame");
  const table = law === "PCMU" ? ulawTable() : alawTable();
  for (let i = 0; i < pcm.length; i++) out[i] = table[pcm[i] & 0xffff];
  return out;
}

/** Decodes G.711 bytes to a PCM frame; `out` may be given to avoid an allocation. */
export function decodeG711(
  law: G711Law,
  bytes: Uint8Array,
  out: Int16Array = new Int16Array(bytes.length),
): Int16Array {
  if (out.length < bytes.length) throw new RangeError("Output buffer is shorter than the payload");
  const table = law === "PCMU" ? ULAW_DECODE : ALAW_DECODE;
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i]];
  return out;
}

let ulawToAlawTable: Uint8Array | undefined;
let alawToUlawTable: Uint8Array | undefined;

/**
 * Converts G.711 bytes from one law to the other through linear PCM, byte by byte
 * via a 256-entry table, for legs whose peers negotiated different laws.
 */
export function transcodeG711(from: G711Law, to: G711Law, bytes: Uint8Array): Uint8Array {
  if (from === to) return bytes.slice();
  let table: Uint8Array;
  if (from === "PCMU") {
    table = ulawToAlawTable ??= Uint8Array.from(
      { length: 256 },
      (_, i) => encodeAlaw(decodeUlaw(i)),
    );
  } else {
    table = alawToUlawTable ??= Uint8Array.from(
      { length: 256 },
      (_, i) => encodeUlaw(decodeAlaw(i)),
    );
  }
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i]];
  return out;
}

/** The byte that decodes to (near) zero, for filling silent payloads. */
export function g711Silence(law: G711Law): number {
  return law === "PCMU" ? 0xff : 0xd5;
}

function clampInt16(sample: number): number {
  if (sample > 32767) return 32767;
  if (sample < -32768) return -32768;
  return sample | 0;
}
