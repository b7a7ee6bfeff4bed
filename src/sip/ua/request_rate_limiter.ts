import type { Clock } from "../../clock/mod.ts";
import { BoundedMap } from "./bounded_map.ts";

/** How much one address may send: a sustained rate and a burst on top of it. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

/**
 * What to do with one message: let it through, drop it, or drop it and block its
 * address (it has gone on sending well past its limit).
 */
export type RateVerdict = "pass" | "drop" | "block";

interface Bucket {
  tokens: number;
  at: number;
  /** Messages dropped since the bucket was last full. */
  dropped: number;
}

/**
 * A token bucket per source address for everything that reaches the SIP port, checked
 * before a message is parsed. An address that keeps sending after its bucket ran dry,
 * twice its per-second rate in dropped messages, is told to be blocked; one that slows
 * down is forgiven once its bucket has filled up again. The table of addresses is
 * bounded, so a flood from many addresses costs memory only up to `capacity`.
 */
export class RequestRateLimiter {
  #buckets: BoundedMap<string, Bucket>;

  constructor(private readonly clock: Clock, capacity: number) {
    this.#buckets = new BoundedMap(capacity);
  }

  /** Addresses being tracked (at most the capacity). */
  get size(): number {
    return this.#buckets.size;
  }

  /** Counts one message from `address`; `blockable` is false for a trunk's address. */
  take(address: string, limit: RateLimit, blockable: boolean): RateVerdict {
    const now = this.clock.now();
    let bucket = this.#buckets.get(address);
    if (!bucket) {
      bucket = { tokens: limit.burst, at: now, dropped: 0 };
      this.#buckets.set(address, bucket);
    } else {
      const refilled = bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond;
      bucket.tokens = Math.min(limit.burst, refilled);
      bucket.at = now;
      if (bucket.tokens >= limit.burst) bucket.dropped = 0;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return "pass";
    }
    bucket.dropped++;
    if (blockable && bucket.dropped >= 2 * limit.perSecond) {
      this.#buckets.delete(address);
      return "block";
    }
    return "drop";
  }
}
