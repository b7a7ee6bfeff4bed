import assert from "node:assert/strict";
import { FIRST_RETRY_MS, MAX_RETRY_MS, retryDelayMs } from "../../src/email/mod.ts";

Deno.test("retryDelayMs() doubles after each failure up to the ceiling", () => {
  assert.equal(retryDelayMs(1), FIRST_RETRY_MS);
  assert.equal(retryDelayMs(2), 2 * FIRST_RETRY_MS);
  assert.equal(retryDelayMs(4), 8 * FIRST_RETRY_MS);
  assert.equal(retryDelayMs(50), MAX_RETRY_MS);
});

Deno.test("retryDelayMs() spreads by at most a fifth and refuses a count below one", () => {
  assert.equal(retryDelayMs(1, 1), FIRST_RETRY_MS * 1.2);
  assert.throws(() => retryDelayMs(0), RangeError);
});
