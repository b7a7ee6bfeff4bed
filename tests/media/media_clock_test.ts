import assert from "node:assert/strict";
import { type CancelTimer, type Clock, VirtualClock } from "../../src/clock/mod.ts";
import { MediaClock, type MediaTick } from "../../src/media/mod.ts";

/** A clock whose timers fire late by a chosen amount, like a busy event loop. */
class LateClock implements Clock {
  readonly inner = new VirtualClock(0);
  constructor(private lateness: (n: number) => number) {}
  #n = 0;
  now(): number {
    return this.inner.now();
  }
  monotonic(): number {
    return this.inner.monotonic();
  }
  setTimer(delayMs: number, callback: () => void): CancelTimer {
    return this.inner.setTimer(delayMs + this.lateness(this.#n++), callback);
  }
}

Deno.test("ticks arrive every 20 ms on a punctual clock with zero pacing error", () => {
  const clock = new VirtualClock(1000);
  const media = new MediaClock(clock);
  const ticks: MediaTick[] = [];
  media.add((t) => ticks.push(t));
  media.start();
  clock.advance(1000);
  assert.equal(ticks.length, 50);
  assert.deepEqual(ticks.slice(0, 3).map((t) => t.now), [1020, 1040, 1060]);
  assert.deepEqual(media.stats(), { ticks: 50, skipped: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 });
  media.stop();
  clock.advance(1000);
  assert.equal(ticks.length, 50);
  assert.equal(clock.pendingTimers, 0);
});

Deno.test("late timers do not accumulate drift because ticks are due from the start time", () => {
  // Every timer fires 0–7 ms late; a naive "20 ms after the last tick" would drift ~3.5 ms a tick.
  const clock = new LateClock((n) => n % 8);
  const media = new MediaClock(clock);
  const ticks: MediaTick[] = [];
  media.add((t) => ticks.push(t));
  media.start();
  clock.inner.advance(60_000);
  assert.ok(ticks.length >= 2998 && ticks.length <= 3000, `${ticks.length}`);
  for (const t of ticks) {
    assert.equal(t.dueAt, t.index * 20);
    assert.ok(t.now - t.dueAt >= 0 && t.now - t.dueAt <= 7);
  }
  const stats = media.stats();
  assert.equal(stats.skipped, 0);
  assert.equal(stats.maxMs, 7);
  assert.ok(stats.p50Ms >= 3 && stats.p50Ms <= 4, `${stats.p50Ms}`);
  assert.equal(stats.p99Ms, 7);
  media.stop();
});

Deno.test("a short stall is caught up tick by tick, a long one is skipped and counted", () => {
  const lateness = new Map([[5, 50], [20, 300]]);
  const clock = new LateClock((n) => lateness.get(n) ?? 0);
  const media = new MediaClock(clock, { maxCatchUpTicks: 5 });
  const indexes: number[] = [];
  media.add((t) => indexes.push(t.index));
  media.start();
  clock.inner.advance(2000);
  // The 50 ms stall runs two extra ticks at once; nothing is lost.
  assert.deepEqual(indexes.slice(0, 12), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  const stats = media.stats();
  assert.equal(stats.skipped, 15);
  assert.equal(stats.maxMs, 50);
  const gap = indexes.findIndex((v, i) => i > 0 && v !== indexes[i - 1] + 1);
  assert.equal(indexes[gap] - indexes[gap - 1], 16);
  media.stop();
});

Deno.test("a failing listener is reported and does not stop the others", () => {
  const clock = new VirtualClock(0);
  const errors: unknown[] = [];
  const media = new MediaClock(clock, { onError: (e) => errors.push(e) });
  let calls = 0;
  media.add(() => {
    throw new Error("boom");
  });
  const remove = media.add(() => calls++);
  media.start();
  clock.advance(100);
  remove();
  clock.advance(100);
  assert.equal(calls, 5);
  assert.equal(errors.length, 10);
  media.stop();
});

Deno.test("a listener may stop the clock", () => {
  const clock = new VirtualClock(0);
  const media = new MediaClock(clock);
  let calls = 0;
  media.add(() => {
    if (++calls === 3) media.stop();
  });
  media.start();
  clock.advance(1000);
  assert.equal(calls, 3);
  assert.equal(media.running, false);
  assert.equal(clock.pendingTimers, 0);
});

const sendNow = (_delayMs: number, make: () => void) => make();

Deno.test("with slicing, a tick's listeners run in turns and other work runs between them", () => {
  const clock = new VirtualClock(0);
  const media = new MediaClock(clock, { sliceMs: 0, pacer: sendNow, sendLeadMs: 20 });
  const order: string[] = [];
  media.add((t) => {
    order.push(`a${t.index}`);
    clock.setTimer(0, () => order.push("signalling"));
  });
  media.add((t) => order.push(`b${t.index}`));
  media.start();
  clock.advance(40);
  assert.deepEqual(order, ["a1", "signalling", "b1", "a2", "signalling", "b2"]);
  assert.equal(media.stats().ticks, 2);
  media.stop();
  clock.advance(100);
  assert.equal(order.length, 6);
  assert.equal(clock.pendingTimers, 0, "nothing is left pending");
});

Deno.test("with a pacer, each slice of a tick is sent for the tick's due time plus the lead", () => {
  const clock = new VirtualClock(1000);
  const sendTimes: number[] = [];
  const media = new MediaClock(clock, {
    sliceMs: 0,
    sendLeadMs: 20,
    pacer: (delayMs, make) => {
      sendTimes.push(clock.now() + delayMs);
      make();
    },
  });
  let made = 0;
  media.add(() => made++);
  media.add(() => made++);
  media.start();
  clock.advance(40);
  assert.equal(made, 4);
  assert.deepEqual(sendTimes, [1040, 1040, 1060, 1060]);
  media.stop();
});

/** Wall time in whole milliseconds over a precise monotonic time, as the runtime gives them. */
class CoarseWallClock implements Clock {
  readonly inner = new VirtualClock(0);
  now(): number {
    return Math.floor(this.inner.now() + 1e12 + 0.37);
  }
  monotonic(): number {
    return this.inner.monotonic() + 0.37;
  }
  setTimer(delayMs: number, callback: () => void): CancelTimer {
    // Timers fire a fraction of a millisecond late, differently each time.
    return this.inner.setTimer(delayMs + Math.random() * 0.9, callback);
  }
}

Deno.test("send times fall exactly one tick apart although wall time moves in whole milliseconds", () => {
  const clock = new CoarseWallClock();
  const sendTimes: number[] = [];
  const media = new MediaClock(clock, {
    sendLeadMs: 20,
    pacer: (delayMs, make) => {
      sendTimes.push(clock.monotonic() + delayMs);
      make();
    },
  });
  media.add(() => {});
  media.start();
  clock.inner.advance(200);
  media.stop();
  const gaps = sendTimes.slice(1).map((t, i) => t - sendTimes[i]);
  assert.ok(gaps.length >= 8);
  for (const gap of gaps) assert.ok(Math.abs(gap - 20) < 1e-9, `gaps ${gaps}`);
});

Deno.test("a tick already past half its send lead runs to the end without yielding", () => {
  // The first tick's timer fires 15 ms late: only 5 ms of its 20 ms lead are left.
  const clock = new LateClock((n) => (n === 0 ? 15 : 0));
  const media = new MediaClock(clock, { sliceMs: 0, pacer: sendNow, sendLeadMs: 20 });
  const order: string[] = [];
  media.add((t) => {
    order.push(`a${t.index}`);
    clock.setTimer(0, () => order.push("signalling"));
  });
  media.add((t) => order.push(`b${t.index}`));
  media.start();
  clock.inner.advance(40);
  assert.deepEqual(order.slice(0, 3), ["a1", "b1", "signalling"]);
  media.stop();
});

Deno.test("stopping the clock between slices ends the tick there", () => {
  const clock = new VirtualClock(0);
  const media = new MediaClock(clock, { sliceMs: 0, pacer: sendNow, sendLeadMs: 20 });
  let later = 0;
  media.add(() => media.stop());
  media.add(() => later++);
  media.start();
  clock.advance(100);
  assert.equal(later, 0);
  assert.equal(clock.pendingTimers, 0);
});
