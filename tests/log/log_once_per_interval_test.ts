import assert from "node:assert/strict";
import { LogOncePerInterval } from "../../src/log/mod.ts";

Deno.test("a key is logged once per interval with the count of what was skipped", () => {
  let now = 0;
  const once = new LogOncePerInterval(1000, () => now);
  const logged: number[] = [];
  for (let i = 0; i < 5; i++) once.maybe("198.51.100.7", (n) => logged.push(n));
  now = 1000;
  once.maybe("198.51.100.7", (n) => logged.push(n));
  assert.deepEqual(logged, [0, 4]);
});

Deno.test("a flood from forged sources forgets old keys instead of growing without bound", () => {
  let now = 0;
  const once = new LogOncePerInterval(60_000, () => now);
  let logged = 0;
  once.maybe("first", () => logged++);
  for (let i = 0; i < 10_000; i++) {
    now += 1;
    once.maybe(`forged-${i}`, () => logged++);
  }
  once.maybe("first", () => logged++);
  assert.equal(logged, 10_002, "the oldest key was forgotten, so it logs again");
});
