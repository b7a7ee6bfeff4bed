/**
 * Plays a queue of PCM sources (prompts, silence, looped music on hold) one 20 ms frame
 * at a time, when the media clock asks. Items may be interrupted by the caller pressing
 * a key (barge-in) unless marked otherwise.
 *
 * @module
 */

import { parseWav, WavFormatError } from "./wav.ts";
import { newInt16Frame } from "./_frame_pool.ts";

/** Anything that yields PCM frames until it runs out. */
export interface PcmSource {
  nextFrame(): Int16Array | undefined;
}

const FRAME = 160;

/**
 * Plays samples once, in frames of `frameSamples`; the last frame is padded with silence.
 * Given several parts (a prompt joined from words), plays them back to back as one
 * stream, without joining them into a new array: a frame that straddles two parts is
 * the only copy.
 */
export function pcmSource(
  samples: Int16Array | readonly Int16Array[],
  frameSamples = FRAME,
): PcmSource {
  const parts = ArrayBuffer.isView(samples) ? [samples] : samples;
  let part = 0;
  let at = 0;
  return {
    nextFrame() {
      while (part < parts.length && at >= parts[part].length) {
        part++;
        at = 0;
      }
      if (part >= parts.length) return undefined;
      const current = parts[part];
      // Whole frames are views of the prompt (nobody writes to a frame they are given).
      if (at + frameSamples <= current.length) {
        at += frameSamples;
        return current.subarray(at - frameSamples, at);
      }
      // The end of a part: the rest of the frame comes from the next parts, or silence.
      const out = newInt16Frame(frameSamples);
      let filled = 0;
      while (filled < frameSamples && part < parts.length) {
        const from = parts[part];
        const take = Math.min(frameSamples - filled, from.length - at);
        out.set(from.subarray(at, at + take), filled);
        filled += take;
        at += take;
        if (at >= from.length) {
          part++;
          at = 0;
        }
      }
      return out;
    },
  };
}

/** Silence for `ms` milliseconds, rounded up to whole frames. */
export function silenceSource(ms: number, frameSamples = FRAME): PcmSource {
  let left = Math.ceil((ms * 8) / frameSamples);
  return {
    nextFrame: () => (left-- > 0 ? newInt16Frame(frameSamples) : undefined),
  };
}

/**
 * Repeats samples seamlessly (frames straddle the loop point rather than padding it), for
 * music on hold; `times` defaults to forever.
 */
export function loopSource(samples: Int16Array, times = Infinity, frameSamples = FRAME): PcmSource {
  if (samples.length === 0) return { nextFrame: () => undefined };
  let pos = 0;
  let round = 0;
  return {
    nextFrame() {
      if (round >= times) return undefined;
      const out = newInt16Frame(frameSamples);
      for (let i = 0; i < frameSamples && round < times; i++) {
        out[i] = samples[pos++];
        if (pos === samples.length) {
          pos = 0;
          round++;
        }
      }
      return out;
    },
  };
}

/**
 * Decodes a WAV prompt to 8 kHz mono samples, averaging stereo to mono. Prompts in other
 * sample rates are refused here; they are converted when uploaded.
 */
export function wavSamples(bytes: Uint8Array): Int16Array {
  const wav = parseWav(bytes);
  if (wav.sampleRate !== 8000) {
    throw new WavFormatError(`Prompts must be 8000 Hz, this one is ${wav.sampleRate} Hz`);
  }
  if (wav.channels === 1) return wav.samples;
  const n = Math.floor(wav.samples.length / wav.channels);
  const mono = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < wav.channels; c++) sum += wav.samples[i * wav.channels + c];
    mono[i] = Math.round(sum / wav.channels);
  }
  return mono;
}

/** Why an item stopped playing. */
export type PlayEnd = "done" | "stopped" | "barged";

/** One queued item. */
export interface PlayItem {
  source: PcmSource;
  /** Whether a key press may cut this item short; true by default. */
  bargeIn?: boolean;
  /** Called once when the item finishes or is cut short. */
  onEnd?: (reason: PlayEnd) => void;
}

/** A queue of sources played frame by frame. */
export class Player {
  #queue: PlayItem[] = [];

  /** Adds items to the end of the queue. */
  enqueue(...items: PlayItem[]): void {
    this.#queue.push(...items);
  }

  /** True while anything is queued. */
  get playing(): boolean {
    return this.#queue.length > 0;
  }

  /** The next frame, moving through the queue; undefined once it is empty. */
  nextFrame(): Int16Array | undefined {
    // Bounded by the queue: every pass either returns or removes an item.
    while (this.#queue.length > 0) {
      const item = this.#queue[0];
      const frame = item.source.nextFrame();
      if (frame) return frame;
      this.#queue.shift();
      item.onEnd?.("done");
    }
    return undefined;
  }

  /** Stops everything queued. */
  stop(): void {
    this.#end(this.#queue.length, "stopped");
  }

  /**
   * A key was pressed: cuts the leading interruptible items (the current one and those
   * queued behind it up to the first that may not be interrupted). Returns true when
   * anything was cut.
   */
  bargeIn(): boolean {
    let n = 0;
    while (n < this.#queue.length && this.#queue[n].bargeIn !== false) n++;
    this.#end(n, "barged");
    return n > 0;
  }

  #end(count: number, reason: PlayEnd): void {
    const ended = this.#queue.splice(0, count);
    for (const item of ended) item.onEnd?.(reason);
  }
}
