/** The first wait after a failed fetch, in milliseconds. */
export const FIRST_RETRY_MS = 5_000;
/** The longest wait between tries, however long the server stays away. */
export const MAX_RETRY_MS = 5 * 60_000;

/**
 * How long to wait before the next try after `failures` failures in a row: doubling from
 * {@link FIRST_RETRY_MS} up to {@link MAX_RETRY_MS}. `jitter` (0..1, from the caller's
 * random source) spreads mailboxes that failed together by up to a fifth of the wait, so
 * they do not all knock on the server again in the same second.
 *
 * @example
 * ```ts
 * import { retryDelayMs } from "./back_off.ts";
 * console.assert(retryDelayMs(1) === 5_000);
 * console.assert(retryDelayMs(3) === 20_000);
 * ```
 */
export function retryDelayMs(failures: number, jitter = 0): number {
  if (!Number.isInteger(failures) || failures < 1) {
    throw new RangeError(`Failures must be a whole number from 1, not ${failures}`);
  }
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(failures - 1, 20));
  return Math.round(base * (1 + Math.max(0, Math.min(1, jitter)) / 5));
}
