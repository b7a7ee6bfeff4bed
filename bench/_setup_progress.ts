/**
 * Where a benchmark's set-up of many calls stands: how many are up, which are under way
 * and at what step, how many of them go through the far-end relay, and how long it has
 * taken. The WebRTC load benchmark prints it every few seconds, so that a slow set-up is
 * seen as slow and a stuck one names the calls and steps it is stuck on.
 *
 * @module
 */

/** Set-up progress of one benchmark level; times are `performance.now()` milliseconds. */
export class SetupProgress {
  readonly #calls: number;
  readonly #relayed: number;
  readonly #startedAt: number;
  readonly #underWay = new Map<number, string>();
  #up = 0;
  #upRelayed = 0;
  #again = 0;
  #phase = "setting up";

  /** `calls` to set up, `relayed` of them behind the relay, counted from `startedAt`. */
  constructor(calls: number, relayed: number, startedAt: number) {
    this.#calls = calls;
    this.#relayed = relayed;
    this.#startedAt = startedAt;
  }

  /** Call `id` is now at `step` ("opening", "waiting for its browser's media", …). */
  step(id: number, step: string): void {
    this.#underWay.set(id, step);
  }

  /** Call `id` is up. */
  up(id: number, relayed: boolean): void {
    this.#underWay.delete(id);
    this.#up++;
    if (relayed) this.#upRelayed++;
  }

  /** A call failed an attempt and is set up again. */
  again(): void {
    this.#again++;
  }

  /** Call `id` is no longer being set up (it gave up). */
  left(id: number): void {
    this.#underWay.delete(id);
  }

  /** What the level does once set-up is over ("holding the calls", "closing the calls"). */
  set phase(phase: string) {
    this.#phase = phase;
  }

  get upCount(): number {
    return this.#up;
  }

  /** One line: "120 of 150 up (12 of 15 relayed), 2 set up again, 41 s; under way: …". */
  line(now: number): string {
    const seconds = Math.round((now - this.#startedAt) / 1000);
    const head = `${this.#phase}: ${this.#up} of ${this.#calls} up ` +
      `(${this.#upRelayed} of ${this.#relayed} relayed), ${this.#again} set up again, ${seconds} s`;
    if (this.#underWay.size === 0) return head;
    const steps = [...this.#underWay].sort(([a], [b]) => a - b)
      .map(([id, step]) => `call ${id} ${step}`);
    return `${head}; under way: ${steps.join(", ")}`;
  }
}
