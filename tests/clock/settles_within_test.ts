import assert from "node:assert/strict";
import { settlesWithin, VirtualClock } from "../../src/clock/mod.ts";

Deno.test("settlesWithin() says true for work done before the limit and cancels its timer", async () => {
  const clock = new VirtualClock(0);
  assert.equal(await settlesWithin(clock, Promise.resolve("done"), 1000), true);
  assert.equal(clock.pendingTimers, 0);
});

const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

Deno.test("settlesWithin() says false once the limit passes with the work still going", async () => {
  const clock = new VirtualClock(0);
  let said: boolean | undefined;
  settlesWithin(clock, new Promise(() => {}), 1000).then((settled) => said = settled);
  clock.advance(999);
  await turn();
  assert.equal(said, undefined, "still waiting before the limit");
  clock.advance(1);
  await turn();
  assert.equal(said, false);
});

Deno.test("settlesWithin() throws the work's own failure", async () => {
  const clock = new VirtualClock(0);
  await assert.rejects(
    settlesWithin(clock, Promise.reject(new Error("disk gone")), 1000),
    /disk gone/,
  );
});
