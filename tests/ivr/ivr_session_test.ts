import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import {
  CallerHangupError,
  IvrSession,
  type PlayItem,
  type PromptAudio,
} from "../../src/ivr/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { parseWav } from "../../src/media/mod.ts";
import { FakeMedia } from "./_call_media.ts";

/** Every item is one second of audio. */
const oneSecondEach: PromptAudio = {
  render: (items) => Promise.resolve([new Int16Array(8000 * items.length).fill(1000)]),
};

const PROMPT: PlayItem = { kind: "prompt", name: "main_menu", language: "en" };

async function session(
  fn: (s: IvrSession, media: FakeMedia, clock: VirtualClock, dir: string) => Promise<void>,
  events: { type: string; data: Record<string, unknown> }[] = [],
): Promise<void> {
  const clock = new VirtualClock();
  const media = new FakeMedia(clock);
  const dir = await Deno.makeTempDir({ prefix: "cc-ivr-session-" });
  const hangups: string[] = [];
  const s = new IvrSession({
    callId: "call-1",
    caller: "+8613800138000",
    dialed: "1000",
    clock,
    media,
    prompts: oneSecondEach,
    dataDir: dir,
    hangup: (reason) => hangups.push(reason),
    event: (type, data) => events.push({ type, data }),
    log: createLogger("test", { sink: () => {} }),
  });
  try {
    await fn(s, media, clock, dir);
  } finally {
    s.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const signal = new AbortController().signal;

Deno.test("play resolves when the prompt has been played out, and says so in the call events", async () => {
  const events: { type: string; data: Record<string, unknown> }[] = [];
  await session(async (s, media) => {
    let done = false;
    const playing = s.play([PROMPT], { bargeIn: true, signal }).then((r) => (done = true, r));
    await media.run(900);
    assert.equal(done, false);
    await media.run(200);
    assert.deepEqual(await playing, {});
  }, events);
  assert.equal(events.length, 1);
  assert.equal(events[0].type, "media.played");
  assert.equal(events[0].data.end, "done");
  assert.equal(events[0].data.duration_ms, 1000);
});

Deno.test("a key stops an interruptible prompt at once and the next keys reach the collect", () =>
  session(async (s, media) => {
    const playing = s.play([PROMPT, PROMPT], { bargeIn: true, signal });
    await media.run(300);
    media.press("1");
    assert.deepEqual(await playing, { digit: "1" });
    assert.equal(media.player.playing, false);
    // Pressed before the flow asks for the rest of the entry: kept, not lost.
    media.press("2");
    media.press("3");
    const entry = s.collect({
      max: 8,
      terminator: "#",
      firstTimeoutMs: 5000,
      interDigitTimeoutMs: 3000,
      bargeInDigits: "1",
      signal,
    });
    media.press("#");
    assert.deepEqual(await entry, { digits: "123", reason: "terminator" });
  }));

Deno.test("keys do not cut a prompt that may not be interrupted, and answer the next input", () =>
  session(async (s, media) => {
    let done = false;
    const playing = s.play([PROMPT], { bargeIn: false, signal }).then((r) => (done = true, r));
    await media.run(200);
    for (const key of "947") media.press(key);
    await media.run(200);
    assert.equal(done, false);
    await media.run(700);
    assert.deepEqual(await playing, {});
    // Typed ahead: the menu's prompt stops before it is heard, and the next key starts the entry.
    const menu = s.play([PROMPT], { bargeIn: true, signal });
    assert.deepEqual(await menu, { digit: "9" });
    assert.equal(media.player.playing, false);
    const entry = s.collect({ max: 2, firstTimeoutMs: 5000, interDigitTimeoutMs: 2000, signal });
    assert.deepEqual(await entry, { digits: "47", reason: "max" });
  }));

Deno.test("keys typed ahead are dropped by clearKeys, and keys pressed after it count", () =>
  session(async (s, media) => {
    const intro = s.play([PROMPT], { bargeIn: false, signal });
    await media.run(300);
    media.press("2");
    await media.run(800);
    await intro;
    s.clearKeys();
    const menu = s.play([PROMPT], { bargeIn: true, signal });
    await media.run(400);
    assert.equal(media.player.playing, true, "the menu was cut by a dropped key");
    media.press("1");
    assert.deepEqual(await menu, { digit: "1" });
  }));

Deno.test("a voicemail starts without the keys typed ahead: an earlier # does not end it", () =>
  session(async (s, media) => {
    media.press("#");
    media.voice = 1500;
    const recording = s.recordVoicemail({ maxMs: 60000, beep: false, signal });
    await media.run(1000);
    media.press("#");
    const result = await recording;
    assert.equal(result.ended, "key");
    assert.ok(result.durationMs >= 900, `${result.durationMs} ms`);
  }));

Deno.test("collect waits the first timeout for a first key, then the inter-digit timeout", () =>
  session(async (s, media, clock) => {
    const options = { max: 6, firstTimeoutMs: 5000, interDigitTimeoutMs: 2000, signal };
    const silent = s.collect(options);
    let settled = false;
    silent.then(() => (settled = true));
    clock.advance(4999);
    await media.run(0);
    assert.equal(settled, false);
    clock.advance(1);
    assert.deepEqual(await silent, { digits: "", reason: "timeout" });

    const started = s.collect(options);
    clock.advance(3000);
    media.press("4");
    clock.advance(1500);
    media.press("2");
    clock.advance(1999);
    let over = false;
    started.then(() => (over = true));
    await media.run(0);
    assert.equal(over, false);
    clock.advance(1);
    assert.deepEqual(await started, { digits: "42", reason: "timeout" });
  }));

Deno.test("collect stops at the maximum length", () =>
  session(async (s, media) => {
    const entry = s.collect({ max: 3, firstTimeoutMs: 5000, interDigitTimeoutMs: 2000, signal });
    for (const key of "12345") media.press(key);
    assert.deepEqual(await entry, { digits: "123", reason: "max" });
  }));

Deno.test("a caller hanging up rejects a pending prompt and a pending collect", () =>
  session(async (s, media) => {
    const playing = s.play([PROMPT], { bargeIn: true, signal });
    await media.run(100);
    media.hangUp();
    await assert.rejects(playing, CallerHangupError);
    await assert.rejects(
      s.collect({ max: 4, firstTimeoutMs: 5000, interDigitTimeoutMs: 2000, signal }),
      CallerHangupError,
    );
  }));

Deno.test("the flow's abort signal ends a collect as a hang-up", () =>
  session(async (s) => {
    const controller = new AbortController();
    const entry = s.collect({
      max: 4,
      firstTimeoutMs: 5000,
      interDigitTimeoutMs: 2000,
      signal: controller.signal,
    });
    controller.abort();
    await assert.rejects(entry, CallerHangupError);
  }));

Deno.test("a voicemail is recorded after the beep until the caller presses #", () =>
  session(async (s, media, _clock, dir) => {
    media.voice = 2000;
    const recording = s.recordVoicemail({ maxMs: 60000, beep: true, signal });
    await media.run(200); // the beep
    await media.run(3000);
    media.press("#");
    const result = await recording;
    assert.equal(result.ended, "key");
    assert.equal(result.path, "voicemails/call-1.wav");
    assert.ok(Math.abs(result.durationMs - 3000) <= 60, `${result.durationMs} ms`);
    const wav = parseWav(await Deno.readFile(`${dir}/${result.path}`));
    assert.equal(wav.channels, 1);
    assert.equal(wav.samples[100], 2000);
  }));

Deno.test("a voicemail ends by silence, by its maximum, and keeps the message when the caller hangs up", async () => {
  await session(async (s, media) => {
    media.voice = 0;
    const quiet = s.recordVoicemail({ maxMs: 60000, beep: false, signal });
    await media.run(6100);
    assert.equal((await quiet).ended, "silence");
  });
  await session(async (s, media, clock) => {
    media.voice = 1500;
    const long = s.recordVoicemail({ maxMs: 2000, beep: false, signal });
    await media.run(100);
    clock.advance(2000);
    assert.equal((await long).ended, "max");
  });
  await session(async (s, media) => {
    media.voice = 1500;
    const left = s.recordVoicemail({ maxMs: 60000, beep: false, signal });
    await media.run(1000);
    media.hangUp();
    const result = await left;
    assert.equal(result.ended, "hangup");
    assert.ok(result.durationMs >= 900);
    assert.equal(result.path, "voicemails/call-1.wav");
  });
});
