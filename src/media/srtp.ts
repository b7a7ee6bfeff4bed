/**
 * SRTP and SRTCP (RFC 3711) with the AES_CM_128_HMAC_SHA1_80 suite, the one WebRTC
 * browsers always offer (RFC 5764 §4.1.2), kept cheap per packet:
 *
 * - AES counter mode is computed as AES-ECB over counter blocks on one long-lived
 *   cipher per session key. The keystream depends only on SSRC and packet index, so it
 *   is produced ahead for a run of packet indices in one call and XORed in place;
 * - HMAC-SHA1 uses pad states hashed once per key ({@link HmacSha1});
 * - the in-place variants ({@link SrtpContext.protectRtpInPlace},
 *   {@link SrtpContext.unprotectRtpInPlace}) let a leg that owns its buffers protect and
 *   unprotect without allocating per packet.
 *
 * One {@link SrtpContext} protects one direction (our sending keys, or the peer's).
 *
 * @module
 */

import { type Cipheriv as Cipher, createCipheriv } from "node:crypto";
import { HmacSha1 } from "./_hmac_sha1.ts";

/** RFC 3711 §4.3.1 key derivation labels. */
const LABEL = {
  rtpKey: 0,
  rtpAuth: 1,
  rtpSalt: 2,
  rtcpKey: 3,
  rtcpAuth: 4,
  rtcpSalt: 5,
} as const;
const TAG = 10; // HMAC-SHA1-80
const BLOCK = 16;
/** Packet indices whose keystream is produced in one cipher call. */
const BATCH = 32;
/** Keystream bytes kept per index in a batch: 12 blocks cover 20 ms of G.711 and more. */
const BATCH_BLOCKS = 12;
const MAX_ROC = 0xffffffff;

/** Counters of one context, for the leg's statistics. */
export interface SrtpCounters {
  /** Packets refused: bad tag, too short, or replayed. */
  authFailures: number;
  replays: number;
  /** Keystream produced per packet rather than from a prepared run. */
  keystreamMisses: number;
}

/** Master key and salt of one direction, as exported from DTLS (RFC 5764 §4.2). */
export interface SrtpMasterKey {
  key: Uint8Array;
  salt: Uint8Array;
}

interface Stream {
  roc: number;
  /** Highest sequence number seen (receiving) or last sent (sending). */
  seq: number;
  started: boolean;
  /**
   * Replay bitmap of the 64 indices up to the highest (RFC 3711 §3.3.2), as two 32-bit
   * halves: bit n of `windowLow` is index highest − n, bit n of `windowHigh` highest − 32 − n.
   * (A bigint allocated on every update.)
   */
  windowLow: number;
  windowHigh: number;
  highest: number;
  /** First index of the prepared keystream run, or -1. */
  runStart: number;
  run: Uint8Array;
}

/** One direction's SRTP/SRTCP crypto state. */
export class SrtpContext {
  readonly #rtpCipher: Cipher;
  readonly #rtpSalt: Uint8Array;
  readonly #rtpAuth: HmacSha1;
  readonly #rtcpCipher: Cipher;
  readonly #rtcpSalt: Uint8Array;
  readonly #rtcpAuth: HmacSha1;
  readonly #streams = new Map<number, Stream>();
  /** The last stream looked up: a leg has one SSRC each way. */
  #lastStream: Stream | undefined;
  #lastSsrc = -1;
  /** Counter blocks for one keystream run, reused for every run. */
  readonly #counters = new Uint8Array(BATCH * BATCH_BLOCKS * BLOCK);
  readonly #tag = new Uint8Array(TAG);
  #rtcpIndex = 0;
  readonly counters: SrtpCounters = { authFailures: 0, replays: 0, keystreamMisses: 0 };

  constructor(master: SrtpMasterKey) {
    if (master.key.length !== 16) throw new RangeError("AES-128 master keys are 16 bytes");
    if (master.salt.length !== 14) throw new RangeError("SRTP master salts are 14 bytes");
    const kdf = ecb(master.key);
    const derive = (label: number, length: number) => deriveKey(kdf, master.salt, label, length);
    this.#rtpCipher = ecb(derive(LABEL.rtpKey, 16));
    this.#rtpAuth = new HmacSha1(derive(LABEL.rtpAuth, 20));
    this.#rtpSalt = derive(LABEL.rtpSalt, 14);
    this.#rtcpCipher = ecb(derive(LABEL.rtcpKey, 16));
    this.#rtcpAuth = new HmacSha1(derive(LABEL.rtcpAuth, 20));
    this.#rtcpSalt = derive(LABEL.rtcpSalt, 14);
  }

