/**
 * A conference of three or more legs: every tick each leg's received audio is taken from
 * its own jitter buffer, and each leg is sent the mix of everyone but itself (see
 * {@link conferenceMix}). Unlike {@link MediaBridge}, audio is always decoded and
 * re-encoded, since a mix has no single source to relay. The recorder gets the first leg
 * (the caller) on one side and the sum of the others on the other.
 *
 * @module
 */

import { JitterBuffer } from "./jitter_buffer.ts";
import type { MediaClock } from "./media_clock.ts";
import type { MediaLeg } from "./media_leg.ts";
import { conferenceMix, mixFrames } from "./mixer.ts";

/** Options for {@link ConferenceBridge}. */
export interface ConferenceBridgeOptions {
  /** Called every tick with the first leg's audio and the mix of all the others. */
  onFrames?: (first: Int16Array, others: Int16Array) => void;
}

interface Party {
  id: string;
  leg: MediaLeg;
  jitter: JitterBuffer;
}

/** Mixes the legs it is given, each hearing everyone else. */
export class ConferenceBridge {
  readonly #clock: MediaClock;
  readonly #options: ConferenceBridgeOptions;
  readonly #parties: Party[];
  #unsubscribe: (() => void)[] = [];

  constructor(clock: MediaClock, legs: readonly MediaLeg[], options: ConferenceBridgeOptions = {}) {
    if (legs.length < 2) throw new RangeError("A conference needs at least two legs");
    this.#clock = clock;
    this.#options = options;
    this.#parties = legs.map((leg, i) => ({ id: String(i), leg, jitter: new JitterBuffer() }));
  }

  get running(): boolean {
    return this.#unsubscribe.length > 0;
  }

  start(): void {
    if (this.running) return;
    for (const p of this.#parties) {
      this.#unsubscribe.push(p.leg.onAudio((audio) => p.jitter.push(audio.timestamp, audio.pcm)));
    }
    this.#unsubscribe.push(this.#clock.add(() => this.#tick()));
  }

  /** Stops mixing; the legs stay open. */
  stop(): void {
    for (const u of this.#unsubscribe.splice(0)) u();
  }

  #tick(): void {
    const frames = this.#parties.map((p) => ({ id: p.id, frame: p.jitter.pop() }));
    const mixes = conferenceMix(frames);
    for (const p of this.#parties) p.leg.sendFrame(mixes.get(p.id)!);
    if (this.#options.onFrames) {
      const [first, ...others] = frames;
      this.#options.onFrames(first.frame, mixFrames(others.map((o) => o.frame)));
    }
  }
}
