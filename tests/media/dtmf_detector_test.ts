import assert from "node:assert/strict";
import { DtmfDetector, type DtmfDetectorOptions, goertzelPowers } from "../../src/media/mod.ts";

const FREQS: Record<string, [number, number]> = {};
const ROWS = [697, 770, 852, 941];
const COLS = [1209, 1336, 1477, 1633];
["123A", "456B", "789C", "*0#D"].forEach((keys, r) =>
  [...keys].forEach((k, c) => (FREQS[k] = [ROWS[r], COLS[c]]))
);

/** A deterministic generator so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
}

interface Segment {
  key?: string;
  ms: number;
  amplitude?: number;
  twistDb?: number;
}

/** Renders tone/silence segments, with optional white noise at `snrDb` below the tone. */
function render(segments: Segment[], snrDb?: number, seed = 1): Int16Array {
  const total = segments.reduce((n, s) => n + s.ms * 8, 0);
  const out = new Float64Array(total);
  let at = 0;
  let toneAmplitude = 0;
  for (const seg of segments) {
    const n = seg.ms * 8;
    if (seg.key) {
      const [lo, hi] = FREQS[seg.key];
      const a = seg.amplitude ?? 6000;
      const b = a * 10 ** ((seg.twistDb ?? 0) / 20);
      toneAmplitude = Math.max(toneAmplitude, a);
      for (let i = 0; i < n; i++) {
        const t = (at + i) / 8000;
        out[at + i] = a * Math.sin(2 * Math.PI * lo * t) + b * Math.sin(2 * Math.PI * hi * t + 1);
      }
    }
    at += n;
  }
  if (snrDb !== undefined) {
    // Signal power of the two-tone pair is a²; noise σ² set snrDb below it.
    const sigma = Math.sqrt(toneAmplitude ** 2 / 10 ** (snrDb / 10));
    const rand = rng(seed);
    for (let i = 0; i < total; i++) out[i] += sigma * gaussian(rand);
  }
  return Int16Array.from(out, (v) => Math.max(-32768, Math.min(32767, Math.round(v))));
}

/** Feeds audio in 20 ms frames, as the media plane does. */
function detect(pcm: Int16Array, options?: DtmfDetectorOptions, frame = 160): string {
  const detector = new DtmfDetector(options);
  let digits = "";
  for (let i = 0; i < pcm.length; i += frame) {
    for (const d of detector.process(pcm.subarray(i, i + frame))) digits += d.digit;
  }
  return digits;
}

const ALL = "123A456B789C*0#D";

Deno.test("Goertzel measures a pure tone at its frequency and little elsewhere", () => {
  const pcm = Float64Array.from(
    { length: 160 },
    (_, i) => 1000 * Math.sin((2 * Math.PI * 770 * i) / 8000),
  );
  const p = goertzelPowers(pcm);
  const expected = (1000 * 1000 * 160) / 2;
  assert.ok(Math.abs(p[1] - expected) / expected < 0.05, `${p[1]} vs ${expected}`);
  for (const k of [0, 2, 3, 4, 5, 6, 7]) assert.ok(p[k] < expected / 10);
});

Deno.test("all sixteen keys are detected from clean tones", () => {
  const segments = [...ALL].flatMap((key) => [{ key, ms: 60 }, { ms: 60 }]);
  assert.equal(detect(render(segments)), ALL);
});

Deno.test("all sixteen keys are detected with white noise 20 dB below the tones", () => {
  const segments = [...ALL].flatMap((key) => [{ key, ms: 70 }, { ms: 60 }]);
  assert.equal(detect(render(segments, 20, 7)), ALL);
});

Deno.test("all keys are detected with the 205-sample block and odd frame sizes", () => {
  const segments = [...ALL].flatMap((key) => [{ key, ms: 70 }, { ms: 60 }]);
  assert.equal(detect(render(segments), { windowSize: 205 }, 97), ALL);
});

