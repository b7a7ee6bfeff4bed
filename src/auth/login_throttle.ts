import type { Clock } from "../clock/mod.ts";
import { addressKey } from "./address_key.ts";

export interface ThrottleLimits {
  /** Failed sign-ins one (username, address) pair may make before each further try waits. */
  freePerPair: number;
  /** Failed sign-ins one address may make, over all usernames, within `addressWindowMs`. */
  freePerAddress: number;
  /** The first wait past the free tries; every further failure doubles it. */
  baseDelayMs: number;
  /** The longest wait of one (username, address) pair. */
  maxPairDelayMs: number;
  /**
   * The longest wait of an address as a whole. Short, because a whole office may sit
   * behind that address: the others are slowed, never locked out.
   */
  maxAddressDelayMs: number;
  /** How long an address's failures count. */
  addressWindowMs: number;
  /** A pair with no failure for this long starts afresh. */
  pairMemoryMs: number;
  /** How long a pair that signed in is exempt from its address's wait. */
  trustMs: number;
  /** Pairs, addresses and trusted pairs remembered at most, each; the stalest go first. */
  maxEntries: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = {
  freePerPair: 3,
  freePerAddress: 20,
  baseDelayMs: 1000,
  maxPairDelayMs: 15 * 60 * 1000,
  maxAddressDelayMs: 30 * 1000,
  addressWindowMs: 15 * 60 * 1000,
  pairMemoryMs: 24 * 3600 * 1000,
  trustMs: 30 * 24 * 3600 * 1000,
  maxEntries: 10_000,
};

/** A remembered (username, address) pair or address, for the admin's view. */
export interface ThrottleEntry {
  username?: string;
  address: string;
  failures: number;
  retry_after_s: number;
}

interface PairState {
  username: string;
  address: string;
  failures: number;
  lastAt: number;
}

/**
 * Slows password guessing without handing a guesser the power to lock people out.
 *
 * Each (username, address) pair gets a few free failures, then waits that double
 * with every further failure up to {@link ThrottleLimits.maxPairDelayMs}: a guesser
 * is slowed to a crawl, yet the right password from any address that has not been
 * guessing works at once. An address that fails for many usernames (spraying) also
 * waits, but at most {@link ThrottleLimits.maxAddressDelayMs}, and not at all for a
 * user who has signed in from it before, so colleagues behind the same NAT are at
 * worst slowed briefly. IPv6 addresses count per /64, the block one host can use.
 *
 * Every try counts as a failure from the moment it begins until
 * {@link LoginThrottle.recordSuccess} says otherwise, so a burst of parallel
 * requests cannot all pass before the first password check fails.
 *
 * Kept in memory: a restart forgives, which is acceptable for a box on the office
 * LAN and keeps a flood of bad sign-ins from becoming a flood of database writes.
 */
export class LoginThrottle {
  #pairs = new Map<string, PairState>();
  #addresses = new Map<string, number[]>();
  #trusted = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE,
  ) {}

  /** Seconds the caller must wait before trying again, or 0 when it may try now. */
  retryAfterSeconds(username: string, address: string): number {
    const now = this.clock.now();
    const user = username.toLowerCase();
    const where = addressKey(address);
    const pairKey = keyOf(user, where);
    const wait = Math.max(
      this.#pairWait(this.#pairs.get(pairKey), now),
      this.#isTrusted(pairKey, now) ? 0 : this.#addressWait(where, now),
    );
    return Math.ceil(wait / 1000);
  }

