/**
 * HMAC-SHA1 (RFC 2104 over FIPS 180-4 SHA-1) in plain TypeScript, keyed once. The inner
 * and outer pad blocks are hashed when the key is set, so authenticating an SRTP packet
 * of ~180 bytes costs four compressions and no allocation. node:crypto's createHmac()
 * would need a new object per packet (HMAC objects cannot be reset), which is what
 * made per-packet SRTP expensive (see the webrtc-srtp-path decision note).
 *
 * @module
 */

const IV = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];

/** A keyed HMAC-SHA1 whose `digest()` may be called any number of times. */
export class HmacSha1 {
  readonly #inner = new Int32Array(5);
  readonly #outer = new Int32Array(5);
  readonly #h = new Int32Array(5);
  readonly #w = new Int32Array(80);
  readonly #block = new Uint8Array(64);
  #fill = 0;
  #length = 0;

  constructor(key: Uint8Array) {
    if (key.length > 64) throw new RangeError("HMAC keys longer than a block are not supported");
    const pad = new Uint8Array(64);
    for (const [state, byte] of [[this.#inner, 0x36], [this.#outer, 0x5c]] as const) {
      pad.fill(byte);
      for (let i = 0; i < key.length; i++) pad[i] ^= key[i];
      state.set(IV);
      compress(state, this.#w, pad, 0);
    }
    this.reset();
  }

  /** Starts a new message. */
  reset(): void {
    this.#h.set(this.#inner);
    this.#fill = 0;
    this.#length = 64; // the inner pad block is already in the state
  }

  update(data: Uint8Array, start = 0, end = data.length): void {
    this.#length += end - start;
    let i = start;
    if (this.#fill > 0) {
      while (this.#fill < 64 && i < end) this.#block[this.#fill++] = data[i++];
      if (this.#fill < 64) return;
      compress(this.#h, this.#w, this.#block, 0);
      this.#fill = 0;
    }
    for (; i + 64 <= end; i += 64) compress(this.#h, this.#w, data, i);
    while (i < end) this.#block[this.#fill++] = data[i++];
  }

  /** Appends a 32-bit big-endian word (the SRTP rollover counter). */
  updateUint32(value: number): void {
    const b = this.#scratch4;
    b[0] = value >>> 24;
    b[1] = (value >>> 16) & 0xff;
    b[2] = (value >>> 8) & 0xff;
    b[3] = value & 0xff;
    this.update(b);
  }
  readonly #scratch4 = new Uint8Array(4);

  /** Finishes the message and writes the first `length` bytes of the MAC to `out`. */
  digestInto(out: Uint8Array, offset: number, length = 20): void {
    const block = this.#block;
    const bits = this.#length * 8;
    block[this.#fill++] = 0x80;
    if (this.#fill > 56) {
      block.fill(0, this.#fill);
      compress(this.#h, this.#w, block, 0);
      this.#fill = 0;
    }
    block.fill(0, this.#fill, 56);
    writeLength(block, bits);
    compress(this.#h, this.#w, block, 0);
    // Outer hash: H(K ^ opad || inner digest), one block.
    block.fill(0);
    for (let i = 0; i < 5; i++) writeWord(block, i * 4, this.#h[i]);
    block[20] = 0x80;
    writeLength(block, (64 + 20) * 8);
    this.#h.set(this.#outer);
    compress(this.#h, this.#w, block, 0);
    // Straight from the state words: a subarray here was an allocation per packet.
    const h = this.#h;
    for (let i = 0; i < length; i++) out[offset + i] = (h[i >> 2] >>> (24 - 8 * (i & 3))) & 0xff;
    this.reset();
  }
}

function writeWord(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24;
  b[at + 1] = (v >>> 16) & 0xff;
  b[at + 2] = (v >>> 8) & 0xff;
  b[at + 3] = v & 0xff;
}

function writeLength(block: Uint8Array, bits: number): void {
  // Messages here are far below 2^32 bits; the high word stays zero.
  block.fill(0, 56, 60);
  writeWord(block, 60, bits);
}

/** One SHA-1 compression of the 64 bytes at `off` (FIPS 180-4 §6.1.2). */
function compress(h: Int32Array, w: Int32Array, data: Uint8Array, off: number): void {
  for (let i = 0; i < 16; i++) {
    const j = off + i * 4;
    w[i] = (data[j] << 24) | (data[j + 1] << 16) | (data[j + 2] << 8) | data[j + 3];
  }
  for (let i = 16; i < 80; i++) {
    const x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
    w[i] = (x << 1) | (x >>> 31);
  }
  let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
  for (let i = 0; i < 20; i++) {
    const t = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w[i]) | 0;
    e = d, d = c, c = (b << 30) | (b >>> 2), b = a, a = t;
  }
  for (let i = 20; i < 40; i++) {
    const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w[i]) | 0;
    e = d, d = c, c = (b << 30) | (b >>> 2), b = a, a = t;
  }
  for (let i = 40; i < 60; i++) {
    const t = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + 0x8f1bbcdc + w[i]) |
      0;
    e = d, d = c, c = (b << 30) | (b >>> 2), b = a, a = t;
  }
  for (let i = 60; i < 80; i++) {
    const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0xca62c1d6 + w[i]) | 0;
    e = d, d = c, c = (b << 30) | (b >>> 2), b = a, a = t;
  }
  h[0] = (h[0] + a) | 0;
  h[1] = (h[1] + b) | 0;
  h[2] = (h[2] + c) | 0;
  h[3] = (h[3] + d) | 0;
  h[4] = (h[4] + e) | 0;
}
