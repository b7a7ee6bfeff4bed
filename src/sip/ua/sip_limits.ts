import type { RateLimit } from "./request_rate_limiter.ts";

/**
 * The limits that keep one peer from holding more of the appliance than it should. Each
 * has a default that suits a small office; `SipStackOptions.limits` overrides any of them.
 */
export interface SipLimits {
  /**
   * How long an INVITE from a trunk may wait for its final answer before it is refused
   * with 408 and its trunk slot is free again. Above the longest ring a number may have
   * (120 s), with room for the media to be set up.
   */
  setupTimeoutMs: number;
  /**
   * SIP messages per second one address that is not a trunk may send, with a burst of
   * `requestBurst` on top. Past that they are dropped unread; an address that goes on
   * to twice this rate in dropped messages is blocked for `floodBlockMs`.
   */
  requestsPerSecond: number;
  requestBurst: number;
  floodBlockMs: number;
  /**
   * A trunk's address is never blocked for its rate: it may send `trunkRequestsPerCall`
   * messages per second for each call it may carry (its max_calls), and at least
   * `trunkMinRequestsPerSecond`, with a burst of twice that; only what goes beyond is
   * dropped.
   */
  trunkRequestsPerCall: number;
  trunkMinRequestsPerSecond: number;
  /**
   * Addresses the rate limiter and the source guard each remember at most, and
   * extensions the extension guard remembers.
   */
  trackedAddresses: number;
  /** Server transactions kept at most; new requests beyond are answered 503. */
  maxServerTransactions: number;
  /** TCP connections one address may hold open at once. */
  tcpConnectionsPerAddress: number;
  /**
   * Wrong digest answers for one extension, from any addresses, within
   * `extensionAuthWindowMs` before the extension is locked for `extensionLockMs`:
   * during a lock only addresses that registered it before are heard.
   */
  extensionAuthFailures: number;
  extensionAuthWindowMs: number;
  extensionLockMs: number;
}

export const DEFAULT_SIP_LIMITS: Readonly<SipLimits> = {
  setupTimeoutMs: 150_000,
  requestsPerSecond: 100,
  requestBurst: 200,
  floodBlockMs: 60_000,
  trunkRequestsPerCall: 4,
  trunkMinRequestsPerSecond: 200,
  trackedAddresses: 10_000,
  maxServerTransactions: 20_000,
  tcpConnectionsPerAddress: 32,
  extensionAuthFailures: 10,
  extensionAuthWindowMs: 10 * 60_000,
  extensionLockMs: 5 * 60_000,
};

/** The rate a trunk's address may send at, from its call limit. */
export function trunkRateLimit(limits: SipLimits, maxCalls: number): RateLimit {
  const perSecond = Math.max(
    limits.trunkMinRequestsPerSecond,
    limits.trunkRequestsPerCall * maxCalls,
  );
  return { perSecond, burst: 2 * perSecond };
}
