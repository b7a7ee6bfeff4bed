import assert from "node:assert/strict";
import type { Call, CallService, RecordingWriter } from "../../src/calls/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";
import {
  type IvrCallPort,
  type IvrDomain,
  type IvrMedia,
  type IvrOutcome,
  LiveIvr,
} from "../../src/ivr/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { Player } from "../../src/media/mod.ts";

/** A caller's media that speaks one numbered frame at a time. */
class FakeMedia implements IvrMedia {
  readonly player = new Player();
  readonly #closing = new AbortController();
  #audio: ((frame: Int16Array) => void)[] = [];
  #spoken = 0;

  get closedSignal(): AbortSignal {
    return this.#closing.signal;
  }

  get listeners(): number {
    return this.#audio.length;
  }

  onDigit(): () => void {
    return () => {};
  }

  onCallerAudio(listener: (frame: Int16Array) => void): () => void {
    this.#audio.push(listener);
    return () => (this.#audio = this.#audio.filter((l) => l !== listener));
  }

  speak(frames: number): void {
    for (let i = 0; i < frames; i++) {
      const frame = new Int16Array(160).fill(++this.#spoken);
      for (const listener of [...this.#audio]) listener(frame);
    }
  }
}

/** A flow that waits until the test lets it end. */
function heldFlow(clock: VirtualClock) {
  let started = false;
  let end = () => {};
  const ended = new Promise<void>((resolve) => (end = resolve));
  const outcome: IvrOutcome = {
    route: { type: "hangup", reason: "caller" },
    lastNode: "menu",
    variables: {},
    customerId: null,
    steps: 1,
  };
  const ivr = {
    clock,
    runCall: async (_call: IvrCallPort) => {
      started = true;
      await ended;
      return outcome;
    },
  } as unknown as IvrDomain;
  return { ivr, started: () => started, end };
}

function answeredCall(media: FakeMedia): { call: Call; service: CallService } {
  const call = { id: "call-1", info: { caller: "+8613800138000", did: "1000" }, media };
  const service = {
    hangup: () => true,
    journal: { event: () => {}, update: () => {} },
  };
  return { call: call as unknown as Call, service: service as unknown as CallService };
}

/** A recording whose file opens when the test says so. */
function slowRecording() {
  const frames: number[] = [];
  let closed = false;
  let open = (_writer: RecordingWriter) => {};
  let fail = (_error: Error) => {};
  const opening = new Promise<RecordingWriter>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  const writer: RecordingWriter = {
    write: (frame) => frames.push(frame[0]),
    paused: false,
    pause: () => ({ recording_id: 1, at_ms: 0 }),
    resume: () => ({ recording_id: 1, at_ms: 0 }),
    close: () => {
      closed = true;
      return Promise.resolve();
    },
  };
  return {
    recordings: { start: () => opening },
    open: () => open(writer),
    fail: () => fail(new Error("No space left on device")),
    frames,
    closed: () => closed,
  };
}

/** An answered call entering a held flow, recorded by a slow recording. */
function startIvr() {
  const media = new FakeMedia();
  const flow = heldFlow(new VirtualClock());
  const recording = slowRecording();
  const live = new LiveIvr({
    ivr: flow.ivr,
    prompts: { render: () => Promise.resolve([]) },
    recordings: recording.recordings,
    dataDir: "/nonexistent",
    log: createLogger("test", { sink: () => {} }),
  });
  const { call, service } = answeredCall(media);
  return { media, flow, recording, running: live.run(call, 1, service) };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

Deno.test("the flow starts while the recording is still opening, and the recording keeps the caller's first words", async () => {
  const { media, flow, recording, running } = startIvr();
  await tick();
  assert.equal(flow.started(), true, "the flow waited for the recording file");
  media.speak(3);
  recording.open();
  await tick();
  media.speak(2);
  flow.end();
  assert.deepEqual(await running, { type: "done" });
  assert.deepEqual(recording.frames, [1, 2, 3, 4, 5]);
  assert.equal(recording.closed(), true);
  assert.equal(media.listeners, 0);
});

Deno.test("a recording that cannot be opened stops listening to the caller; the flow runs on", async () => {
  const { media, flow, recording, running } = startIvr();
  media.speak(2);
  recording.fail();
  await tick();
  assert.equal(media.listeners, 0);
  flow.end();
  assert.deepEqual(await running, { type: "done" });
  assert.deepEqual(recording.frames, []);
});
