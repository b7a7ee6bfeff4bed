import assert from "node:assert/strict";
import { CachedPromptAudio, type IvrLanguage, writeWav16 } from "../../src/ivr/mod.ts";
import { createLogger } from "../../src/log/mod.ts";

const noUploads = { file: () => undefined };
/** A command no machine has: what the appliance meets where espeak-ng is not on PATH. */
const NOT_INSTALLED = "espeak-ng-not-installed";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "cc-speech-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function capturedLog() {
  const lines: string[] = [];
  return { lines, log: createLogger("media", { sink: (line) => lines.push(line) }) };
}

function joined(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function meanLevel(samples: Int16Array): number {
  let sum = 0;
  for (const sample of samples) sum += Math.abs(sample);
  return samples.length === 0 ? 0 : sum / samples.length;
}

Deno.test("without an installed espeak-ng, the built-in one speaks the welcome in English and Chinese", () =>
  withDir(async (dataDir) => {
    const { lines, log } = capturedLog();
    const audio = new CachedPromptAudio({
      dataDir,
      catalog: noUploads,
      log,
      espeak: NOT_INSTALLED,
    });
    try {
      for (const language of ["en", "zh-CN"] as IvrLanguage[]) {
        const pcm = joined(await audio.render([{ kind: "prompt", name: "welcome", language }]));
        const seconds = pcm.length / 8000;
        // "Welcome to our service center." and "您好，欢迎致电客户服务中心。" take 2–4 s.
        assert.ok(seconds > 1 && seconds < 6, `${language}: ${seconds.toFixed(2)} s`);
        assert.ok(meanLevel(pcm) > 300, `${language}: mean level ${meanLevel(pcm).toFixed(0)}`);
        // Speech, not a tone: a second of it has quiet gaps between loud syllables.
        const frames = Array.from(
          { length: Math.floor(pcm.length / 160) },
          (_, i) => meanLevel(pcm.subarray(i * 160, (i + 1) * 160)),
        );
        assert.ok(frames.filter((level) => level > 1000).length > 10, language);
        assert.ok(frames.filter((level) => level < 100).length > 3, language);
      }
      assert.equal(audio.synthesized, 2);
      assert.equal(
        lines.filter((line) => line.includes("built into the program")).length,
        1,
        lines.join("\n"),
      );
    } finally {
      await audio.close();
    }
  }));

Deno.test("the built-in espeak-ng reads numbers word by word in both languages", () =>
  withDir(async (dataDir) => {
    const { log } = capturedLog();
    const audio = new CachedPromptAudio({
      dataDir,
      catalog: noUploads,
      log,
      espeak: NOT_INSTALLED,
    });
    try {
      const en = joined(await audio.render([{ kind: "digits", value: "42", language: "en" }]));
      const zh = joined(await audio.render([{ kind: "number", value: 42, language: "zh-CN" }]));
      for (const [name, pcm] of [["en", en], ["zh-CN", zh]] as const) {
        const seconds = pcm.length / 8000;
        assert.ok(seconds > 0.3 && seconds < 3, `${name}: ${seconds.toFixed(2)} s`);
        assert.ok(meanLevel(pcm) > 300, `${name}: mean level ${meanLevel(pcm).toFixed(0)}`);
      }
      // "four", "two"; "四", "十", "二".
      assert.equal(audio.synthesized, 5);
    } finally {
      await audio.close();
    }
  }));

Deno.test("an installed espeak-ng is preferred to the built-in one", () =>
  withDir(async (dataDir) => {
    // A stand-in for Debian's espeak-ng: it writes a one-second tone where -w says.
    const tone = Float32Array.from({ length: 8000 }, (_, i) => 0.25 * Math.sin(i / 2));
    await Deno.writeFile(`${dataDir}/tone.wav`, writeWav16(tone, 8000));
    const command = `${dataDir}/espeak-ng`;
    await Deno.writeTextFile(
      command,
      `#!/bin/sh\necho "$2" >> "${dataDir}/voices"\ncp "${dataDir}/tone.wav" "$4"\n`,
    );
    await Deno.chmod(command, 0o755);
    const { lines, log } = capturedLog();
    const audio = new CachedPromptAudio({ dataDir, catalog: noUploads, log, espeak: command });
    try {
      const pcm = joined(await audio.render([{ kind: "tts", text: "你好", language: "zh-CN" }]));
      assert.equal(pcm.length, 8000);
      assert.equal(await Deno.readTextFile(`${dataDir}/voices`), "cmn\n");
      assert.ok(!lines.some((line) => line.includes("built into the program")), lines.join("\n"));
    } finally {
      await audio.close();
    }
  }));
