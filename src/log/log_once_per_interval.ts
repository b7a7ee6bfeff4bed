// Keys are often peer addresses, which a flood with forged sources can make without end.
const MAX_KEYS = 4096;

/**
 * Lets a noisy condition (a flood of bad packets, repeated auth failures) be logged
 * once per interval with a count, instead of once per occurrence.
 */
export class LogOncePerInterval {
  #lastLogged = new Map<string, { at: number; suppressed: number }>();

  constructor(private readonly intervalMs: number, private readonly now: () => number) {}

  /** Calls `log(suppressedSinceLast)` when `key` was not logged within the interval. */
  maybe(key: string, log: (suppressed: number) => void): void {
    const entry = this.#lastLogged.get(key);
    const now = this.now();
    if (entry && now - entry.at < this.intervalMs) {
      entry.suppressed++;
      return;
    }
    this.#lastLogged.delete(key);
    if (this.#lastLogged.size >= MAX_KEYS) this.#forgetQuiet(now);
    this.#lastLogged.set(key, { at: now, suppressed: 0 });
    log(entry?.suppressed ?? 0);
  }

  #forgetQuiet(now: number): void {
    // Keys are re-inserted when logged, so the map runs from the longest-ago logged key
    // onwards: quiet keys are all at the front, and the first busy one ends the sweep.
    for (const [key, entry] of this.#lastLogged) {
      if (now - entry.at < this.intervalMs) break;
      this.#lastLogged.delete(key);
    }
    if (this.#lastLogged.size >= MAX_KEYS) {
      this.#lastLogged.delete(this.#lastLogged.keys().next().value!);
    }
  }
}
