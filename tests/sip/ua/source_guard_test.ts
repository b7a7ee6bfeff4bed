import assert from "node:assert/strict";
import { VirtualClock } from "../../../src/clock/mod.ts";
import { SourceGuard } from "../../../src/sip/ua/source_guard.ts";

Deno.test("a blocked address is ignored until its block runs out", () => {
  const clock = new VirtualClock(0);
  const guard = new SourceGuard(clock);
  guard.block("192.0.2.9", 60_000);
  assert.equal(guard.isBlocked("192.0.2.9"), true);
  clock.advance(60_000);
  assert.equal(guard.isBlocked("192.0.2.9"), false);
  assert.equal(guard.blocks, 1);
});

Deno.test("the guard's tables stay within their capacity under failures from many addresses", () => {
  const clock = new VirtualClock(0);
  const guard = new SourceGuard(clock, { capacity: 100, maxRefusals: 1 });
  for (let i = 0; i < 10_000; i++) guard.refused(`10.0.${i >> 8}.${i & 255}`);
  assert.equal(guard.blocks, 10_000);
  // The most recent blocks are remembered; the oldest made room for them.
  assert.equal(guard.isBlocked("10.0.39.15"), true);
  assert.equal(guard.isBlocked("10.0.0.0"), false);
});
