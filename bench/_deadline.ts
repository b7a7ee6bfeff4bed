/**
 * A bound on any wait in a benchmark: a run on a busy machine must end with the step it
 * was stuck on named, not hang with no output.
 *
 * @module
 */

/** Raised by {@link within} when the wait it bounds is over. */
export class WaitTimedOut extends Error {
  constructor(readonly what: string, readonly ms: number) {
    super(`Gave up after ${formatMs(ms)} waiting for ${what}`);
    this.name = "WaitTimedOut";
  }
}

/**
 * Settles as `work` does if it does within `ms`, else rejects with {@link WaitTimedOut}
 * naming `what` ("the appliance to answer open for call 12"). `work` is not cancelled: a
 * caller that gives up must clean up after it, as on any other failure.
 */
export function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  if (!(ms > 0)) throw new RangeError(`A wait needs a positive bound, not ${ms} ms`);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WaitTimedOut(what, ms)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
