import assert from "node:assert/strict";
import { WaitTimedOut, within } from "../../bench/_deadline.ts";

Deno.test("within() settles as the work does when it ends in time", async () => {
  assert.equal(await within(Promise.resolve(7), 1000, "seven"), 7);
  await assert.rejects(within(Promise.reject(new Error("Broken")), 1000, "x"), /^Error: Broken$/);
});

Deno.test("within() gives up after its bound, naming what it waited for", async () => {
  const never = new Promise<never>(() => {});
  const error = await within(never, 20, "the appliance to answer open for call 3").then(
    () => assert.fail("a wait that never ends must not resolve"),
    (e) => e,
  );
  assert.ok(error instanceof WaitTimedOut);
  assert.equal(
    error.message,
    "Gave up after 20 ms waiting for the appliance to answer open for call 3",
  );
  assert.equal(error.what, "the appliance to answer open for call 3");
});

Deno.test("a wait given up in whole seconds says seconds", () => {
  assert.equal(
    new WaitTimedOut("the relay", 10_000).message,
    "Gave up after 10 s waiting for the relay",
  );
});

Deno.test("within() refuses a bound that is not positive", () => {
  assert.throws(() => within(Promise.resolve(1), 0, "x"), RangeError);
  assert.throws(() => within(Promise.resolve(1), NaN, "x"), RangeError);
});
