/**
 * Short-lived audio frames and packets carved out of shared slabs. A fresh 320-byte
 * Int16Array costs V8 a separately allocated backing store (about 10× a view onto an
 * existing buffer, measured with Deno 2.9) and later garbage-collection work. Plain RTP
 * legs and the jitter buffer reuse arrays of their own instead (decision 014); the pool
 * serves what is still made per tick: WebRTC legs' packets and decoded audio, the media
 * bridge's frames, and prompt frames that straddle the end of a part. Views look and
 * behave like fresh zero-filled arrays of their length; a slab is freed once none of its
 * views is referenced, which for per-tick frames is soon.
 *
 * Views share their slab: never transfer `view.buffer` or assume `byteOffset` is 0.
 *
 * @module
 */

const SLAB_BYTES = 64 * 1024;

let int16Slab = new ArrayBuffer(SLAB_BYTES);
let int16At = 0;
let byteSlab = new ArrayBuffer(SLAB_BYTES);
let byteAt = 0;

/** A zero-filled Int16Array of `samples` samples. */
export function newInt16Frame(samples: number): Int16Array {
  const bytes = samples * 2;
  if (bytes > SLAB_BYTES / 8) return new Int16Array(samples);
  if (int16At + bytes > SLAB_BYTES) {
    int16Slab = new ArrayBuffer(SLAB_BYTES);
    int16At = 0;
  }
  const view = new Int16Array(int16Slab, int16At, samples);
  int16At += bytes;
  return view;
}

/** A zero-filled Uint8Array of `length` bytes (an outgoing packet, a G.711 payload). */
export function newBytes(length: number): Uint8Array {
  if (length > SLAB_BYTES / 8) return new Uint8Array(length);
  if (byteAt + length > SLAB_BYTES) {
    byteSlab = new ArrayBuffer(SLAB_BYTES);
    byteAt = 0;
  }
  const view = new Uint8Array(byteSlab, byteAt, length);
  // Keep Int16 and Uint32 views of later carvings aligned, should anyone make them.
  byteAt += (length + 7) & ~7;
  return view;
}
