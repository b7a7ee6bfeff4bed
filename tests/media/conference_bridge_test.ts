import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import {
  ConferenceBridge,
  type G711Law,
  MediaClock,
  type MediaLeg,
  type ReceivedAudio,
} from "../../src/media/mod.ts";

/** A leg without a network that speaks a constant level and keeps what it is sent. */
class LevelLeg implements MediaLeg {
  readonly codec: G711Law = "PCMU";
  readonly payloadType = 0;
  readonly sent: Int16Array[] = [];
  readonly counters = { packetsIn: 0, packetsOut: 0, bytesIn: 0, bytesOut: 0, lost: 0 };
  #audio: ((a: ReceivedAudio) => void)[] = [];
  #timestamp = 0;

  onAudio(l: (a: ReceivedAudio) => void) {
    this.#audio.push(l);
    return () => this.#audio.splice(this.#audio.indexOf(l), 1);
  }
  onPacket() {
    return () => {};
  }
  onDigit() {
    return () => {};
  }
  sendFrame(pcm: Int16Array) {
    this.sent.push(pcm.slice());
  }
  sendPayload() {}
  sendDigits() {}
  close() {
    return Promise.resolve();
  }
  /** One 20 ms frame of a constant level, as if it arrived from the peer. */
  speak(level: number) {
    const pcm = new Int16Array(160).fill(level);
    for (const l of this.#audio) {
      l({ pcm, timestamp: this.#timestamp, sequenceNumber: 0, ssrc: 1 });
    }
    this.#timestamp += 160;
  }
}

Deno.test("ConferenceBridge sends each party everyone but itself and records the first against the rest", () => {
  const clock = new VirtualClock(0);
  const media = new MediaClock(clock);
  const [caller, ann, bob] = [new LevelLeg(), new LevelLeg(), new LevelLeg()];
  const recorded: Array<[number, number]> = [];
  const bridge = new ConferenceBridge(media, [caller, ann, bob], {
    onFrames: (first, others) => recorded.push([first[0], others[0]]),
  });
  bridge.start();
  media.start();
  for (let i = 0; i < 20; i++) {
    caller.speak(1000);
    ann.speak(200);
    bob.speak(30);
    clock.advance(20);
  }
  const last = (leg: LevelLeg) => leg.sent.at(-1)![0];
  assert.equal(last(caller), 230, "the caller hears both agents");
  assert.equal(last(ann), 1030, "ann hears the caller and bob");
  assert.equal(last(bob), 1200, "bob hears the caller and ann");
  assert.deepEqual(recorded.at(-1), [1000, 230]);

  bridge.stop();
  const sent = caller.sent.length;
  clock.advance(100);
  assert.equal(caller.sent.length, sent, "nothing is sent once stopped");
  assert.equal(bridge.running, false);
});

Deno.test("ConferenceBridge refuses fewer than two legs", () => {
  const media = new MediaClock(new VirtualClock(0));
  assert.throws(() => new ConferenceBridge(media, [new LevelLeg()]), RangeError);
});