  /**
   * Starts a sign-in: answers the seconds to wait (and counts nothing) or 0, in which
   * case the try counts as failed until {@link recordSuccess}.
   */
  beginAttempt(username: string, address: string): number {
    const wait = this.retryAfterSeconds(username, address);
    if (wait > 0) return wait;
    const now = this.clock.now();
    const user = username.toLowerCase();
    const where = addressKey(address);
    const pairKey = keyOf(user, where);
    const pair = this.#livePair(pairKey, now) ??
      { username: user, address: where, failures: 0, lastAt: now };
    pair.failures++;
    pair.lastAt = now;
    remember(this.#pairs, pairKey, pair, this.limits.maxEntries);
    remember(
      this.#addresses,
      where,
      [...this.#recentAt(where, now), now],
      this.limits.maxEntries,
    );
    return 0;
  }

  /** The password was right: the pair starts afresh and this try no longer counts. */
  recordSuccess(username: string, address: string): void {
    const now = this.clock.now();
    const where = addressKey(address);
    const pairKey = keyOf(username.toLowerCase(), where);
    const begun = this.#pairs.get(pairKey)?.lastAt;
    this.#pairs.delete(pairKey);
    // The pair's last try is the one that just succeeded: take it off the address too.
    const times = this.#addresses.get(where);
    const at = begun === undefined ? -1 : times?.lastIndexOf(begun) ?? -1;
    if (times && at >= 0) times.splice(at, 1);
    remember(this.#trusted, pairKey, now, this.limits.maxEntries);
  }

  /**
   * Forgets the failures of a username (at every address), of an address (for every
   * username, and the address's own count) or of one pair and its address. Answers
   * how many entries were cleared.
   */
  lift(filter: { username?: string; address?: string }): number {
    const user = filter.username?.toLowerCase();
    const where = filter.address === undefined ? undefined : addressKey(filter.address);
    if (user === undefined && where === undefined) {
      throw new TypeError("Name a username, an address or both to lift");
    }
    let lifted = 0;
    for (const [key, pair] of this.#pairs) {
      if ((user ?? pair.username) === pair.username && (where ?? pair.address) === pair.address) {
        this.#pairs.delete(key);
        lifted++;
      }
    }
    if (where !== undefined && this.#addresses.delete(where)) lifted++;
    return lifted;
  }

  /** Every remembered pair and address with failures, the longest wait first. */
  entries(): { pairs: ThrottleEntry[]; addresses: ThrottleEntry[] } {
    const now = this.clock.now();
    const pairs: ThrottleEntry[] = [];
    for (const [key, pair] of this.#pairs) {
      if (!this.#livePair(key, now)) continue;
      pairs.push({
        username: pair.username,
        address: pair.address,
        failures: pair.failures,
        retry_after_s: Math.ceil(this.#pairWait(pair, now) / 1000),
      });
    }
    const addresses: ThrottleEntry[] = [];
    for (const address of this.#addresses.keys()) {
      const failures = this.#recentAt(address, now).length;
      if (failures === 0) continue;
      addresses.push({
        address,
        failures,
        retry_after_s: Math.ceil(this.#addressWait(address, now) / 1000),
      });
    }
    const byWait = (a: ThrottleEntry, b: ThrottleEntry) =>
      b.retry_after_s - a.retry_after_s || b.failures - a.failures;
    return { pairs: pairs.sort(byWait), addresses: addresses.sort(byWait) };
  }

  #livePair(key: string, now: number): PairState | undefined {
    const pair = this.#pairs.get(key);
    if (pair && now - pair.lastAt >= this.limits.pairMemoryMs) {
      this.#pairs.delete(key);
      return undefined;
    }
    return pair;
  }

  #pairWait(pair: PairState | undefined, now: number): number {
    if (!pair || now - pair.lastAt >= this.limits.pairMemoryMs) return 0;
    const { freePerPair, maxPairDelayMs } = this.limits;
    return this.#backoff(pair.failures - freePerPair, pair.lastAt, maxPairDelayMs, now);
  }

  #addressWait(address: string, now: number): number {
    const recent = this.#recentAt(address, now);
    const { freePerAddress, maxAddressDelayMs } = this.limits;
    return this.#backoff(
      recent.length - freePerAddress,
      recent.at(-1) ?? now,
      maxAddressDelayMs,
      now,
    );
  }

  /** No wait before the free tries are used; then base, 2×base, 4×base… after the last one. */
  #backoff(beyondFree: number, lastAt: number, maxMs: number, now: number): number {
    if (beyondFree < 0) return 0;
    const delay = Math.min(this.limits.baseDelayMs * 2 ** Math.min(beyondFree, 40), maxMs);
    return Math.max(0, lastAt + delay - now);
  }

  #recentAt(address: string, now: number): number[] {
    const times = this.#addresses.get(address);
    if (!times) return [];
    const recent = times.filter((t) => now - t < this.limits.addressWindowMs);
    if (recent.length === 0) this.#addresses.delete(address);
    else if (recent.length !== times.length) this.#addresses.set(address, recent);
    return recent;
  }

  #isTrusted(pairKey: string, now: number): boolean {
    const at = this.#trusted.get(pairKey);
    return at !== undefined && now - at < this.limits.trustMs;
  }
}

function keyOf(username: string, address: string): string {
  return `${username}\u0000${address}`;
}

/** Sets `key` as the newest entry and drops the oldest ones beyond `max`. */
function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= max) break;
    map.delete(oldest);
  }
}
