/**
 * A Map that holds at most `capacity` entries, forgetting the least recently touched one
 * to make room. Tables keyed by what a peer sends (its address, the extension it names)
 * must not grow with what the peer chooses to send.
 */
export class BoundedMap<K, V> {
  #entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError("A bounded map needs a capacity of at least 1");
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The value, which also becomes the most recently touched entry. */
  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.capacity) {
      // Map iterates in insertion order: the first key is the one touched longest ago.
      this.#entries.delete(this.#entries.keys().next().value as K);
    }
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }
}
