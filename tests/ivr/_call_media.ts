import type { VirtualClock } from "../../src/clock/mod.ts";
import type { IvrMedia } from "../../src/ivr/mod.ts";
import { Player } from "../../src/media/mod.ts";

/** A call's media without sockets: frames move when the test ticks the virtual clock. */
export class FakeMedia implements IvrMedia {
  readonly player = new Player();
  readonly #closing = new AbortController();
  #digits: ((digit: string) => void)[] = [];
  #audio: ((frame: Int16Array) => void)[] = [];
  /** What the caller "says" each frame. */
  voice = 0;

  constructor(private readonly clock: VirtualClock) {}

  get closedSignal(): AbortSignal {
    return this.#closing.signal;
  }

  onDigit(listener: (digit: string) => void): () => void {
    this.#digits.push(listener);
    return () => (this.#digits = this.#digits.filter((l) => l !== listener));
  }

  onCallerAudio(listener: (frame: Int16Array) => void): () => void {
    this.#audio.push(listener);
    return () => (this.#audio = this.#audio.filter((l) => l !== listener));
  }

  press(digit: string): void {
    for (const listener of [...this.#digits]) listener(digit);
  }

  hangUp(): void {
    this.player.stop();
    this.#closing.abort();
  }

  /** Runs `ms` of media ticks, letting promises settle between them. */
  async run(ms: number): Promise<void> {
    for (let t = 0; t < ms; t += 20) {
      this.player.nextFrame();
      const frame = new Int16Array(160).fill(this.voice);
      for (const listener of [...this.#audio]) listener(frame);
      this.clock.advance(20);
      await Promise.resolve();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
}
