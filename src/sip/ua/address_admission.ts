import type { Clock } from "../../clock/mod.ts";
import type { Logger, LogOncePerInterval } from "../../log/mod.ts";
import type { Destination } from "../core/mod.ts";
import { RequestRateLimiter } from "./request_rate_limiter.ts";
import { type SipLimits, trunkRateLimit } from "./sip_limits.ts";
import type { SourceGuard } from "./source_guard.ts";
import type { TrunkDirectory } from "./trunk_directory.ts";

/** What {@link AddressAdmission} counts, on the stack's own counters. */
export interface AddressCounters {
  /** Messages from a blocked address. */
  dropped: number;
  /** Messages dropped unread because their address was over its rate. */
  rateLimited: number;
}

/**
 * Whether a message from an address is read at all, decided before it is parsed: not
 * from a blocked address, and within the address's rate (a trunk's own, sized by its
 * call limit, or the one every other address shares). An unknown address that keeps
 * flooding is blocked for a while.
 */
export class AddressAdmission {
  readonly #rates: RequestRateLimiter;

  constructor(
    clock: Clock,
    private readonly limits: Readonly<SipLimits>,
    private readonly trunks: TrunkDirectory,
    private readonly guard: SourceGuard,
    private readonly counters: AddressCounters,
    private readonly log: Logger,
    private readonly quiet: LogOncePerInterval,
  ) {
    this.#rates = new RequestRateLimiter(clock, limits.trackedAddresses);
  }

  /** Addresses whose rate is tracked now. */
  get tracked(): number {
    return this.#rates.size;
  }

  admit(source: Destination): boolean {
    const address = source.host;
    if (this.guard.isBlocked(address)) {
      this.counters.dropped++;
      return false;
    }
    const limits = this.limits;
    const trunk = this.trunks.matchSource(address);
    const limit = trunk
      ? trunkRateLimit(limits, trunk.maxCalls)
      : { perSecond: limits.requestsPerSecond, burst: limits.requestBurst };
    const verdict = this.#rates.take(address, limit, trunk === undefined);
    if (verdict === "pass") return true;
    this.counters.rateLimited++;
    if (verdict === "block") {
      this.guard.block(address, limits.floodBlockMs);
      this.log.warn("blocking an address that floods the SIP port", {
        source: address,
        per_second: limit.perSecond,
        block_ms: limits.floodBlockMs,
      });
    } else if (trunk) {
      this.quiet.maybe(
        `trunk-rate:${trunk.id}`,
        (n) =>
          this.log.warn("a trunk sends faster than its limit; dropping the excess", {
            trunk: trunk.name,
            source: address,
            per_second: limit.perSecond,
            suppressed: n,
          }),
      );
    }
    return false;
  }
}
