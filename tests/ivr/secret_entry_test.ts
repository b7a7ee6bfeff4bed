import assert from "node:assert/strict";
import { Call } from "../../src/calls/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";
import { type IvrMedia, LiveIvr } from "../../src/ivr/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { MediaClock, parseWav, Player } from "../../src/media/mod.ts";
import type { Leg } from "../../src/sip/mod.ts";
import { LevelLeg } from "../support/level_leg.ts";
import { testAppliance } from "../support/test_appliance.ts";

/** A caller's media that speaks numbered frames (never 0) and presses keys when told. */
class CallerMedia implements IvrMedia {
  readonly player = new Player();
  readonly endpoint = new LevelLeg();
  readonly #closing = new AbortController();
  #audio: ((frame: Int16Array) => void)[] = [];
  #digits: ((digit: string) => void)[] = [];
  #spoken = 0;

  get closedSignal(): AbortSignal {
    return this.#closing.signal;
  }

  yieldSending(): () => void {
    return () => {};
  }

  onDigit(listener: (digit: string) => void): () => void {
    this.#digits.push(listener);
    return () => (this.#digits = this.#digits.filter((l) => l !== listener));
  }

  onCallerAudio(listener: (frame: Int16Array) => void): () => void {
    this.#audio.push(listener);
    return () => (this.#audio = this.#audio.filter((l) => l !== listener));
  }

  speak(frames: number): void {
    for (let i = 0; i < frames; i++) {
      const frame = new Int16Array(160).fill(1000 + (++this.#spoken % 1000));
      for (const listener of [...this.#audio]) listener(frame);
    }
  }

  press(keys: string): void {
    for (const key of keys) {
      for (const listener of [...this.#digits]) listener(key);
      this.speak(5); // the key's tone, 100 ms, is heard on the line too
    }
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(check(), `timed out waiting for ${what}`);
}

const CARD_FLOW = {
  format: 1,
  name: "Pay by card",
  timezone: "Asia/Shanghai",
  language: "en",
  start: "welcome",
  fallback: "bye",
  nodes: {
    welcome: { type: "play", play: ["welcome"], exits: { next: "card" } },
    card: {
      type: "collect",
      play: ["enter_account"],
      variable: "card",
      min: 8,
      max: 8,
      secret: true,
      exits: { done: "thanks", failed: "bye" },
    },
    thanks: { type: "play", play: ["goodbye"], exits: { next: "bye" } },
    bye: { type: "hangup" },
  },
};

Deno.test("an entry marked secret pauses the IVR recording while it is asked for, and its digits appear in no event", async () => {
  await using app = await testAppliance();
  const flowId = app.ivr.flows.create("Pay by card", "", CARD_FLOW, null);
  app.ivr.publish(flowId);

  const media = new CallerMedia();
  const leg = { listen() {}, hangup: () => media.player.stop(), ended: false } as unknown as Leg;
  const call = new Call("call-secret-1", leg, { did: "1000", caller: "+8613800138000" });
  app.calls.journal.open({
    id: call.id,
    direction: "inbound",
    state: "answered",
    trunkId: null,
    did: "1000",
    caller: "+8613800138000",
  });
  call.transition("answered");
  call.attachMedia(media as never, new MediaClock(new VirtualClock()));
  // Prompts take no time, except the welcome, which lasts until the test lets it end.
  let welcomeOver = () => {};
  const welcome = new Promise<void>((resolve) => (welcomeOver = resolve));
  const live = new LiveIvr({
    ivr: app.ivr,
    prompts: {
      render: async (items) => {
        if (items.some((i) => i.kind === "prompt" && i.name === "welcome")) await welcome;
        return [];
      },
    },
    recordings: app.recordings,
    dataDir: app.dir,
    log: createLogger("test", { sink: () => {} }),
  });
  const running = live.run(call, flowId, app.calls);

  await until(() => call.audio!.recordings.length === 1, "the IVR recording to open");
  media.speak(50); // 1 s of the caller before the entry
  assert.equal(app.calls.recordingPaused(call), false);
  welcomeOver();
  await until(
    () => app.calls.journal.events(call.id).some((e) => e.type === "recording.paused"),
    "the pause",
  );
  assert.equal(app.calls.recordingPaused(call), true);
  media.speak(25); // the caller reads the number aloud: 500 ms
  media.press("41111111"); // 8 keys: 800 ms of tones
  assert.deepEqual(await running, { type: "done" });
  media.speak(10); // nothing after the flow is recorded
  await tick();

  const events = app.calls.journal.events(call.id);
  const marks = events.filter((e) => e.type.startsWith("recording."));
  assert.deepEqual(marks.map((e) => [e.type, e.data.by]), [
    ["recording.paused", "ivr"],
    ["recording.resumed", "ivr"],
  ]);
  assert.equal(marks[0].data.at_ms, 1000);
  assert.equal(marks[1].data.paused_ms, 1300);
  const entry = events.find((e) => e.type === "ivr.digits")!;
  assert.equal(entry.data.digits, "********");
  assert.ok(
    !events.some((e) => JSON.stringify(e.data).includes("41111111")),
    "the card number is in an event",
  );
  assert.ok(!app.logs.some((line) => line.includes("41111111")), "the card number is logged");
  assert.equal(call.audio!.recordings.length, 0, "the IVR's recording leaves the call with it");

  // The file: 1 s of the caller, 1.3 s of silence marked as a pause, nothing after.
  const [row] = app.recordings.forCall(call.id);
  assert.deepEqual(row.pauses, [{ at_ms: 1000, duration_ms: 1300 }]);
  assert.equal(row.duration_ms, 2300);
  const wav = parseWav(await (await app.recordings.audio(row)).readAll());
  const samples = wav.samples;
  assert.ok(samples.subarray(0, 8000).every((s) => s !== 0), "the caller before the entry is kept");
  assert.ok(samples.subarray(8000, 18400).every((s) => s === 0), "the entry is not silent");
});

Deno.test("the simulator shows a secret entry masked among the flow's variables", async () => {
  await using app = await testAppliance();
  const flowId = app.ivr.flows.create("Pay by card", "", CARD_FLOW, null);
  app.ivr.publish(flowId);
  const result = (await app.ivr.simulate(flowId, "published", {
    caller: "+8613800138000",
    digits: "41111111",
    at: app.clock.now(),
  }))!;
  assert.equal(result.variables.card, "********");
  assert.ok(!JSON.stringify(result).includes("41111111"), "the card number is in the result");
});