  /** Encrypts and authenticates one RTP packet (RFC 3711 §3.1); returns a new buffer. */
  protectRtp(packet: Uint8Array): Uint8Array {
    const out = new Uint8Array(packet.length + TAG);
    out.set(packet);
    this.protectRtpInPlace(out, packet.length);
    return out;
  }

  /**
   * Protects the RTP packet in `buf[0, length)` where it lies, the tag written behind it
   * (`buf` needs {@link SRTP_AUTH_TAG_BYTES} to spare); returns the SRTP packet's length.
   */
  protectRtpInPlace(buf: Uint8Array, length: number): number {
    if (buf.length < length + TAG) throw new RangeError("No room for the SRTP tag");
    const offset = rtpHeaderLength(buf, length);
    if (offset < 0) throw new RangeError("Not an RTP packet");
    const ssrc = readUint32(buf, 8);
    const seq = (buf[2] << 8) | buf[3];
    const stream = this.#stream(ssrc);
    // RFC 3711 §3.3.1: the sender's ROC counts wraps of its own sequence numbers.
    if (stream.started && seq < stream.seq && stream.seq - seq > 0x8000) {
      stream.roc = stream.roc === MAX_ROC ? 0 : stream.roc + 1;
    }
    stream.seq = seq;
    stream.started = true;
    this.#applyKeystream(stream, ssrc, stream.roc * 0x10000 + seq, buf, offset, length);
    // RFC 3711 §4.2: the tag covers the encrypted packet and then the ROC.
    this.#rtpAuth.update(buf, 0, length);
    this.#rtpAuth.updateUint32(stream.roc);
    this.#rtpAuth.digestInto(buf, length, TAG);
    return length + TAG;
  }

  /**
   * Authenticates and decrypts one SRTP packet (RFC 3711 §3.3); returns the RTP packet,
   * or undefined when it fails authentication or is a replay.
   */
  unprotectRtp(packet: Uint8Array): Uint8Array | undefined {
    const copy = packet.slice();
    const length = this.unprotectRtpInPlace(copy);
    return length < 0 ? undefined : copy.subarray(0, length);
  }

