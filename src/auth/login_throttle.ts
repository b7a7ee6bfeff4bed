import type { Clock } from "../clock/mod.ts";

export interface ThrottleLimits {
  /** Failed logins allowed per username within the window. */
  perUser: number;
  /** Failed logins allowed per client address within the window (covers password spraying). */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = {
  perUser: 5,
  perAddress: 20,
  windowMs: 15 * 60 * 1000,
};

/**
 * Counts failed logins per username and per address in a sliding window. Kept in
 * memory: a restart forgives, which is acceptable for a box on the office LAN and
 * keeps a flood of bad logins from turning into a flood of database writes.
 */
export class LoginThrottle {
  #failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE,
  ) {}

  /** Seconds the caller must wait before trying again, or 0 when it may try now. */
  retryAfterSeconds(username: string, address: string): number {
    const now = this.clock.now();
    const wait = Math.max(
      this.#wait(`u:${username.toLowerCase()}`, this.limits.perUser, now),
      this.#wait(`a:${address}`, this.limits.perAddress, now),
    );
    return Math.ceil(wait / 1000);
  }

  recordFailure(username: string, address: string): void {
    const now = this.clock.now();
    for (const key of [`u:${username.toLowerCase()}`, `a:${address}`]) {
      const list = this.#recent(key, now);
      list.push(now);
      this.#failures.set(key, list);
    }
  }

  /** A successful login clears the user's count, not the address's. */
  recordSuccess(username: string): void {
    this.#failures.delete(`u:${username.toLowerCase()}`);
  }

  #recent(key: string, now: number): number[] {
    return (this.#failures.get(key) ?? []).filter((t) => now - t < this.limits.windowMs);
  }

  #wait(key: string, limit: number, now: number): number {
    const recent = this.#recent(key, now);
    if (recent.length === 0) this.#failures.delete(key);
    if (recent.length < limit) return 0;
    // Blocked until the oldest failure that keeps the count at the limit leaves the window.
    return recent[recent.length - limit] + this.limits.windowMs - now;
  }
}
