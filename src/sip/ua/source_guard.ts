import type { Clock } from "../../clock/mod.ts";
import { BoundedMap } from "./bounded_map.ts";

export interface SourceGuardLimits {
  /** Failed authentications from one address before it is blocked. */
  maxAuthFailures: number;
  /** Refused INVITEs (unknown source) from one address before it is blocked. */
  maxRefusals: number;
  windowMs: number;
  blockMs: number;
  /** Addresses remembered at most, in each table (failures, blocks). */
  capacity: number;
}

export const DEFAULT_GUARD: SourceGuardLimits = {
  maxAuthFailures: 10,
  maxRefusals: 20,
  windowMs: 60_000,
  blockMs: 5 * 60_000,
  capacity: 10_000,
};

/**
 * Shields the SIP port from scanners, flooders and password guessers: an address that
 * keeps failing authentication, keeps sending INVITEs it may not send, or floods the
 * port is ignored for a while (RFC 3261 lets a server drop such requests silently).
 * Its tables are bounded: past `capacity` addresses the longest-quiet one is forgotten.
 */
export class SourceGuard {
  #failures: BoundedMap<string, number[]>;
  #blockedUntil: BoundedMap<string, number>;
  readonly #limits: SourceGuardLimits;
  /** Addresses blocked since start, for the counters page. */
  blocks = 0;

  constructor(private readonly clock: Clock, limits: Partial<SourceGuardLimits> = {}) {
    this.#limits = { ...DEFAULT_GUARD, ...limits };
    this.#failures = new BoundedMap(this.#limits.capacity);
    this.#blockedUntil = new BoundedMap(this.#limits.capacity);
  }

  isBlocked(address: string): boolean {
    const until = this.#blockedUntil.get(address);
    if (until === undefined) return false;
    if (until > this.clock.now()) return true;
    this.#blockedUntil.delete(address);
    return false;
  }

  /** Blocks an address for `ms` (a flood the rate limiter caught). */
  block(address: string, ms: number): void {
    this.#blockedUntil.set(address, this.clock.now() + ms);
    this.blocks++;
  }

  /** Counts a failed authentication; true when this failure blocked the address. */
  authFailed(address: string): boolean {
    return this.#count(`auth:${address}`, address, this.#limits.maxAuthFailures);
  }

  /** Counts a refused request (403 to an unknown source); true when it blocked the address. */
  refused(address: string): boolean {
    return this.#count(`refused:${address}`, address, this.#limits.maxRefusals);
  }

  authSucceeded(address: string): void {
    this.#failures.delete(`auth:${address}`);
  }

  #count(key: string, address: string, limit: number): boolean {
    const now = this.clock.now();
    const recent = (this.#failures.get(key) ?? []).filter((t) => now - t < this.#limits.windowMs);
    recent.push(now);
    if (recent.length < limit) {
      this.#failures.set(key, recent);
      return false;
    }
    this.#failures.delete(key);
    this.block(address, this.#limits.blockMs);
    return true;
  }
}
