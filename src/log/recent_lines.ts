import type { LogLevel, LogSink } from "./logger.ts";

/** One kept line. */
export interface RecentLine {
  level: LogLevel;
  line: string;
}

/** How many warnings and errors the admin's page can show. */
export const RECENT_LINES = 200;

/**
 * The latest warnings and errors, kept in memory for the admin's System page: a fixed
 * ring, so a burst of warnings costs the same memory as a quiet day. Lines arrive
 * already capped and rate-limited by the logger.
 */
export class RecentLines {
  readonly #ring: (RecentLine | undefined)[];
  #next = 0;

  constructor(readonly capacity = RECENT_LINES) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError("capacity must be 1 or more");
    }
    this.#ring = new Array(capacity);
  }

  /** A sink that keeps warnings and errors here and passes every line on to `next`. */
  keep(next: LogSink): LogSink {
    return (line, level) => {
      if (level === "warn" || level === "error") {
        this.#ring[this.#next] = { level, line };
        this.#next = (this.#next + 1) % this.capacity;
      }
      next(line, level);
    };
  }

  /** The kept lines, newest first. */
  lines(): RecentLine[] {
    const out: RecentLine[] = [];
    for (let i = 1; i <= this.capacity; i++) {
      const line = this.#ring[(this.#next - i + this.capacity) % this.capacity];
      if (line) out.push(line);
    }
    return out;
  }
}
