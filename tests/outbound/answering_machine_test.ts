/**
 * The answering-machine detector on real speech: the fixtures under
 * tests/fixtures/media/amd were spoken by espeak-ng and made 8 kHz mono 16-bit with sox,
 * with leading silence and a faint white noise mixed in (`sox -m`, `synth whitenoise vol
 * 0.004`): people answering "Hello?", "Hello, yes?" and "喂？" and then waiting, two
 * recorded greetings (English and Mandarin), and a line that says nothing.
 */
import assert from "node:assert/strict";
import { wavSamples } from "../../src/media/mod.ts";
import {
  AnsweringMachineDetector,
  detectAnsweringMachine,
  GreetingEndWatch,
} from "../../src/outbound/mod.ts";

const audio = (name: string) =>
  wavSamples(Deno.readFileSync(new URL(`../fixtures/media/amd/${name}.wav`, import.meta.url)));

/** The same audio with a louder noise floor, from a fixed seed. */
function noisy(samples: Int16Array, level: number, seed = 7): Int16Array {
  let x = seed;
  return samples.map((s) => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return Math.max(-32768, Math.min(32767, s + ((x / 0x7fffffff) * 2 - 1) * level));
  });
}

Deno.test("a person who says hello and waits is a human, once the pause after the greeting is heard", () => {
  for (const name of ["human_hello_en", "human_hello_yes_en", "human_wei_zh"]) {
    const verdict = detectAnsweringMachine(audio(name));
    assert.equal(verdict.result, "human", `${name}: ${JSON.stringify(verdict)}`);
    assert.equal(verdict.cause, "after_greeting_silence");
    assert.ok(verdict.afterMs < 2500, `${name} decided after ${verdict.afterMs} ms`);
  }
});

Deno.test("a recorded greeting is a machine before it is half over", () => {
  for (const name of ["machine_greeting_en", "machine_greeting_zh"]) {
    const verdict = detectAnsweringMachine(audio(name));
    assert.equal(verdict.result, "machine", `${name}: ${JSON.stringify(verdict)}`);
    assert.ok(["max_words", "long_greeting"].includes(verdict.cause));
    assert.ok(verdict.afterMs < 3000);
  }
});

Deno.test("a line that stays silent past the initial silence is a machine", () => {
  assert.deepEqual(detectAnsweringMachine(audio("silence")), {
    result: "machine",
    cause: "initial_silence",
    afterMs: 2500,
    words: 0,
  });
});

Deno.test("the verdicts hold with a noise floor ten times louder", () => {
  const expected: Record<string, string> = {
    human_hello_en: "human",
    human_hello_yes_en: "human",
    human_wei_zh: "human",
    machine_greeting_en: "machine",
    machine_greeting_zh: "machine",
    silence: "machine",
  };
  for (const [name, result] of Object.entries(expected)) {
    assert.equal(detectAnsweringMachine(noisy(audio(name), 200)).result, result, name);
  }
});

Deno.test("one unbroken sound is a machine by its length, and settings change the verdict", () => {
  const tone = new Int16Array(8000 * 4).map((_, i) => Math.round(3000 * Math.sin(i / 3)));
  assert.equal(detectAnsweringMachine(tone).cause, "long_greeting");
  const hello = audio("human_hello_en");
  assert.equal(
    detectAnsweringMachine(hello, { after_greeting_silence_ms: 4500 }).result,
    "unsure",
    "no verdict inside the analysis time",
  );
});

Deno.test("the detector answers once, on the frame that decides, and a click is no word", () => {
  const detector = new AnsweringMachineDetector();
  const click = new Int16Array(160).fill(5000);
  const quiet = new Int16Array(160);
  assert.equal(detector.push(click), undefined);
  let verdict;
  for (let i = 0; i < 200 && !verdict; i++) verdict = detector.push(quiet);
  assert.equal(verdict?.cause, "initial_silence", "a 20 ms click does not start a greeting");
  assert.equal(verdict?.words, 0);
  assert.equal(detector.push(quiet), undefined);
  assert.equal(detector.verdict, verdict);
});

Deno.test("the end of a greeting is a second of unbroken silence", () => {
  const watch = new GreetingEndWatch();
  const greeting = audio("machine_greeting_en").subarray(0, 8000 * 3);
  for (let i = 0; i < greeting.length; i += 160) {
    assert.equal(watch.push(greeting.subarray(i, i + 160)), false);
  }
  const quiet = new Int16Array(160);
  const frames = Array.from({ length: 60 }, () => watch.push(quiet));
  assert.equal(frames.indexOf(true), 49, "on the 50th quiet frame: 1000 ms");
});
