/**
 * The main thread's requests to the media socket thread, through shared memory instead of
 * messages (decision 046). A socket thread that waits in the kernel for its next phase
 * reads a message posted to it only when its event loop gets round to it, which took 12
 * ms at the median and 25–30 ms at p99 at 300 calls: longer than the 20 ms a tick's packets
 * are made ahead. Here the main thread writes each request into a ring and signals the
 * thread's wait, and the thread reads the ring the moment it wakes.
 *
 * One writer (the main thread) and one reader (the socket thread). The two offsets live at
 * the head of the buffer and move only forward, each written by its own side with
 * `Atomics.store` after the bytes it covers. A record is its body's length, its kind, then
 * the body, padded to 8 bytes; a record that would not fit before the end of the buffer
 * goes at its start, after a wrap record.
 *
 * @module
 */

const HEAD = 64;
const RECORD_HEAD = 8;
const SEND = 1;
const CONTROL = 2;
const WRAP = 3;
/** A send's own header: its time (f64 epoch ms) and its spread (ms). */
const SEND_HEAD = 16;

const pad = (n: number) => (n + 7) & ~7;

/** The writing end, on the main thread. */
export class RequestRing {
  readonly buffer: SharedArrayBuffer;
  readonly #offsets: Int32Array;
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #capacity: number;
  readonly #encoder = new TextEncoder();

  constructor(capacity: number) {
    this.#capacity = capacity;
    this.buffer = new SharedArrayBuffer(HEAD + capacity);
    this.#offsets = new Int32Array(this.buffer, 0, 2);
    this.#bytes = new Uint8Array(this.buffer, HEAD, capacity);
    this.#view = new DataView(this.buffer, HEAD, capacity);
  }

  /** Datagrams to send at `at` (epoch ms; 0 for now) spread over `spread` ms; false if full. */
  send(at: number, spread: number, records: Uint8Array): boolean {
    const start = this.#reserve(SEND_HEAD + records.length);
    if (start < 0) return false;
    this.#view.setFloat64(start + RECORD_HEAD, at, true);
    this.#view.setUint32(start + RECORD_HEAD + 8, spread, true);
    this.#bytes.set(records, start + RECORD_HEAD + SEND_HEAD);
    this.#commit(start, SEND, SEND_HEAD + records.length);
    return true;
  }

  /** Any other request, as JSON (byte arrays as arrays of numbers); false if full. */
  control(request: unknown): boolean {
    const body = this.#encoder.encode(
      JSON.stringify(request, (_key, value) => value instanceof Uint8Array ? [...value] : value),
    );
    const start = this.#reserve(body.length);
    if (start < 0) return false;
    this.#bytes.set(body, start + RECORD_HEAD);
    this.#commit(start, CONTROL, body.length);
    return true;
  }

  /** Where a record with a body of `length` bytes goes, or -1 when there is no room now. */
  #reserve(length: number): number {
    const size = RECORD_HEAD + pad(length);
    const write = Atomics.load(this.#offsets, 0);
    const read = Atomics.load(this.#offsets, 1);
    // One record's head is always left free, so that equal offsets mean an empty ring.
    const free = (read - write - RECORD_HEAD + 2 * this.#capacity) % this.#capacity;
    if (write + size <= this.#capacity) return size <= free ? write : -1;
    // At the start, after a wrap record over what is left at the end.
    if (this.#capacity - write + size > free) return -1;
    this.#view.setUint32(write + 4, WRAP, true);
    return 0;
  }

  #commit(start: number, kind: number, length: number): void {
    this.#view.setUint32(start, length, true);
    this.#view.setUint32(start + 4, kind, true);
    Atomics.store(this.#offsets, 0, (start + RECORD_HEAD + pad(length)) % this.#capacity);
  }
}

/** What the socket thread hears from the ring. */
export interface RequestRingReader {
  /** Hands over every request written so far, in order; the views last only for the call. */
  read(
    onSend: (at: number, spread: number, records: Uint8Array) => void,
    onControl: (request: unknown) => void,
  ): void;
}

/**
 * The reading end, on the socket thread; its source text runs there beside the thread's
 * body, so it imports nothing.
 */
export function requestRingReader(buffer: SharedArrayBuffer): RequestRingReader {
  const head = 64;
  const recordHead = 8;
  const sendHead = 16;
  const capacity = buffer.byteLength - head;
  const offsets = new Int32Array(buffer, 0, 2);
  const bytes = new Uint8Array(buffer, head, capacity);
  const view = new DataView(buffer, head, capacity);
  const decoder = new TextDecoder();
  return {
    read(onSend, onControl) {
      const write = Atomics.load(offsets, 0);
      let read = Atomics.load(offsets, 1);
      while (read !== write) {
        const kind = view.getUint32(read + 4, true);
        if (kind === 3) {
          read = 0;
          continue;
        }
        const length = view.getUint32(read, true);
        const body = read + recordHead;
        try {
          if (kind === 1) {
            onSend(
              view.getFloat64(body, true),
              view.getUint32(body + 8, true),
              bytes.subarray(body + sendHead, body + length),
            );
          } else {
            // The writer shares this buffer, so the text is copied out before decoding.
            onControl(JSON.parse(decoder.decode(bytes.slice(body, body + length))));
          }
        } finally {
          read = (body + ((length + 7) & ~7)) % capacity;
          Atomics.store(offsets, 1, read);
        }
      }
    },
  };
}
