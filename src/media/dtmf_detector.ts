/**
 * In-band DTMF detection on 8 kHz PCM with the Goertzel algorithm, tuned to the
 * ITU-T Q.23/Q.24 expectations: one tone from each group, within a twist window,
 * carrying most of the signal's energy, held for a minimum time, separated by a gap.
 *
 * @module
 */

const SAMPLE_RATE = 8000;
const ROW_HZ = [697, 770, 852, 941] as const;
const COL_HZ = [1209, 1336, 1477, 1633] as const;
const KEYS = ["123A", "456B", "789C", "*0#D"] as const;

/** Options for {@link DtmfDetector}; the defaults suit telephone audio. */
export interface DtmfDetectorOptions {
  /** Analysis window in samples: 160 (one frame) or 205 (the classic block). */
  windowSize?: number;
  /** Samples between successive windows; half a window by default. */
  hopSize?: number;
  /** Minimum tone duration to report, in ms. */
  minDurationMs?: number;
  /** Minimum silence (or other signal) that ends a digit, in ms. */
  minGapMs?: number;
  /** Minimum amplitude of each tone, in linear sample units (≈ −35 dBm0 by default). */
  minToneAmplitude?: number;
  /** Low group may exceed high group by this much ("reverse twist"), dB. */
  maxReverseTwistDb?: number;
  /** High group may exceed low group by this much ("normal twist"), dB. */
  maxNormalTwistDb?: number;
  /** Each tone must exceed the other tones of its group by this much, dB. */
  minGroupMarginDb?: number;
  /** The two tones must carry at least this fraction of the window's energy. */
  minToneEnergyRatio?: number;
}

/** A detected key with the time of its onset, measured in ms of audio fed so far. */
export interface DetectedDtmf {
  digit: string;
  atMs: number;
}

/** Goertzel coefficients 2·cos(2πf/fs) for the eight DTMF frequencies. */
function coefficients(): Float64Array {
  return Float64Array.from(
    [...ROW_HZ, ...COL_HZ],
    (f) => 2 * Math.cos((2 * Math.PI * f) / SAMPLE_RATE),
  );
}

const COEFFS = coefficients();

/**
 * Power of each DTMF frequency in `samples[start .. start+n)`, scaled so that a sine of
 * amplitude A exactly at the frequency yields about A²·n/2 (the window's energy share).
 */
export function goertzelPowers(
  samples: ArrayLike<number>,
  start = 0,
  n = samples.length - start,
): Float64Array {
  const out = new Float64Array(8);
  for (let k = 0; k < 8; k++) {
    const c = COEFFS[k];
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const s0 = samples[start + i] + c * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    // |X(f)|² from the last two states (Goertzel, 1958); ×2/n rescales to energy.
    out[k] = ((s1 * s1 + s2 * s2 - c * s1 * s2) * 2) / n;
  }
  return out;
}

/**
 * Streams PCM in and reports each key press once. Frames of any length can be fed;
 * analysis runs on overlapping windows.
 */
export class DtmfDetector {
  readonly #window: number;
  readonly #hop: number;
  readonly #minOn: number;
  readonly #minOff: number;
  readonly #minTonePower: number;
  readonly #reverseTwist: number;
  readonly #normalTwist: number;
  readonly #groupMargin: number;
  readonly #energyRatio: number;
  readonly #buffer: Float64Array;
  #filled = 0;
  #samplesSeen = 0;
  #candidate: string | undefined;
  #candidateRun = 0;
  #candidateStart = 0;
  #reported: string | undefined;
  #offRun = 0;

