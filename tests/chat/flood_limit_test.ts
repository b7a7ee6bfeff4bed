import assert from "node:assert/strict";
import { FloodLimit } from "../../src/chat/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";

Deno.test("a flood limit refuses what goes over the rule and lets it through after the window", () => {
  const clock = new VirtualClock(0);
  const limit = new FloodLimit(clock, { limit: 3, windowMs: 10_000 });
  assert.ok(limit.take("v1") && limit.take("v1") && limit.take("v1"));
  assert.equal(limit.take("v1"), false);
  assert.ok(limit.take("v2"), "another visitor is counted apart");
  assert.equal(limit.retryAfterMs("v1"), 10_000);
  clock.advance(10_001);
  assert.ok(limit.take("v1"));
});
