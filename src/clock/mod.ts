/**
 * Time for every domain. Nothing in the appliance reads `Date.now()` or calls
 * `setTimeout` directly: it asks a {@link Clock}, so tests and simulations can drive
 * a {@link VirtualClock} and get the same answers every run.
 *
 * @module
 */

/** Cancels a timer set with {@link Clock.setTimer}; calling it twice is harmless. */
export type CancelTimer = () => void;

/** The source of time and timers that every domain is given. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Milliseconds from an arbitrary origin, with sub-millisecond resolution, never going
   * back: for measuring how long something took (wall time moves in whole milliseconds
   * and can be stepped).
   */
  monotonic(): number;
  /** Runs `callback` once after `delayMs` milliseconds (0 or more). */
  setTimer(delayMs: number, callback: () => void): CancelTimer;
}

/** The real clock: wall time and the runtime's timers. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  monotonic(): number {
    return performance.now();
  }

  setTimer(delayMs: number, callback: () => void): CancelTimer {
    const id = setTimeout(callback, Math.max(0, delayMs));
    return () => clearTimeout(id);
  }
}

/**
 * Whether `work` settles within `ms` on `clock`'s timers (a rejection of `work` is
 * thrown); the timer is cancelled either way. For shutdowns that wait only so long.
 */
export async function settlesWithin(
  clock: Pick<Clock, "setTimer">,
  work: Promise<unknown>,
  ms: number,
): Promise<boolean> {
  let cancel: CancelTimer = () => {};
  try {
    return await Promise.race([
      work.then(() => true),
      new Promise<boolean>((resolve) => cancel = clock.setTimer(ms, () => resolve(false))),
    ]);
  } finally {
    cancel();
  }
}

interface PendingTimer {
  at: number;
  order: number;
  callback: () => void;
  cancelled: boolean;
}

/**
 * A clock that only moves when told to. Timers fire in due-time order (ties in the
 * order they were set), and a timer set by a firing callback fires in the same
 * `advance()` if it falls due before the target time.
 *
 * @example
 * ```ts
 * import { VirtualClock } from "./mod.ts";
 * const clock = new VirtualClock(0);
 * let fired = false;
 * clock.setTimer(1000, () => fired = true);
 * clock.advance(999);
 * if (fired) throw new Error("fired early");
 * clock.advance(1);
 * if (!fired) throw new Error("did not fire");
 * ```
 */
export class VirtualClock implements Clock {
  #now: number;
  #order = 0;
  #timers: PendingTimer[] = [];
  #live = 0;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  monotonic(): number {
    return this.#now;
  }

  setTimer(delayMs: number, callback: () => void): CancelTimer {
    if (!Number.isFinite(delayMs)) {
      throw new RangeError(`Timer delay must be finite, got ${delayMs}`);
    }
    const timer: PendingTimer = {
      at: this.#now + Math.max(0, delayMs),
      order: this.#order++,
      callback,
      cancelled: false,
    };
    this.#insert(timer);
    this.#live++;
    return () => {
      if (timer.cancelled) return;
      timer.cancelled = true;
      this.#live--;
    };
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError(`Cannot move a clock backwards (${ms} ms)`);
    this.advanceTo(this.#now + ms);
  }

  /** Moves time forward to `targetMs`, firing every timer that falls due on the way. */
  advanceTo(targetMs: number): void {
    if (targetMs < this.#now) throw new RangeError(`Cannot move a clock backwards to ${targetMs}`);
    while (this.#timers.length > 0 && this.#timers[0].at <= targetMs) {
      const timer = this.#pop();
      if (timer.cancelled) continue;
      // Marked so that a later cancel of a fired timer does not count it twice.
      timer.cancelled = true;
      this.#live--;
      this.#now = timer.at;
      timer.callback();
    }
    this.#now = targetMs;
  }

  /** Due time of the next live timer, or undefined when none is pending. */
  nextTimerAt(): number | undefined {
    while (this.#timers.length > 0 && this.#timers[0].cancelled) this.#pop();
    return this.#timers[0]?.at;
  }

  /** Fires the next live timer (moving time to it); false when none is pending. */
  runNext(): boolean {
    const at = this.nextTimerAt();
    if (at === undefined) return false;
    this.advanceTo(at);
    return true;
  }

  /** Number of timers still waiting to fire. */
  get pendingTimers(): number {
    return this.#live;
  }

  // A binary min-heap on (due time, order): simulations keep tens of thousands of
  // timers, and both inserting and taking the next are O(log n).
  #before(a: PendingTimer, b: PendingTimer): boolean {
    return a.at < b.at || (a.at === b.at && a.order < b.order);
  }

  #insert(timer: PendingTimer): void {
    const heap = this.#timers;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  #pop(): PendingTimer {
    const heap = this.#timers;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && this.#before(heap[left], heap[smallest])) smallest = left;
        if (right < heap.length && this.#before(heap[right], heap[smallest])) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest], heap[i]];
        i = smallest;
      }
    }
    return top;
  }
}

export { checkTimeZone, isTimeZone, type ZonedParts, zonedParts, zoneOffsetMs } from "./zone.ts";
