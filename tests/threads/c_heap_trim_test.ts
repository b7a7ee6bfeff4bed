import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import { glibcTrim, trimCHeapEvery } from "../../src/threads/mod.ts";

/** Lets the trim's promise settle and the next timer be set. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

Deno.test("trimCHeapEvery() trims once per period until stopped", async () => {
  const clock = new VirtualClock(0);
  let trims = 0;
  const trimming = trimCHeapEvery({
    clock,
    everyMs: 1000,
    trim: () => (trims++, Promise.resolve(true)),
  });
  assert.equal(trimming.running, true);
  clock.advance(999);
  assert.equal(trims, 0);
  clock.advance(1);
  assert.equal(trims, 1);
  await settle();
  clock.advance(1000);
  assert.equal(trims, 2);
  await settle();
  trimming.stop();
  assert.equal(trimming.running, false);
  clock.advance(5000);
  assert.equal(trims, 2);
});

Deno.test("trimCHeapEvery() counts the period from the end of a slow trim, so trims never overlap", async () => {
  const clock = new VirtualClock(0);
  let trims = 0;
  let finish = () => {};
  const trimming = trimCHeapEvery({
    clock,
    everyMs: 1000,
    trim: () => {
      trims++;
      return new Promise((resolve) => finish = () => resolve(true));
    },
  });
  clock.advance(1000);
  clock.advance(5000);
  assert.equal(trims, 1);
  finish();
  await settle();
  clock.advance(1000);
  assert.equal(trims, 2);
  trimming.stop();
});

Deno.test("trimCHeapEvery() stops after a failed trim and says why", async () => {
  const clock = new VirtualClock(0);
  let trims = 0;
  const trimming = trimCHeapEvery({
    clock,
    everyMs: 1000,
    trim: () => (trims++, Promise.reject(new Error("No C heap here"))),
  });
  clock.advance(1000);
  await settle();
  assert.equal(trimming.running, false);
  assert.equal(trimming.reason, "No C heap here");
  clock.advance(5000);
  assert.equal(trims, 1);
});

Deno.test({
  name: "glibcTrim() releases C heap pages on a glibc Linux",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const trim = glibcTrim();
    if (typeof trim !== "function") {
      // musl has no malloc_trim; the reason says so rather than failing the appliance.
      assert.match(trim.reason, /malloc_trim|libc/);
      return;
    }
    assert.equal(typeof (await trim()), "boolean");
  },
});
