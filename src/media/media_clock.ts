/**
 * The one 20 ms ticker that paces every leg's outgoing audio. Tick n is due at
 * start + n·interval, computed from the start time rather than from the previous tick,
 * so timer lateness never accumulates into drift. Times are the clock's monotonic ones:
 * wall time moves in whole milliseconds, and a send time worked out from it landed
 * anywhere in a millisecond from one tick to the next (decision 041). Lateness per tick is kept for the
 * pacing statistics that the doctor command and the bench report.
 *
 * @module
 */

import type { CancelTimer, Clock } from "../clock/mod.ts";

/** Passed to every listener on each tick. */
export interface MediaTick {
  /** Tick number since start, 0-based; skipped ticks leave gaps. */
  index: number;
  /** When this tick was due, per the injected clock's monotonic time (ms). */
  dueAt: number;
  /** When it actually ran. */
  now: number;
}

/**
 * Runs `make`, and the packets it sends leave `delayMs` from now rather than at once: the
 * socket thread's pacing (`pacedSends` in src/net).
 */
export type SendPacer = (delayMs: number, make: () => void) => void;

/** Options for {@link MediaClock}. */
export interface MediaClockOptions {
  intervalMs?: number;
  /**
   * With `sendLeadMs`, each tick's packets are made `sendLeadMs` ahead and the pacer sends
   * them when due, so how busy this thread is no longer moves them.
   */
  pacer?: SendPacer;
  sendLeadMs?: number;
  /**
   * A tick's listeners run in slices of about this long, other work running in between,
   * so one tick of hundreds of calls does not hold up signalling (needs a pacer with a
   * lead to keep the packets on time). Unset: all listeners at once.
   */
  sliceMs?: number;
  /**
   * When the process stalls for longer than this many ticks, the missed ticks are skipped
   * (and counted) instead of being run back to back, which would burst packets at peers.
   */
  maxCatchUpTicks?: number;
  /** Number of recent ticks the percentiles are computed over. */
  statsWindow?: number;
  /** Receives errors thrown by listeners; the clock keeps ticking. */
  onError?: (error: unknown) => void;
}

/** Pacing error statistics over the recent window, in ms. */
export interface PacingStats {
  ticks: number;
  skipped: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Drives all registered listeners at a fixed interval from the injected clock. */
export class MediaClock {
  readonly intervalMs: number;
  readonly #clock: Clock;
  readonly #maxCatchUp: number;
  readonly #onError: (error: unknown) => void;
  readonly #pacer: SendPacer | undefined;
  readonly #leadMs: number;
  readonly #sliceMs: number;
  readonly #errors: Float64Array;
  #errorCount = 0;
  #listeners: ((tick: MediaTick) => void)[] = [];
  #startAt = 0;
  #index = 0;
  #ticks = 0;
  #skipped = 0;
  #cancel: CancelTimer | undefined;

  constructor(clock: Clock, options: MediaClockOptions = {}) {
    this.#clock = clock;
    this.intervalMs = options.intervalMs ?? 20;
    if (!(this.intervalMs > 0)) throw new RangeError("Tick interval must be positive");
    this.#maxCatchUp = options.maxCatchUpTicks ?? 5;
    this.#errors = new Float64Array(options.statsWindow ?? 3000);
    this.#onError = options.onError ??
      ((error) => console.error("media: tick listener failed", error));
    this.#pacer = options.pacer;
    this.#leadMs = options.pacer ? options.sendLeadMs ?? 0 : 0;
    this.#sliceMs = options.sliceMs ?? Infinity;
  }

  /** Registers a listener; returns the function that removes it. */
  add(listener: (tick: MediaTick) => void): () => void {
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }

  get running(): boolean {
    return this.#cancel !== undefined;
  }

  /** Starts ticking; the first tick runs one interval from now. */
  start(): void {
    if (this.#cancel) return;
    this.#startAt = this.#clock.monotonic();
    this.#index = 1;
    this.#schedule();
  }

  /** Stops ticking; pending timers are cancelled. */
  stop(): void {
    this.#cancel?.();
    this.#cancel = undefined;
  }

  /** Pacing error (actual − due) over the recent window. */
  stats(): PacingStats {
    const n = Math.min(this.#errorCount, this.#errors.length);
    const sorted = this.#errors.slice(0, n).sort();
    const pick = (q: number) => (n === 0 ? 0 : sorted[Math.min(n - 1, Math.ceil(q * n) - 1)]);
    return {
      ticks: this.#ticks,
      skipped: this.#skipped,
      p50Ms: pick(0.5),
      p99Ms: pick(0.99),
      maxMs: n === 0 ? 0 : sorted[n - 1],
    };
  }

  #dueAt(index: number): number {
    return this.#startAt + index * this.intervalMs;
  }

  #schedule(): void {
    const delay = this.#dueAt(this.#index) - this.#clock.monotonic();
    this.#cancel = this.#clock.setTimer(Math.max(0, delay), () => this.#fire());
  }

  #fire(): void {
    const now = this.#clock.monotonic();
    const behind = Math.floor((now - this.#dueAt(this.#index)) / this.intervalMs);
    if (behind > this.#maxCatchUp) {
      // A long stall: resume at the latest due tick instead of bursting the backlog.
      this.#skipped += behind;
      this.#index += behind;
    }
    this.#runDue(0);
  }

  /** Runs every tick that is due (normally exactly one), then waits for the next. */
  #runDue(ran: number): void {
    if (!this.#cancel) return; // stopped
    const now = this.#clock.monotonic();
    const dueAt = this.#dueAt(this.#index);
    if (ran > this.#maxCatchUp || dueAt > now) return this.#schedule();
    this.#record(now - dueAt);
    const tick: MediaTick = { index: this.#index, dueAt, now };
    this.#index++;
    this.#ticks++;
    this.#runListeners(tick, [...this.#listeners], 0, () => this.#runDue(ran + 1));
  }

  /** Runs `listeners[from…]` for `tick`, yielding between slices when slicing is on. */
  #runListeners(
    tick: MediaTick,
    listeners: ((tick: MediaTick) => void)[],
    from: number,
    done: () => void,
  ): void {
    const sliceStart = this.#clock.monotonic();
    const yieldUntil = tick.dueAt + this.#leadMs / 2;
    let next = from;
    const runSlice = () => {
      while (next < listeners.length) {
        const listener = listeners[next++];
        try {
          listener(tick);
        } catch (error) {
          this.#onError(error);
        }
        if (!this.#cancel) return; // a listener stopped the clock
        const now = this.#clock.monotonic();
        // Yield only while the tick has slack: past half its lead it runs to the end, so
        // a busy thread delays other work rather than the tick's packets.
        if (now - sliceStart >= this.#sliceMs && now < yieldUntil) return;
      }
    };
    if (this.#pacer) this.#pacer(tick.dueAt + this.#leadMs - this.#clock.monotonic(), runSlice);
    else runSlice();
    if (!this.#cancel) return;
    if (next >= listeners.length) return done();
    // The rest of this tick after whatever else is waiting (SIP, HTTP, received media).
    this.#cancel = this.#clock.setTimer(0, () => this.#runListeners(tick, listeners, next, done));
  }

  #record(errorMs: number): void {
    this.#errors[this.#errorCount % this.#errors.length] = errorMs;
    this.#errorCount++;
  }
}
