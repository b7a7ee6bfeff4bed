import assert from "node:assert/strict";
import { VirtualClock } from "../../../src/clock/mod.ts";
import { FixedDelayTimers } from "../../../src/sip/core/mod.ts";

Deno.test("timers of one fixed delay fire in the order they were set, each at its own time", () => {
  const clock = new VirtualClock(0);
  const timers = new FixedDelayTimers(clock, 1000);
  const fired: [string, number][] = [];
  timers.set(() => fired.push(["a", clock.now()]));
  clock.advance(300);
  timers.set(() => fired.push(["b", clock.now()]));
  clock.advance(699);
  assert.deepEqual(fired, []);
  clock.advance(1);
  assert.deepEqual(fired, [["a", 1000]]);
  clock.advance(300);
  assert.deepEqual(fired, [["a", 1000], ["b", 1300]]);
  assert.equal(timers.pending, 0);
});

Deno.test("a cancelled fixed-delay timer never fires and the ones behind it still do", () => {
  const clock = new VirtualClock(0);
  const timers = new FixedDelayTimers(clock, 500);
  const fired: string[] = [];
  const cancel = timers.set(() => fired.push("cancelled"));
  timers.set(() => fired.push("kept"));
  cancel();
  assert.equal(timers.pending, 1);
  clock.advance(500);
  assert.deepEqual(fired, ["kept"]);
});

Deno.test("a fixed-delay timer set from another's callback waits its whole delay", () => {
  const clock = new VirtualClock(0);
  const timers = new FixedDelayTimers(clock, 200);
  const fired: number[] = [];
  timers.set(() => {
    fired.push(clock.now());
    timers.set(() => fired.push(clock.now()));
  });
  clock.advance(1000);
  assert.deepEqual(fired, [200, 400]);
});

Deno.test("a fixed-delay timer whose callback throws does not stop the ones due with it", () => {
  const clock = new VirtualClock(0);
  const timers = new FixedDelayTimers(clock, 100);
  const fired: string[] = [];
  timers.set(() => {
    throw new Error("callback failed");
  });
  timers.set(() => fired.push("second"));
  assert.throws(() => clock.advance(100), /callback failed/);
  clock.advance(1);
  assert.deepEqual(fired, ["second"]);
});

Deno.test("thousands of fixed-delay timers run on one clock timer and all fire", () => {
  const clock = new VirtualClock(0);
  let armed = 0;
  const counting = {
    now: () => clock.now(),
    setTimer: (ms: number, fire: () => void) => {
      armed++;
      return clock.setTimer(ms, fire);
    },
  };
  const timers = new FixedDelayTimers(counting, 32_000);
  let fired = 0;
  for (let i = 0; i < 5000; i++) timers.set(() => fired++);
  assert.equal(armed, 1);
  clock.advance(32_000);
  assert.equal(fired, 5000);
  assert.equal(timers.pending, 0);
});
