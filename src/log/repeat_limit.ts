export interface RepeatLimitOptions {
  /** Lines let through per key in each interval. */
  lines: number;
  intervalMs: number;
  /** Keys remembered at most; the oldest are forgotten first. */
  maxKeys?: number;
}

/** How many lines of one key were dropped during an interval that has ended. */
export interface Suppressed {
  key: string;
  count: number;
}

interface Window {
  start: number;
  passed: number;
  suppressed: number;
}

const DEFAULT_MAX_KEYS = 1000;

/**
 * Lets through at most `lines` lines per key in each interval and counts the rest,
 * so a peer that triggers the same warning thousands of times a second costs a few
 * lines and a count instead of a full disk. Intervals start with the first line of a
 * key; {@link RepeatLimit.ended} hands back the counts of intervals that are over.
 */
export class RepeatLimit {
  #windows = new Map<string, Window>();
  #withDrops = new Set<string>();
  #ended: Suppressed[] = [];
  readonly #maxKeys: number;

  constructor(
    private readonly options: RepeatLimitOptions,
    private readonly now: () => number,
  ) {
    if (options.lines < 1) {
      throw new RangeError("A repeat limit must let at least one line through");
    }
    this.#maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
  }

  /** True when a line with `key` may be written now; false when it is counted instead. */
  admit(key: string): boolean {
    const now = this.now();
    let window = this.#windows.get(key);
    if (window && now - window.start >= this.options.intervalMs) {
      this.#close(key, window);
      window = undefined;
    }
    if (!window) {
      this.#makeRoomFor(key);
      window = { start: now, passed: 0, suppressed: 0 };
      // Re-inserted so that the map's order is the order of the latest intervals.
      this.#windows.delete(key);
      this.#windows.set(key, window);
    }
    if (window.passed < this.options.lines) {
      window.passed++;
      return true;
    }
    window.suppressed++;
    this.#withDrops.add(key);
    return false;
  }

  /** Counts of lines dropped in intervals that have ended since the last call, each once. */
  ended(): Suppressed[] {
    if (this.#withDrops.size > 0) {
      const now = this.now();
      for (const key of this.#withDrops) {
        const window = this.#windows.get(key)!;
        if (now - window.start >= this.options.intervalMs) this.#close(key, window);
      }
    }
    const out = this.#ended;
    this.#ended = [];
    return out;
  }

  #close(key: string, window: Window): void {
    if (window.suppressed > 0) this.#ended.push({ key, count: window.suppressed });
    window.suppressed = 0;
    this.#withDrops.delete(key);
  }

  #makeRoomFor(incoming: string): void {
    if (this.#windows.size < this.#maxKeys || this.#windows.has(incoming)) return;
    // The first key is the one whose latest interval is the oldest; its count is kept.
    const [stalest, window] = this.#windows.entries().next().value!;
    this.#close(stalest, window);
    this.#windows.delete(stalest);
  }
}
