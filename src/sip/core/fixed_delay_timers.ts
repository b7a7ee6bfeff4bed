/**
 * Timers that all wait the same delay, fired in the order they were set, with one clock
 * timer for the earliest. RFC 3261's long waits are the same for every transaction
 * (Timer J and Timer L are both 64*T1, §17.2.2 and RFC 6026 §7.1), and at 100 calls a
 * second one runtime timer each meant several thousand alive at once, each with its
 * closures, all of them old enough to burden every full garbage collection.
 */
import type { CancelTimer, Clock } from "../../clock/mod.ts";

interface Entry {
  at: number;
  fire: (() => void) | undefined;
}

/** Below this many spent entries the queue's array is left as it is. */
const COMPACT_AFTER = 1024;

export class FixedDelayTimers {
  readonly delayMs: number;
  readonly #clock: Pick<Clock, "now" | "setTimer">;
  #entries: Entry[] = [];
  #head = 0;
  #armed: CancelTimer | undefined;
  #firing = false;

  constructor(clock: Pick<Clock, "now" | "setTimer">, delayMs: number) {
    this.#clock = clock;
    this.delayMs = delayMs;
  }

  /** How many timers are set and not yet fired or cancelled. */
  get pending(): number {
    let n = 0;
    for (let i = this.#head; i < this.#entries.length; i++) if (this.#entries[i].fire) n++;
    return n;
  }

  /** Calls `fire` once {@link delayMs} from now; the returned function cancels it. */
  set(fire: () => void): CancelTimer {
    const entry: Entry = { at: this.#clock.now() + this.delayMs, fire };
    this.#entries.push(entry);
    if (!this.#armed && !this.#firing) this.#arm();
    // A cancelled entry keeps its place until its time, but no longer holds its callback.
    return () => entry.fire = undefined;
  }

  #arm(): void {
    const entries = this.#entries;
    while (this.#head < entries.length && !entries[this.#head].fire) this.#head++;
    if (this.#head === entries.length) {
      this.#entries = [];
      this.#head = 0;
      return;
    }
    if (this.#head > COMPACT_AFTER && this.#head * 2 > entries.length) {
      this.#entries = entries.slice(this.#head);
      this.#head = 0;
    }
    // The clock is the wall clock: if it steps, the waits shift with it, which for
    // absorbing retransmissions for half a minute does no harm.
    const wait = Math.max(0, this.#entries[this.#head].at - this.#clock.now());
    this.#armed = this.#clock.setTimer(wait, () => this.#due());
  }

  #due(): void {
    this.#armed = undefined;
    const now = this.#clock.now();
    this.#firing = true;
    try {
      while (this.#head < this.#entries.length && this.#entries[this.#head].at <= now) {
        const entry = this.#entries[this.#head++];
        const fire = entry.fire;
        entry.fire = undefined;
        fire?.();
      }
    } finally {
      // Also after a callback threw: the rest still fire, from a fresh timer.
      this.#firing = false;
      this.#arm();
    }
  }
}