  /**
   * {@link unprotectRtp} without a copy: the RTP packet is decrypted where it lies, and its
   * length returned (it is then `packet.subarray(0, length)`); -1 when the packet fails
   * authentication or is a replay, and `packet` is left as it was.
   */
  unprotectRtpInPlace(packet: Uint8Array): number {
    const end = packet.length - TAG;
    const offset = rtpHeaderLength(packet, end);
    if (offset < 0) {
      this.counters.authFailures++;
      return -1;
    }
    const ssrc = readUint32(packet, 8);
    const seq = (packet[2] << 8) | packet[3];
    const stream = this.#stream(ssrc);
    const roc = stream.started ? estimateRoc(stream.roc, stream.seq, seq) : stream.roc;
    const index = roc * 0x10000 + seq;
    if (stream.started && this.#isReplay(stream, index)) {
      this.counters.replays++;
      return -1;
    }
    this.#rtpAuth.update(packet, 0, end);
    this.#rtpAuth.updateUint32(roc);
    this.#rtpAuth.digestInto(this.#tag, 0, TAG);
    if (!equalTail(this.#tag, packet, end)) {
      this.counters.authFailures++;
      return -1;
    }
    this.#applyKeystream(stream, ssrc, index, packet, offset, end);
    // Only an authenticated packet may move the stream state (RFC 3711 §3.3.1).
    this.#markSeen(stream, index);
    if (!stream.started || index > stream.roc * 0x10000 + stream.seq) {
      stream.roc = roc;
      stream.seq = seq;
    }
    stream.started = true;
    return end;
  }

  /** Encrypts and authenticates one compound RTCP packet (RFC 3711 §3.4). */
  protectRtcp(packet: Uint8Array): Uint8Array {
    if (packet.length < 8) throw new RangeError("Not an RTCP packet");
    const index = this.#rtcpIndex;
    this.#rtcpIndex = (this.#rtcpIndex + 1) & 0x7fffffff;
    const out = new Uint8Array(packet.length + 4 + TAG);
    out.set(packet);
    const ssrc = readUint32(packet, 4);
    xorKeystream(this.#rtcpCipher, this.#rtcpSalt, ssrc, index, out, 8, packet.length);
    // E flag set: the packet is encrypted; then the 31-bit SRTCP index.
    writeUint32(out, packet.length, (0x80000000 | index) >>> 0);
    this.#rtcpAuth.update(out, 0, packet.length + 4);
    this.#rtcpAuth.digestInto(out, packet.length + 4, TAG);
    return out;
  }

  /** Authenticates and decrypts one SRTCP packet; undefined when it fails. */
  unprotectRtcp(packet: Uint8Array): Uint8Array | undefined {
    const end = packet.length - TAG - 4;
    if (end < 8) {
      this.counters.authFailures++;
      return undefined;
    }
    this.#rtcpAuth.update(packet, 0, end + 4);
    this.#rtcpAuth.digestInto(this.#tag, 0, TAG);
    if (!equalTail(this.#tag, packet, end + 4)) {
      this.counters.authFailures++;
      return undefined;
    }
    const word = readUint32(packet, end);
    const out = packet.slice(0, end);
    if (word & 0x80000000) {
      xorKeystream(
        this.#rtcpCipher,
        this.#rtcpSalt,
        readUint32(out, 4),
        word & 0x7fffffff,
        out,
        8,
        end,
      );
    }
    return out;
  }

  #stream(ssrc: number): Stream {
    if (ssrc === this.#lastSsrc) return this.#lastStream!;
    let s = this.#streams.get(ssrc);
    if (!s) {
      s = {
        roc: 0,
        seq: 0,
        started: false,
        windowLow: 0,
        windowHigh: 0,
        highest: -1,
        runStart: -1,
        run: new Uint8Array(0),
      };
      this.#streams.set(ssrc, s);
    }
    this.#lastSsrc = ssrc;
    this.#lastStream = s;
    return s;
  }

  #applyKeystream(
    stream: Stream,
    ssrc: number,
    index: number,
    buf: Uint8Array,
    from: number,
    to: number,
  ): void {
    const length = to - from;
    if (length > BATCH_BLOCKS * BLOCK) {
      this.counters.keystreamMisses++;
      xorKeystream(this.#rtpCipher, this.#rtpSalt, ssrc, index, buf, from, to);
      return;
    }
    if (stream.runStart < 0 || index < stream.runStart || index >= stream.runStart + BATCH) {
      if (stream.runStart >= 0 && index < stream.runStart) {
        // A late packet from before the prepared run: not worth moving the run back.
        this.counters.keystreamMisses++;
        xorKeystream(this.#rtpCipher, this.#rtpSalt, ssrc, index, buf, from, to);
        return;
      }
      this.#prepareRun(stream, ssrc, index);
    }
    const ks = stream.run;
    const base = (index - stream.runStart) * BATCH_BLOCKS * BLOCK;
    for (let i = 0; i < length; i++) buf[from + i] ^= ks[base + i];
  }

  #prepareRun(stream: Stream, ssrc: number, first: number): void {
    const counters = this.#counters;
    for (let p = 0; p < BATCH; p++) {
      const at = p * BATCH_BLOCKS * BLOCK;
      writeCounterBlock(counters, at, this.#rtpSalt, ssrc, first + p);
      // The packet's other blocks differ from its first only in the block counter.
      for (let b = 1; b < BATCH_BLOCKS; b++) {
        const to = at + b * BLOCK;
        counters.copyWithin(to, at, at + 14);
        counters[to + 14] = b >> 8;
        counters[to + 15] = b & 0xff;
      }
    }
    stream.run = this.#rtpCipher.update(counters);
    stream.runStart = first;
  }

  #isReplay(stream: Stream, index: number): boolean {
    if (index > stream.highest) return false;
    const delta = stream.highest - index;
    if (delta >= 64) return true; // too old to tell: RFC 3711 §3.3.2 says drop
    const bits = delta < 32 ? stream.windowLow >>> delta : stream.windowHigh >>> (delta - 32);
    return (bits & 1) === 1;
  }

  #markSeen(stream: Stream, index: number): void {
    if (index > stream.highest) {
      const shift = stream.highest < 0 ? 64 : index - stream.highest;
      let low = stream.windowLow, high = stream.windowHigh;
      if (shift >= 64) {
        low = 0;
        high = 0;
      } else if (shift >= 32) {
        high = low << (shift - 32);
        low = 0;
      } else {
        high = (high << shift) | (low >>> (32 - shift));
        low = low << shift;
      }
      stream.windowLow = (low | 1) >>> 0;
      stream.windowHigh = high >>> 0;
      stream.highest = index;
    } else {
      const delta = stream.highest - index;
      if (delta < 32) stream.windowLow = (stream.windowLow | (1 << delta)) >>> 0;
      else stream.windowHigh = (stream.windowHigh | (1 << (delta - 32))) >>> 0;
    }
  }
}

/** Bytes of the authentication tag (HMAC-SHA1-80) that SRTP adds to an RTP packet. */
export const SRTP_AUTH_TAG_BYTES = TAG;

/** RFC 3711 §3.3.1: the ROC guess v for sequence `seq` given the highest seen `sl`. */
function estimateRoc(roc: number, sl: number, seq: number): number {
  if (sl < 0x8000) {
    return seq - sl > 0x8000 && roc > 0 ? roc - 1 : roc;
  }
  return sl - 0x8000 > seq ? (roc + 1) % 0x100000000 : roc;
}

/** RFC 3711 §4.1.1: IV = (salt · 2^16) XOR (SSRC · 2^64) XOR (index · 2^16). */
function counterBlock(salt: Uint8Array, ssrc: number, index: number): Uint8Array {
  const iv = new Uint8Array(BLOCK);
  writeCounterBlock(iv, 0, salt, ssrc, index);
  return iv;
}

/** {@link counterBlock} written into `out` at `at`, its block counter zero. */
function writeCounterBlock(
  out: Uint8Array,
  at: number,
  salt: Uint8Array,
  ssrc: number,
  index: number,
): void {
  for (let i = 0; i < 14; i++) out[at + i] = salt[i];
  out[at + 14] = 0;
  out[at + 15] = 0;
  out[at + 4] ^= ssrc >>> 24;
  out[at + 5] ^= (ssrc >>> 16) & 0xff;
  out[at + 6] ^= (ssrc >>> 8) & 0xff;
  out[at + 7] ^= ssrc & 0xff;
  // 48-bit index in bytes 8..13.
  const high = Math.floor(index / 0x100000000);
  out[at + 8] ^= (high >>> 8) & 0xff;
  out[at + 9] ^= high & 0xff;
  out[at + 10] ^= (index >>> 24) & 0xff;
  out[at + 11] ^= (index >>> 16) & 0xff;
  out[at + 12] ^= (index >>> 8) & 0xff;
  out[at + 13] ^= index & 0xff;
}

function xorKeystream(
  cipher: Cipher,
  salt: Uint8Array,
  ssrc: number,
  index: number,
  buf: Uint8Array,
  from: number,
  to: number,
): void {
  const blocks = Math.ceil((to - from) / BLOCK);
  const iv = counterBlock(salt, ssrc, index);
  const counters = new Uint8Array(blocks * BLOCK);
  for (let b = 0; b < blocks; b++) {
    counters.set(iv, b * BLOCK);
    counters[b * BLOCK + 14] = b >> 8;
    counters[b * BLOCK + 15] = b & 0xff;
  }
  const ks = cipher.update(counters);
  for (let i = from; i < to; i++) buf[i] ^= ks[i - from];
}

/** RFC 3711 §4.3.1 with a key derivation rate of 0: r = 0, x = key_id XOR master salt. */
function deriveKey(kdf: Cipher, salt: Uint8Array, label: number, length: number): Uint8Array {
  const x = new Uint8Array(BLOCK);
  x.set(salt);
  x[7] ^= label; // key_id = label || r (48 bits of zero), right-aligned in the 112-bit salt
  const blocks = Math.ceil(length / BLOCK);
  const counters = new Uint8Array(blocks * BLOCK);
  for (let b = 0; b < blocks; b++) {
    counters.set(x, b * BLOCK);
    counters[b * BLOCK + 15] = b;
  }
  return new Uint8Array(kdf.update(counters)).slice(0, length);
}

function ecb(key: Uint8Array): Cipher {
  const cipher = createCipheriv("aes-128-ecb", key, null);
  cipher.setAutoPadding(false);
  return cipher;
}

/**
 * Length of the RTP header (fixed part, CSRCs, extension) of the packet in
 * `p[0, length)`, or -1 if malformed.
 */
function rtpHeaderLength(p: Uint8Array, length: number): number {
  if (length < 12 || p[0] >> 6 !== 2) return -1;
  let n = 12 + (p[0] & 0x0f) * 4;
  if (p[0] & 0x10) {
    if (length < n + 4) return -1;
    n += 4 + ((p[n + 2] << 8) | p[n + 3]) * 4;
  }
  return n <= length ? n : -1;
}

function equalTail(tag: Uint8Array, packet: Uint8Array, at: number): boolean {
  let diff = 0;
  for (let i = 0; i < TAG; i++) diff |= tag[i] ^ packet[at + i];
  return diff === 0;
}

function readUint32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

function writeUint32(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24;
  b[at + 1] = (v >>> 16) & 0xff;
  b[at + 2] = (v >>> 8) & 0xff;
  b[at + 3] = v & 0xff;
}
