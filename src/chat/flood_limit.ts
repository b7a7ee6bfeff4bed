import type { Clock } from "../clock/mod.ts";

export interface FloodRule {
  /** Messages allowed in one window. */
  limit: number;
  windowMs: number;
}

/**
 * Counts what each key (a visitor, an address) sent in a sliding window and refuses what
 * goes beyond the rule. Keys idle for a whole window are forgotten, so the map stays as
 * small as the set of recent senders.
 */
export class FloodLimit {
  readonly #sent = new Map<string, number[]>();

  constructor(private readonly clock: Clock, private readonly rule: FloodRule) {
    if (!(rule.limit >= 1 && rule.windowMs >= 1)) {
      throw new RangeError("A flood rule needs a limit and a window of at least 1");
    }
  }

  /** True and counted when `key` may send now; false (and not counted) when over the rule. */
  take(key: string): boolean {
    const now = this.clock.now();
    const from = now - this.rule.windowMs;
    const times = (this.#sent.get(key) ?? []).filter((t) => t > from);
    if (times.length >= this.rule.limit) {
      this.#sent.set(key, times);
      return false;
    }
    times.push(now);
    this.#sent.set(key, times);
    if (this.#sent.size > 10_000) this.#sweep(from);
    return true;
  }

  /** Milliseconds until `key` may send again; 0 when it may now. */
  retryAfterMs(key: string): number {
    const now = this.clock.now();
    const times = (this.#sent.get(key) ?? []).filter((t) => t > now - this.rule.windowMs);
    if (times.length < this.rule.limit) return 0;
    return times[0] + this.rule.windowMs - now;
  }

  #sweep(from: number): void {
    for (const [key, times] of this.#sent) {
      if (times.every((t) => t <= from)) this.#sent.delete(key);
    }
  }
}
