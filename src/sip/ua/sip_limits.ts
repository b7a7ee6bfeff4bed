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
}

export const DEFAULT_SIP_LIMITS: Readonly<SipLimits> = {
  setupTimeoutMs: 150_000,
};
