import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import { MediaClock, MixingBridge } from "../../src/media/mod.ts";
import { LevelLeg } from "../support/level_leg.ts";

Deno.test("MixingBridge sends each party the parties it hears and records the first against what it hears", () => {
  const clock = new VirtualClock(0);
  const media = new MediaClock(clock);
  const [caller, ann, bob] = [new LevelLeg(), new LevelLeg(), new LevelLeg()];
  const recorded: Array<[number, number]> = [];
  const bridge = new MixingBridge(media, [
    { id: "caller", leg: caller, hears: ["ann", "bob"] },
    { id: "ann", leg: ann, hears: ["caller", "bob"] },
    { id: "bob", leg: bob, hears: ["caller", "ann"] },
  ], { onFrames: (first, heard) => recorded.push([first[0], heard[0]]) });
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

Deno.test("MixingBridge sends nothing to a party that hears nobody", () => {
  const clock = new VirtualClock(0);
  const media = new MediaClock(clock);
  const [caller, sup] = [new LevelLeg(), new LevelLeg()];
  const bridge = new MixingBridge(media, [
    { id: "caller", leg: caller, hears: [] },
    { id: "sup", leg: sup, hears: ["caller"] },
  ]);
  bridge.start();
  media.start();
  for (let i = 0; i < 10; i++) {
    caller.speak(700);
    sup.speak(50);
    clock.advance(20);
  }
  assert.equal(caller.sent.length, 0);
  assert.equal(sup.sent.at(-1)![0], 700);
  bridge.stop();
});

Deno.test("MixingBridge refuses fewer than two legs and parties it cannot hear", () => {
  const media = new MediaClock(new VirtualClock(0));
  const leg = new LevelLeg();
  assert.throws(() => new MixingBridge(media, [{ id: "a", leg, hears: [] }]), RangeError);
  assert.throws(
    () =>
      new MixingBridge(media, [
        { id: "a", leg, hears: ["ghost"] },
        { id: "b", leg: new LevelLeg(), hears: [] },
      ]),
    RangeError,
  );
});