  constructor(options: DtmfDetectorOptions = {}) {
    this.#window = options.windowSize ?? 160;
    this.#hop = options.hopSize ?? Math.floor(this.#window / 2);
    if (this.#window < 80 || this.#hop < 1 || this.#hop > this.#window) {
      throw new RangeError("DTMF window must be at least 80 samples and the hop within it");
    }
    const hopMs = (this.#hop * 1000) / SAMPLE_RATE;
    const windowMs = (this.#window * 1000) / SAMPLE_RATE;
    // A tone lasting d ms fills ⌊(d − window)/hop⌋ + 1 whole windows at best; ask for one
    // fewer to allow for alignment, so tones of minDuration are reliably accepted.
    const minDuration = options.minDurationMs ?? 40;
    this.#minOn = Math.max(1, Math.floor((minDuration - windowMs) / hopMs));
    this.#minOff = Math.max(1, Math.floor((options.minGapMs ?? 30) / hopMs) - 1);
    const amplitude = options.minToneAmplitude ?? 400;
    this.#minTonePower = (amplitude * amplitude * this.#window) / 2;
    this.#reverseTwist = 10 ** ((options.maxReverseTwistDb ?? 8) / 10);
    this.#normalTwist = 10 ** ((options.maxNormalTwistDb ?? 4) / 10);
    this.#groupMargin = 10 ** ((options.minGroupMarginDb ?? 6) / 10);
    this.#energyRatio = options.minToneEnergyRatio ?? 0.6;
    this.#buffer = new Float64Array(this.#window);
  }

  /** Feeds samples; returns the keys whose press was confirmed within them. */
  process(samples: Int16Array): DetectedDtmf[] {
    const found: DetectedDtmf[] = [];
    for (let i = 0; i < samples.length; i++) {
      this.#buffer[this.#filled++] = samples[i];
      this.#samplesSeen++;
      if (this.#filled < this.#window) continue;
      const hit = this.#classify();
      const endSample = this.#samplesSeen;
      this.#buffer.copyWithin(0, this.#hop);
      this.#filled = this.#window - this.#hop;
      const d = this.#track(hit, endSample);
      if (d) found.push(d);
    }
    return found;
  }

  /** Forgets all state, as for a new call. */
  reset(): void {
    this.#filled = 0;
    this.#samplesSeen = 0;
    this.#candidate = undefined;
    this.#candidateRun = 0;
    this.#reported = undefined;
    this.#offRun = 0;
  }

  #track(hit: string | undefined, endSample: number): DetectedDtmf | undefined {
    if (hit === undefined) {
      this.#candidate = undefined;
      this.#candidateRun = 0;
      if (this.#reported !== undefined && ++this.#offRun >= this.#minOff) {
        this.#reported = undefined;
      }
      return undefined;
    }
    this.#offRun = 0;
    if (hit !== this.#candidate) {
      this.#candidate = hit;
      this.#candidateRun = 0;
      this.#candidateStart = endSample - this.#window;
    }
    this.#candidateRun++;
    // A held key keeps matching: report it once, until a gap clears it.
    if (this.#candidateRun >= this.#minOn && this.#reported !== hit) {
      this.#reported = hit;
      return { digit: hit, atMs: (this.#candidateStart * 1000) / SAMPLE_RATE };
    }
    return undefined;
  }

  #classify(): string | undefined {
    const buf = this.#buffer;
    const n = this.#window;
    let energy = 0;
    for (let i = 0; i < n; i++) energy += buf[i] * buf[i];
    if (energy === 0) return undefined;
    const p = goertzelPowers(buf, 0, n);
    const row = strongest(p, 0);
    const col = strongest(p, 4);
    const rowPower = p[row];
    const colPower = p[4 + col];
    if (rowPower < this.#minTonePower || colPower < this.#minTonePower) return undefined;
    if (rowPower > colPower * this.#reverseTwist || colPower > rowPower * this.#normalTwist) {
      return undefined;
    }
    for (let k = 0; k < 4; k++) {
      if (k !== row && p[k] * this.#groupMargin > rowPower) return undefined;
      if (k !== col && p[4 + k] * this.#groupMargin > colPower) return undefined;
    }
    // Speech and music spread their energy; a key press puts nearly all of it in two tones.
    if (rowPower + colPower < energy * this.#energyRatio) return undefined;
    return KEYS[row][col];
  }
}

function strongest(p: Float64Array, from: number): number {
  let best = 0;
  for (let k = 1; k < 4; k++) if (p[from + k] > p[from + best]) best = k;
  return best;
}
