import assert from "node:assert/strict";
import { type CoverBlock, plannedCover, stillToCover } from "../../ui/reports/plan_cover.ts";

const MINUTE = 60_000;
/** 08:00 on some day, and half-hour intervals from it. */
const FIRST = Date.parse("2026-12-10T08:00:00Z");
const HALF_HOUR = 30 * MINUTE;
const at = (minutes: number) => FIRST + minutes * MINUTE;

const shift = (userId: number, from: number, to: number): CoverBlock => ({
  userId,
  kind: "shift",
  startsMs: at(from),
  endsMs: at(to),
});
const pause = (userId: number, from: number, to: number): CoverBlock => ({
  ...shift(userId, from, to),
  kind: "break",
});

Deno.test("plannedCover() counts an agent in each interval their shift spans whole", () => {
  assert.deepEqual(plannedCover([shift(1, 0, 120)], FIRST, HALF_HOUR, 5), [1, 1, 1, 1, 0]);
});

Deno.test("plannedCover() leaves out an interval a shift starts or ends inside", () => {
  // 08:15–09:15: half of 08:00, all of 08:30, a quarter of 09:00.
  assert.deepEqual(plannedCover([shift(1, 15, 75)], FIRST, HALF_HOUR, 3), [0, 1, 0]);
});

Deno.test("plannedCover() counts a shift that began before the first interval", () => {
  assert.deepEqual(plannedCover([shift(1, -240, 60)], FIRST, HALF_HOUR, 3), [1, 1, 0]);
});

Deno.test("plannedCover() takes an agent off every interval a break of theirs touches", () => {
  // A quarter-hour break at 09:15 costs the whole 09:00 interval, and only that one.
  const blocks = [shift(1, 0, 120), pause(1, 75, 90)];
  assert.deepEqual(plannedCover(blocks, FIRST, HALF_HOUR, 4), [1, 1, 0, 1]);
  // One running over two intervals costs both.
  const across = [shift(1, 0, 120), pause(1, 45, 75)];
  assert.deepEqual(plannedCover(across, FIRST, HALF_HOUR, 4), [1, 0, 0, 1]);
});

Deno.test("plannedCover() lets a break take off only its own agent", () => {
  const blocks = [shift(1, 0, 60), shift(2, 0, 60), pause(2, 0, 30)];
  assert.deepEqual(plannedCover(blocks, FIRST, HALF_HOUR, 2), [1, 2]);
});

Deno.test("plannedCover() counts a break ending as its interval starts as no break in it", () => {
  const blocks = [shift(1, 0, 90), pause(1, 0, 30)];
  assert.deepEqual(plannedCover(blocks, FIRST, HALF_HOUR, 3), [0, 1, 1]);
});

Deno.test("plannedCover() counts agents, not shifts, for an agent listed twice", () => {
  const blocks = [shift(1, 0, 60), shift(1, 0, 60), shift(2, 30, 90)];
  assert.deepEqual(plannedCover(blocks, FIRST, HALF_HOUR, 3), [1, 2, 1]);
});

Deno.test("plannedCover() follows the interval length it is given", () => {
  const blocks = [shift(1, 0, 60)];
  assert.deepEqual(plannedCover(blocks, FIRST, 15 * MINUTE, 5), [1, 1, 1, 1, 0]);
  assert.deepEqual(plannedCover(blocks, FIRST, 60 * MINUTE, 2), [1, 0]);
});

Deno.test("plannedCover() of no intervals is empty, and of no plan is all nothing", () => {
  assert.deepEqual(plannedCover([shift(1, 0, 60)], FIRST, HALF_HOUR, 0), []);
  assert.deepEqual(plannedCover([], FIRST, HALF_HOUR, 3), [0, 0, 0]);
});

Deno.test("plannedCover() refuses an interval of no length or a part of an interval", () => {
  assert.throws(() => plannedCover([], FIRST, 0, 3), RangeError);
  assert.throws(() => plannedCover([], FIRST, HALF_HOUR, 2.5), RangeError);
  assert.throws(() => plannedCover([], FIRST, HALF_HOUR, -1), RangeError);
});

Deno.test("stillToCover() takes the plan off the need, never below nothing", () => {
  assert.deepEqual(stillToCover([2, 3, 1, 0], [1, 4, 1, 2]), [1, 0, 0, 0]);
  assert.deepEqual(stillToCover([2.5, 1], [1, 0]), [1.5, 1]);
});

Deno.test("stillToCover() refuses a plan of another number of intervals than the need", () => {
  assert.throws(() => stillToCover([1, 2], [1]), RangeError);
});
