import assert from "node:assert/strict";
import { RepeatLimit } from "../../src/log/mod.ts";

Deno.test("a key gets its lines each interval and the drops are reported once the interval ends", () => {
  let now = 0;
  const limit = new RepeatLimit({ lines: 3, intervalMs: 1000 }, () => now);
  const admitted = Array.from({ length: 10 }, () => limit.admit("k")).filter(Boolean).length;
  assert.equal(admitted, 3);
  assert.deepEqual(limit.ended(), [], "the interval is still running");
  now = 1000;
  assert.deepEqual(limit.ended(), [{ key: "k", count: 7 }]);
  assert.deepEqual(limit.ended(), [], "reported once");
  assert.equal(limit.admit("k"), true);
});

Deno.test("a key that starts a new interval before anyone asked still has its drops reported", () => {
  let now = 0;
  const limit = new RepeatLimit({ lines: 1, intervalMs: 1000 }, () => now);
  limit.admit("k");
  limit.admit("k");
  now = 5000;
  assert.equal(limit.admit("k"), true);
  assert.deepEqual(limit.ended(), [{ key: "k", count: 1 }]);
});

Deno.test("more keys than it remembers forget the stalest without losing its count", () => {
  let now = 0;
  const limit = new RepeatLimit({ lines: 1, intervalMs: 60_000, maxKeys: 3 }, () => now);
  limit.admit("a");
  limit.admit("a");
  for (const key of ["b", "c", "d"]) {
    now += 1;
    limit.admit(key);
  }
  assert.deepEqual(limit.ended(), [{ key: "a", count: 1 }]);
  assert.equal(limit.admit("a"), true, "a forgotten key starts afresh");
});

Deno.test("a limit that lets no line through is refused", () => {
  assert.throws(() => new RepeatLimit({ lines: 0, intervalMs: 1000 }, () => 0), RangeError);
});
