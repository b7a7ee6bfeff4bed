/**
 * What a leg of a live call is sent, measured: taps a media leg's outgoing frames (mixed
 * or relayed) and measures, per 20 ms frame, the level of given tones (Goertzel with a
 * Hann window, so a strong tone barely leaks into its neighbours) and of the speech band
 * between them. Browsers in the tests speak pure tones from WAV files, so each side's
 * audio can be told apart in what another side receives.
 */
import { decodeG711, type MediaLeg } from "../../src/media/mod.ts";

const RATE = 8000;

/** Amplitude of `hz` in one frame of 8 kHz PCM, Hann-windowed. */
export function toneLevel(pcm: Int16Array, hz: number): number {
  const n = pcm.length;
  const k = 2 * Math.cos((2 * Math.PI * hz) / RATE);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    const s0 = pcm[i] * w + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - k * s1 * s2;
  // A Hann window halves a tone's amplitude; scale back to the tone's own.
  return (2 * Math.sqrt(Math.max(0, power))) / (n * 0.5);
}

/** A window of frames a leg was sent. */
export class AudioTap {
  #frames: Int16Array[] = [];
  #recording = false;

  constructor(leg: MediaLeg) {
    const frame = leg.sendFrame.bind(leg);
    const payload = leg.sendPayload.bind(leg);
    leg.sendFrame = (pcm) => {
      if (this.#recording) this.#frames.push(pcm.slice());
      frame(pcm);
    };
    leg.sendPayload = (bytes, samples) => {
      if (this.#recording) this.#frames.push(decodeG711(leg.codec, bytes));
      payload(bytes, samples);
    };
  }

  /** Collects what the leg is sent for `ms`, then returns those frames. */
  async record(ms: number): Promise<Int16Array[]> {
    this.#frames = [];
    this.#recording = true;
    await new Promise((r) => setTimeout(r, ms));
    this.#recording = false;
    return this.#frames;
  }
}

/** The median level of a tone over frames (a steady tone keeps it high; speech does not). */
export function medianTone(frames: Int16Array[], hz: number): number {
  const levels = frames.map((f) => toneLevel(f, hz)).sort((a, b) => a - b);
  return levels[Math.floor(levels.length / 2)] ?? 0;
}

/**
 * The 90th percentile of speech-band levels well away from the test tones (speech is
 * bursty): bands at least 250 Hz from any tone, where a Hann-windowed tone leaks nothing
 * worth counting.
 */
export function speechLevel(frames: Int16Array[], avoid: number[]): number {
  const bands = [300, 900, 1000, 1800, 2200].filter((hz) =>
    avoid.every((a) => Math.abs(a - hz) >= 250)
  );
  const levels = frames.map((f) => Math.max(...bands.map((hz) => toneLevel(f, hz))))
    .sort((a, b) => a - b);
  return levels[Math.floor(levels.length * 0.9)] ?? 0;
}

/** A mono 16-bit WAV of a steady tone, for Chromium's fake microphone. */
export function toneWav(hz: number, seconds = 10, rate = 48000, amplitude = 9000): Uint8Array {
  const samples = seconds * rate;
  const bytes = new Uint8Array(44 + samples * 2);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) =>
    [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, "RIFF");
  view.setUint32(4, 36 + samples * 2, true);
  text(8, "WAVE");
  text(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, "data");
  view.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i++) {
    view.setInt16(
      44 + i * 2,
      Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate)),
      true,
    );
  }
  return bytes;
}
