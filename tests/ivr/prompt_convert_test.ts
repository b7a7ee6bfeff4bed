import assert from "node:assert/strict";
import { convertPrompt, PromptFormatError, readWav } from "../../src/ivr/mod.ts";
import { makeWav, tone } from "./_wav.ts";

function peak(samples: Float32Array): number {
  return samples.reduce((max, v) => Math.max(max, Math.abs(v)), 0);
}

Deno.test("convertPrompt turns 44.1 kHz stereo 16-bit into 8 kHz mono 16-bit of the same length", () => {
  const input = makeWav({
    rate: 44100,
    channels: 2,
    bits: 16,
    length: 44100,
    frames: (i) => tone(440, 44100)(i),
  });
  const { wav, durationMs, source } = convertPrompt(input);
  assert.deepEqual(source, { sampleRate: 44100, channels: 2 });
  assert.equal(durationMs, 1000);
  const out = readWav(wav);
  assert.equal(out.sampleRate, 8000);
  assert.equal(out.channels, 1);
  assert.equal(out.data[0].length, 8000);
  // A 440 Hz tone survives the anti-alias smoothing almost at full level.
  assert.ok(Math.abs(peak(out.data[0]) - 0.5) < 0.05, `peak ${peak(out.data[0])}`);
});

Deno.test("convertPrompt averages channels when downmixing", () => {
  const input = makeWav({
    rate: 8000,
    channels: 2,
    bits: 16,
    length: 800,
    frames: (_, c) => c === 0 ? 0.5 : -0.1,
  });
  const out = readWav(convertPrompt(input).wav).data[0];
  assert.ok(out.every((v) => Math.abs(v - 0.2) < 0.001));
});

Deno.test("readWav reads 8-, 24- and 32-bit integer and 32-bit float samples", () => {
  for (
    const layout of [{ bits: 8 as const }, { bits: 24 as const }, { bits: 32 as const }, {
      bits: 32 as const,
      float: true,
    }]
  ) {
    const input = makeWav({ rate: 16000, channels: 1, length: 160, frames: () => 0.25, ...layout });
    const decoded = readWav(input);
    assert.equal(decoded.sampleRate, 16000);
    assert.ok(decoded.data[0].every((v) => Math.abs(v - 0.25) < 0.01), JSON.stringify(layout));
  }
});

Deno.test("an 8 kHz mono prompt keeps its samples", () => {
  const input = makeWav({
    rate: 8000,
    channels: 1,
    bits: 16,
    length: 400,
    frames: tone(1000, 8000),
  });
  const converted = convertPrompt(input).wav;
  assert.deepEqual(converted, input);
});

Deno.test("a file that is not WAV, or an encoding we cannot read, is refused with what to do", () => {
  assert.throws(
    () => convertPrompt(new TextEncoder().encode("ID3 mp3 data here")),
    PromptFormatError,
  );
  const mulaw = makeWav({
    rate: 8000,
    channels: 1,
    bits: 8,
    format: 7,
    length: 10,
    frames: () => 0,
  });
  assert.throws(() => convertPrompt(mulaw), /save the prompt as PCM or float WAV/);
  const empty = makeWav({ rate: 8000, channels: 1, bits: 16, length: 0, frames: () => 0 });
  assert.throws(() => convertPrompt(empty), /no samples/);
});
