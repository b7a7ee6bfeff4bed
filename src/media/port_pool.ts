/**
 * Allocates RTP ports from a configured range. RTP takes even ports and RTCP the odd
 * port above (RFC 3550 §11), so the pool hands out even numbers only and keeps their
 * pairs free. Freed ports go to the back of the line so a new call does not receive the
 * stragglers of the call that just ended on the same port.
 *
 * @module
 */

/** A range of UDP ports for media, inclusive at both ends. */
export class PortPool {
  readonly min: number;
  readonly max: number;
  #free: number[] = [];
  #inUse = new Set<number>();

  constructor(min: number, max: number) {
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1024 || max > 65535) {
      throw new RangeError(`Media port range must lie within 1024–65535, got ${min}–${max}`);
    }
    const first = min + (min % 2);
    if (first + 1 > max) {
      throw new RangeError(`Media port range ${min}–${max} holds no RTP/RTCP pair`);
    }
    this.min = min;
    this.max = max;
    for (let p = first; p + 1 <= max; p += 2) this.#free.push(p);
  }

  /** Number of pairs the range holds, free or not. */
  get pairs(): number {
    return this.#free.length + this.#inUse.size;
  }

  /** Number of pairs available. */
  get available(): number {
    return this.#free.length;
  }

  /** Number of pairs handed out. */
  get inUse(): number {
    return this.#inUse.size;
  }

  /** Takes the least recently used even port, or undefined when the range is exhausted. */
  acquire(): number | undefined {
    const port = this.#free.shift();
    if (port !== undefined) this.#inUse.add(port);
    return port;
  }

  /** Returns a port; releasing one that is not in use is a no-op. */
  release(port: number): void {
    if (this.#inUse.delete(port)) this.#free.push(port);
  }
}
