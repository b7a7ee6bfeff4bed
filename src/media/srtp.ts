/**
 * SRTP and SRTCP (RFC 3711) with the AES_CM_128_HMAC_SHA1_80 suite, the one WebRTC
 * browsers always offer (RFC 5764 §4.1.2), kept cheap per packet:
 *
 * - AES counter mode is computed as AES-ECB over counter blocks on one long-lived
 *   cipher per session key. The keystream depends only on SSRC and packet index, so it
 *   is produced ahead for a run of packet indices in one call and XORed in place;
 * - HMAC-SHA1 uses pad states hashed once per key ({@link HmacSha1}).
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
  /** Replay bitmap of the 64 indices up to the highest (RFC 3711 §3.3.2). */
  window: bigint;
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
    const offset = rtpHeaderLength(packet);
    if (offset < 0) throw new RangeError("Not an RTP packet");
    const ssrc = readUint32(packet, 8);
    const seq = (packet[2] << 8) | packet[3];
    const stream = this.#stream(ssrc);
    // RFC 3711 §3.3.1: the sender's ROC counts wraps of its own sequence numbers.
    if (stream.started && seq < stream.seq && stream.seq - seq > 0x8000) {
      stream.roc = stream.roc === MAX_ROC ? 0 : stream.roc + 1;
    }
    stream.seq = seq;
    stream.started = true;
    const out = new Uint8Array(packet.length + TAG);
    out.set(packet);
    this.#applyKeystream(stream, ssrc, stream.roc * 0x10000 + seq, out, offset, packet.length);
    this.#rtpAuth.update(out, 0, packet.length);
    this.#rtpAuth.updateUint32(stream.roc);
    this.#rtpAuth.digestInto(out, packet.length, TAG);
    return out;
  }

  /**
   * Authenticates and decrypts one SRTP packet (RFC 3711 §3.3); returns the RTP packet,
   * or undefined when it fails authentication or is a replay.
   */
  unprotectRtp(packet: Uint8Array): Uint8Array | undefined {
    const end = packet.length - TAG;
    const offset = rtpHeaderLength(packet.subarray(0, Math.max(0, end)));
    if (offset < 0) {
      this.counters.authFailures++;
      return undefined;
    }
    const ssrc = readUint32(packet, 8);
    const seq = (packet[2] << 8) | packet[3];
    const stream = this.#stream(ssrc);
    const roc = stream.started ? estimateRoc(stream.roc, stream.seq, seq) : stream.roc;
    const index = roc * 0x10000 + seq;
    if (stream.started && this.#isReplay(stream, index)) {
      this.counters.replays++;
      return undefined;
    }
    this.#rtpAuth.update(packet, 0, end);
    this.#rtpAuth.updateUint32(roc);
    this.#rtpAuth.digestInto(this.#tag, 0, TAG);
    if (!equalTail(this.#tag, packet, end)) {
      this.counters.authFailures++;
      return undefined;
    }
    const out = packet.slice(0, end);
    this.#applyKeystream(stream, ssrc, index, out, offset, end);
    // Only an authenticated packet may move the stream state (RFC 3711 §3.3.1).
    this.#markSeen(stream, index);
    if (!stream.started || index > stream.roc * 0x10000 + stream.seq) {
      stream.roc = roc;
      stream.seq = seq;
    }
    stream.started = true;
    return out;
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
    let s = this.#streams.get(ssrc);
    if (!s) {
      s = {
        roc: 0,
        seq: 0,
        started: false,
        window: 0n,
        highest: -1,
        runStart: -1,
        run: new Uint8Array(BATCH * BATCH_BLOCKS * BLOCK),
      };
      this.#streams.set(ssrc, s);
    }
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
    const counters = new Uint8Array(BATCH * BATCH_BLOCKS * BLOCK);
    for (let p = 0; p < BATCH; p++) {
      const iv = counterBlock(this.#rtpSalt, ssrc, first + p);
      for (let b = 0; b < BATCH_BLOCKS; b++) {
        const at = (p * BATCH_BLOCKS + b) * BLOCK;
        counters.set(iv, at);
        counters[at + 14] = b >> 8;
        counters[at + 15] = b & 0xff;
      }
    }
    stream.run = this.#rtpCipher.update(counters);
    stream.runStart = first;
  }

  #isReplay(stream: Stream, index: number): boolean {
    if (index > stream.highest) return false;
    const delta = stream.highest - index;
    if (delta >= 64) return true; // too old to tell: RFC 3711 §3.3.2 says drop
    return ((stream.window >> BigInt(delta)) & 1n) === 1n;
  }

  #markSeen(stream: Stream, index: number): void {
    if (index > stream.highest) {
      const shift = stream.highest < 0 ? 64 : index - stream.highest;
      stream.window = shift >= 64
        ? 1n
        : ((stream.window << BigInt(shift)) | 1n) & 0xffffffffffffffffn;
      stream.highest = index;
    } else {
      stream.window |= 1n << BigInt(stream.highest - index);
    }
  }
}

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
  iv.set(salt);
  iv[4] ^= ssrc >>> 24;
  iv[5] ^= (ssrc >>> 16) & 0xff;
  iv[6] ^= (ssrc >>> 8) & 0xff;
  iv[7] ^= ssrc & 0xff;
  // 48-bit index in bytes 8..13.
  const high = Math.floor(index / 0x100000000);
  iv[8] ^= (high >>> 8) & 0xff;
  iv[9] ^= high & 0xff;
  iv[10] ^= (index >>> 24) & 0xff;
  iv[11] ^= (index >>> 16) & 0xff;
  iv[12] ^= (index >>> 8) & 0xff;
  iv[13] ^= index & 0xff;
  return iv;
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

/** Length of the RTP header (fixed part, CSRCs, extension), or -1 if malformed. */
function rtpHeaderLength(p: Uint8Array): number {
  if (p.length < 12 || p[0] >> 6 !== 2) return -1;
  let n = 12 + (p[0] & 0x0f) * 4;
  if (p[0] & 0x10) {
    if (p.length < n + 4) return -1;
    n += 4 + ((p[n + 2] << 8) | p[n + 3]) * 4;
  }
  return n <= p.length ? n : -1;
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
