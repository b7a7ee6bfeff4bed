import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";

Deno.test("VirtualClock fires timers in due order, ties in the order they were set", () => {
  const clock = new VirtualClock(0);
  const fired: string[] = [];
  clock.setTimer(20, () => fired.push("b"));
  clock.setTimer(10, () => fired.push("a"));
  clock.setTimer(20, () => fired.push("c"));
  clock.advance(25);
  assert.deepEqual(fired, ["a", "b", "c"]);
  assert.equal(clock.now(), 25);
});

Deno.test("VirtualClock fires a timer set by a callback within the same advance", () => {
  const clock = new VirtualClock(0);
  const seen: number[] = [];
  clock.setTimer(5, () => {
    seen.push(clock.now());
    clock.setTimer(5, () => seen.push(clock.now()));
  });
  clock.advance(10);
  assert.deepEqual(seen, [5, 10]);
});

Deno.test("VirtualClock never fires a cancelled timer", () => {
  const clock = new VirtualClock(0);
  let fired = false;
  const cancel = clock.setTimer(5, () => fired = true);
  cancel();
  clock.advance(10);
  assert.equal(fired, false);
  assert.equal(clock.pendingTimers, 0);
});

Deno.test("VirtualClock refuses to move backwards", () => {
  const clock = new VirtualClock(100);
  assert.throws(() => clock.advance(-1), RangeError);
  assert.throws(() => clock.advanceTo(50), RangeError);
});

Deno.test("VirtualClock counts pending timers right when a fired timer is cancelled afterwards", () => {
  const clock = new VirtualClock(0);
  const cancel = clock.setTimer(5, () => {});
  clock.setTimer(10, () => {});
  clock.advance(5);
  cancel();
  assert.equal(clock.pendingTimers, 1);
  assert.equal(clock.nextTimerAt(), 10);
});

Deno.test("VirtualClock keeps due order across many timers set in random order", () => {
  const clock = new VirtualClock(0);
  const fired: number[] = [];
  let seed = 7;
  for (let i = 0; i < 2000; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const at = seed % 10_000;
    clock.setTimer(at, () => fired.push(at));
  }
  clock.advance(10_000);
  assert.equal(fired.length, 2000);
  assert.ok(fired.every((at, i) => i === 0 || fired[i - 1] <= at));
});

Deno.test("VirtualClock's monotonic time moves with its virtual time and nothing else", () => {
  const clock = new VirtualClock(5000);
  const start = clock.monotonic();
  clock.advance(250);
  assert.equal(clock.monotonic() - start, 250);
});
