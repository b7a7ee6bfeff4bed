import assert from "node:assert/strict";
import { mediaTimeouts, MediaWatch, type WatchedCall } from "../../src/calls/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";

function watched(clock: VirtualClock) {
  const media = { packetsIn: 0, openedAtMs: clock.now(), onHold: false };
  const call: WatchedCall = { id: "c1", media };
  const ended: Array<[string, number]> = [];
  const calls = new Map([[call.id, call]]);
  const watch = new MediaWatch(
    clock,
    mediaTimeouts(60),
    () => calls.values(),
    (c, silentMs) => {
      ended.push([c.id, silentMs]);
      calls.delete(c.id);
    },
  );
  return { media, ended, watch, calls };
}

Deno.test("a caller silent on the wire for the limit is ended once, within a tenth of the limit", () => {
  const clock = new VirtualClock(0);
  const { ended, watch } = watched(clock);
  watch.start();
  clock.advance(59_000);
  assert.deepEqual(ended, []);
  clock.advance(6_000);
  assert.equal(ended.length, 1);
  assert.equal(ended[0][0], "c1");
  assert.ok(ended[0][1] >= 60_000 && ended[0][1] <= 66_000, `ended after ${ended[0][1]} ms`);
  clock.advance(60_000);
  assert.equal(ended.length, 1, "a call is ended once");
  watch.stop();
});

Deno.test("audio keeps a call up, and a caller who holds may be silent ten times as long", () => {
  const clock = new VirtualClock(0);
  const { media, ended, watch } = watched(clock);
  watch.start();
  for (let i = 0; i < 10; i++) {
    clock.advance(50_000);
    media.packetsIn += 2500; // 50 s of packets
  }
  assert.deepEqual(ended, [], "a caller heard every 50 s stays");
  media.onHold = true;
  clock.advance(300_000);
  assert.deepEqual(ended, [], "on hold, five minutes of silence is allowed");
  clock.advance(305_000);
  assert.equal(ended.length, 1, "ten minutes is not");
  watch.stop();
});

Deno.test("a limit of 0 turns the watch off", () => {
  const clock = new VirtualClock(0);
  const ended: string[] = [];
  const watch = new MediaWatch(
    clock,
    mediaTimeouts(0),
    () => [{ id: "c1", media: { packetsIn: 0, openedAtMs: 0, onHold: false } }],
    (c) => ended.push(c.id),
  );
  watch.start();
  clock.advance(3_600_000);
  assert.equal(watch.enabled, false);
  assert.deepEqual(ended, []);
});
