import type { Clock } from "../../clock/mod.ts";
import { BoundedMap } from "./bounded_map.ts";

export interface ExtensionGuardLimits {
  /** Failed digest answers for one extension, from any addresses, before it is locked. */
  maxFailures: number;
  windowMs: number;
  /** How long a lock lasts; the real phone then registers as usual. */
  lockMs: number;
  /** Extensions remembered at most. */
  capacity: number;
  /** Addresses remembered per extension as having registered it with the right password. */
  trustedAddresses: number;
}

export const DEFAULT_EXTENSION_GUARD: ExtensionGuardLimits = {
  maxFailures: 10,
  windowMs: 10 * 60_000,
  lockMs: 5 * 60_000,
  capacity: 10_000,
  trustedAddresses: 4,
};

interface Entry {
  failures: number[];
  lockedUntil: number;
  trusted: string[];
}

/**
 * Counts failed digest answers per extension, whatever address they come from: a
 * guesser that spreads over many addresses stays under each address's limit (the
 * SourceGuard) but not under this one. A locked extension's registrations are refused
 * unchecked, so guesses made during the lock are wasted, except from an address that
 * has registered it with the right password before: the phone on the desk keeps working.
 * Locks end by themselves, so nobody is locked out for good.
 */
export class ExtensionGuard {
  #entries: BoundedMap<string, Entry>;
  readonly #limits: ExtensionGuardLimits;
  /** Extensions locked since start. */
  locks = 0;

  constructor(private readonly clock: Clock, limits: Partial<ExtensionGuardLimits> = {}) {
    this.#limits = { ...DEFAULT_EXTENSION_GUARD, ...limits };
    this.#entries = new BoundedMap(this.#limits.capacity);
  }

  /** Whether an attempt on `extension` from `address` is refused without being checked. */
  isLocked(extension: string, address: string): boolean {
    const entry = this.#entries.get(extension);
    if (!entry || entry.lockedUntil <= this.clock.now()) return false;
    return !entry.trusted.includes(address);
  }

  /** Counts a wrong answer for `extension`; true when this one locked it. */
  failed(extension: string): boolean {
    const now = this.clock.now();
    const entry = this.#entry(extension);
    entry.failures = entry.failures.filter((t) => now - t < this.#limits.windowMs);
    entry.failures.push(now);
    if (entry.failures.length < this.#limits.maxFailures || entry.lockedUntil > now) return false;
    entry.failures = [];
    entry.lockedUntil = now + this.#limits.lockMs;
    this.locks++;
    return true;
  }

  /** A right answer: `address` is trusted for `extension` from now on. */
  succeeded(extension: string, address: string): void {
    const entry = this.#entry(extension);
    entry.trusted = [address, ...entry.trusted.filter((a) => a !== address)]
      .slice(0, this.#limits.trustedAddresses);
  }

  #entry(extension: string): Entry {
    let entry = this.#entries.get(extension);
    if (!entry) {
      entry = { failures: [], lockedUntil: 0, trusted: [] };
      this.#entries.set(extension, entry);
    }
    return entry;
  }
}
