/**
 * Inbound messages per number in a sliding minute: a number that sends more is refused
 * until its oldest message in the window is a minute old. Numbers quiet for a minute
 * are forgotten, so the map stays as small as the set of numbers texting right now.
 */
export class InboundRate {
  readonly #seen = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  /** Counts a message from `number`; false when it is over `perMinute`. */
  admit(number: string, perMinute: number): boolean {
    const now = this.now();
    this.#forgetQuiet(now);
    const times = (this.#seen.get(number) ?? []).filter((t) => now - t < 60_000);
    if (times.length >= perMinute) {
      this.#seen.set(number, times);
      return false;
    }
    times.push(now);
    this.#seen.set(number, times);
    return true;
  }

  #forgetQuiet(now: number): void {
    if (this.#seen.size < 1000) return;
    for (const [number, times] of this.#seen) {
      if (now - times[times.length - 1] >= 60_000) this.#seen.delete(number);
    }
  }
}
