/**
 * Mixes the audio of several legs, each hearing the parties it is told to hear: every tick
 * each leg's received audio is taken from its own jitter buffer, and each leg that hears
 * anybody is sent the saturating sum of those it hears. That covers a conference (everyone
 * hears everyone else), silent monitoring (a leg heard by nobody) and whisper (a leg heard
 * by one other). A leg that hears nobody is sent nothing, so whatever plays to it (music on
 * hold) is not interrupted. Unlike {@link MediaBridge}, audio is always decoded and
 * re-encoded, since a mix has no single source to relay.
 *
 * @module
 */

import { JitterBuffer } from "./jitter_buffer.ts";
import type { MediaClock } from "./media_clock.ts";
import type { MediaLeg } from "./media_leg.ts";
import { mixFrames } from "./mixer.ts";

/** One leg of a mix and whom it hears. */
export interface MixingParty {
  id: string;
  leg: MediaLeg;
  /** Ids of the parties whose audio this one is sent; empty: it is sent nothing. */
  hears: readonly string[];
}

/** Options for {@link MixingBridge}. */
export interface MixingBridgeOptions {
  /**
   * Called every tick with the first party's audio and the mix it hears (the recorder's
   * input: the caller on one side, the center as the caller hears it on the other).
   */
  onFrames?: (first: Int16Array, heardByFirst: Int16Array) => void;
}

interface Member extends MixingParty {
  jitter: JitterBuffer;
}

/** Mixes the legs it is given, each hearing the parties it lists. */
export class MixingBridge {
  readonly #clock: MediaClock;
  readonly #options: MixingBridgeOptions;
  readonly #members: Member[];
  #unsubscribe: (() => void)[] = [];

  constructor(
    clock: MediaClock,
    parties: readonly MixingParty[],
    options: MixingBridgeOptions = {},
  ) {
    if (parties.length < 2) throw new RangeError("A mix needs at least two legs");
    const ids = new Set(parties.map((p) => p.id));
    if (ids.size !== parties.length) throw new RangeError("Parties of a mix need distinct ids");
    for (const p of parties) {
      const unknown = p.hears.find((id) => !ids.has(id) || id === p.id);
      if (unknown !== undefined) {
        throw new RangeError(
          `Party ${p.id} cannot hear "${unknown}": not another party of the mix`,
        );
      }
    }
    this.#clock = clock;
    this.#options = options;
    this.#members = parties.map((p) => ({ ...p, jitter: new JitterBuffer() }));
  }

  get running(): boolean {
    return this.#unsubscribe.length > 0;
  }

  start(): void {
    if (this.running) return;
    for (const m of this.#members) {
      this.#unsubscribe.push(m.leg.onAudio((audio) => m.jitter.push(audio.timestamp, audio.pcm)));
    }
    this.#unsubscribe.push(this.#clock.add(() => this.#tick()));
  }

  /** Stops mixing; the legs stay open. */
  stop(): void {
    for (const u of this.#unsubscribe.splice(0)) u();
  }

  #tick(): void {
    const frames = new Map<string, Int16Array>();
    // The jitter buffer's frame is valid until its next pop: each is popped once a tick.
    for (const m of this.#members) frames.set(m.id, m.jitter.pop());
    let firstHears: Int16Array | undefined;
    for (const [i, m] of this.#members.entries()) {
      if (m.hears.length === 0) continue;
      const mix = mixFrames(m.hears.map((id) => frames.get(id)));
      m.leg.sendFrame(mix);
      if (i === 0) firstHears = mix;
    }
    if (this.#options.onFrames) {
      const first = this.#members[0];
      this.#options.onFrames(frames.get(first.id)!, firstHears ?? new Int16Array(160));
    }
  }
}
