import assert from "node:assert/strict";
import {
  CachedPromptAudio,
  MissingPromptError,
  type Synthesizer,
  writeWav16,
} from "../../src/ivr/mod.ts";
import { createLogger } from "../../src/log/mod.ts";

const log = createLogger("test", { sink: () => {} });

/** A fake espeak-ng: a 16 kHz tone whose length grows with the text; counts its calls. */
function fakeSpeech(): Synthesizer & { calls: string[] } {
  const calls: string[] = [];
  const synth = (text: string) => {
    calls.push(text);
    const n = 1600 * Math.max(1, Math.min(text.length, 20));
    const samples = Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin(i / 3));
    return Promise.resolve(writeWav16(samples, 16000));
  };
  return Object.assign(synth, { calls });
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "cc-prompts-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const noUploads = { file: () => undefined };

Deno.test("a built-in prompt is spoken once and then served from the cache, across restarts", () =>
  withDir(async (dataDir) => {
    const speech = fakeSpeech();
    const audio = new CachedPromptAudio({ dataDir, catalog: noUploads, log, synthesize: speech });
    const [first] = await audio.render([{ kind: "prompt", name: "welcome", language: "en" }]);
    const [again] = await audio.render([{ kind: "prompt", name: "welcome", language: "en" }]);
    assert.deepEqual(speech.calls, ["Welcome to our service center."]);
    assert.deepEqual(again, first);
    // 16 kHz speech comes out at 8 kHz: half the samples.
    assert.equal(first.length, 1600 * 20 / 2);

    const cached = [...Deno.readDirSync(`${dataDir}/prompts/cache/en`)];
    assert.equal(cached.length, 1);
    assert.match(cached[0].name, /^[0-9a-f]{40}\.wav$/);

    const restarted = fakeSpeech();
    const later = new CachedPromptAudio({
      dataDir,
      catalog: noUploads,
      log,
      synthesize: restarted,
    });
    assert.deepEqual(
      await later.render([{ kind: "prompt", name: "welcome", language: "en" }]),
      [first],
    );
    assert.deepEqual(restarted.calls, []);
  }));

Deno.test("callers asking for the same prompt at once share one synthesis", () =>
  withDir(async (dataDir) => {
    const speech = fakeSpeech();
    const audio = new CachedPromptAudio({ dataDir, catalog: noUploads, log, synthesize: speech });
    const item = { kind: "tts", text: "Your balance is ready", language: "en" } as const;
    await Promise.all([audio.render([item]), audio.render([item]), audio.render([item])]);
    assert.equal(speech.calls.length, 1);
  }));

Deno.test("an uploaded recording wins over the built-in words", () =>
  withDir(async (dataDir) => {
    const speech = fakeSpeech();
    const file = `${dataDir}/welcome.wav`;
    await Deno.writeFile(file, writeWav16(new Float32Array(800).fill(0.25), 8000));
    const audio = new CachedPromptAudio({
      dataDir,
      catalog: { file: (name) => name === "welcome" ? file : undefined },
      log,
      synthesize: speech,
    });
    const [pcm] = await audio.render([{ kind: "prompt", name: "welcome", language: "zh-CN" }]);
    assert.equal(pcm.length, 800);
    assert.deepEqual(speech.calls, []);
  }));

Deno.test("readers speak digits, numbers and dates word by word in the caller's language", () =>
  withDir(async (dataDir) => {
    const speech = fakeSpeech();
    const audio = new CachedPromptAudio({ dataDir, catalog: noUploads, log, synthesize: speech });
    await audio.render([{ kind: "digits", value: "12#", language: "en" }]);
    assert.deepEqual(speech.calls, ["one", "two", "hash"]);
    speech.calls.length = 0;
    await audio.render([{ kind: "number", value: 305, language: "zh-CN" }]);
    assert.deepEqual(speech.calls, ["三", "百", "零", "五"]);
    speech.calls.length = 0;
    await audio.render([{ kind: "date", value: "2026-03-15", language: "en" }]);
    assert.deepEqual(speech.calls, ["March", "fifteenth", "twenty", "six"]);
  }));

Deno.test("a status read out to many callers is played from the cached words, not copied per caller", () =>
  withDir(async (dataDir) => {
    const audio = new CachedPromptAudio({
      dataDir,
      catalog: noUploads,
      log,
      synthesize: fakeSpeech(),
    });
    const items = [
      { kind: "prompt", name: "welcome", language: "en" },
      { kind: "digits", value: "42", language: "en" },
    ] as const;
    const one = await audio.render(items);
    const other = await audio.render(items);
    // The prompt, then each digit followed by the short gap between words.
    assert.equal(one.length, 5);
    one.forEach((part, i) => assert.equal(other[i].buffer, part.buffer));
  }));

Deno.test("a prompt with no recording and no speech synthesiser is an error naming it", () =>
  withDir(async (dataDir) => {
    const absent: Synthesizer = () => Promise.reject(new Deno.errors.NotFound("espeak-ng"));
    const audio = new CachedPromptAudio({ dataDir, catalog: noUploads, log, synthesize: absent });
    await assert.rejects(
      () => audio.render([{ kind: "prompt", name: "main_menu", language: "zh-CN" }]),
      (error: Error) =>
        error instanceof MissingPromptError && /main_menu/.test(error.message) &&
        /espeak-ng is not installed/.test(error.message),
    );
    await assert.rejects(
      () => audio.render([{ kind: "prompt", name: "no_such_prompt", language: "en" }]),
      (error: Error) => error instanceof MissingPromptError && /no_such_prompt/.test(error.message),
    );
  }));

Deno.test("warm-up renders every built-in prompt and reader word in both languages", () =>
  withDir(async (dataDir) => {
    const speech = fakeSpeech();
    const audio = new CachedPromptAudio({ dataDir, catalog: noUploads, log, synthesize: speech });
    await audio.warmUp();
    const rendered = speech.calls.length;
    assert.ok(rendered > 100, `${rendered} renders`);
    await audio.render([{ kind: "prompt", name: "goodbye", language: "zh-CN" }]);
    await audio.render([{ kind: "number", value: 42, language: "en" }]);
    assert.equal(speech.calls.length, rendered);
    await audio.close();
  }));