Deno.test("a held key yields one digit", () => {
  assert.equal(detect(render([{ ms: 40 }, { key: "5", ms: 2000 }, { ms: 100 }], 25)), "5");
});

Deno.test("the same key pressed twice with a short gap yields two digits", () => {
  assert.equal(detect(render([{ key: "8", ms: 60 }, { ms: 50 }, { key: "8", ms: 60 }])), "88");
});

Deno.test("a tone shorter than the minimum duration is ignored", () => {
  assert.equal(detect(render([{ ms: 40 }, { key: "1", ms: 20 }, { ms: 100 }])), "");
  assert.equal(detect(render([{ ms: 40 }, { key: "1", ms: 40 }, { ms: 100 }])), "1");
});

Deno.test("onset time is reported in ms of audio fed", () => {
  const detector = new DtmfDetector();
  const pcm = render([{ ms: 500 }, { key: "9", ms: 100 }, { ms: 100 }]);
  const found = detector.process(pcm);
  assert.equal(found.length, 1);
  assert.ok(Math.abs(found[0].atMs - 500) <= 20, `${found[0].atMs}`);
});

Deno.test("twist within 4 dB normal and 8 dB reverse is accepted, beyond it rejected", () => {
  assert.equal(detect(render([{ key: "6", ms: 80, twistDb: 3 }])), "6");
  assert.equal(detect(render([{ key: "6", ms: 80, twistDb: -7 }])), "6");
  assert.equal(detect(render([{ key: "6", ms: 80, twistDb: 6 }])), "");
  assert.equal(detect(render([{ key: "6", ms: 80, twistDb: -10 }])), "");
});

Deno.test("tones too quiet to be a key press are ignored", () => {
  assert.equal(detect(render([{ key: "2", ms: 100, amplitude: 150 }])), "");
});

Deno.test("single tones, dial tone and silence yield no digits", () => {
  const n = 8000;
  const single = (f: number) =>
    Int16Array.from({ length: n }, (_, i) => 8000 * Math.sin((2 * Math.PI * f * i) / 8000));
  for (const f of [697, 941, 1209, 1633, 1000, 440]) assert.equal(detect(single(f)), "", `${f} Hz`);
  const dialTone = Int16Array.from(
    { length: n },
    (_, i) =>
      5000 * (Math.sin((2 * Math.PI * 350 * i) / 8000) + Math.sin((2 * Math.PI * 440 * i) / 8000)),
  );
  assert.equal(detect(dialTone), "");
  assert.equal(detect(new Int16Array(n)), "");
});

Deno.test("speech-like voiced sound with a gliding pitch yields no digits", () => {
  // Harmonics of a 100–220 Hz glottal pitch shaped by two moving formants: energy lands
  // near DTMF frequencies at times but is never concentrated in one pair of tones.
  const seconds = 4;
  const pcm = new Int16Array(8000 * seconds);
  const rand = rng(3);
  let phase = 0;
  for (let i = 0; i < pcm.length; i++) {
    const t = i / 8000;
    const f0 = 160 + 60 * Math.sin(2 * Math.PI * 0.7 * t);
    phase += (2 * Math.PI * f0) / 8000;
    const f1 = 600 + 250 * Math.sin(2 * Math.PI * 1.3 * t);
    const f2 = 1400 + 400 * Math.sin(2 * Math.PI * 0.9 * t + 1);
    let v = 0;
    for (let h = 1; h * f0 < 3600; h++) {
      const f = h * f0;
      const gain = 1 / (1 + ((f - f1) / 150) ** 2) + 0.7 / (1 + ((f - f2) / 200) ** 2);
      v += gain * Math.sin(h * phase);
    }
    pcm[i] = Math.round(3000 * v + 100 * gaussian(rand));
  }
  assert.equal(detect(pcm), "");
});

Deno.test("bad options are rejected", () => {
  assert.throws(() => new DtmfDetector({ windowSize: 40 }), RangeError);
  assert.throws(() => new DtmfDetector({ windowSize: 160, hopSize: 200 }), RangeError);
});
