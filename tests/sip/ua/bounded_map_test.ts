import assert from "node:assert/strict";
import { BoundedMap } from "../../../src/sip/ua/bounded_map.ts";

Deno.test("a bounded map forgets the entry touched longest ago to stay at its capacity", () => {
  const map = new BoundedMap<string, number>(2);
  map.set("a", 1);
  map.set("b", 2);
  assert.equal(map.get("a"), 1); // "b" is now the oldest
  map.set("c", 3);
  assert.equal(map.size, 2);
  assert.equal(map.has("b"), false);
  assert.deepEqual([map.get("a"), map.get("c")], [1, 3]);
});

Deno.test("a bounded map holds no more than its capacity however many keys it is given", () => {
  const map = new BoundedMap<number, number>(1000);
  for (let i = 0; i < 100_000; i++) map.set(i, i);
  assert.equal(map.size, 1000);
  assert.equal(map.get(99_999), 99_999);
  assert.equal(map.get(0), undefined);
});

Deno.test("a bounded map needs a capacity of at least one", () => {
  assert.throws(() => new BoundedMap(0), RangeError);
});
