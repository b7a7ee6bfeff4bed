import assert from "node:assert/strict";
import { VirtualClock } from "../../../src/clock/mod.ts";
import { ExtensionGuard } from "../../../src/sip/ua/extension_guard.ts";

Deno.test("failures for one extension add up whatever addresses they come from", () => {
  const guard = new ExtensionGuard(new VirtualClock(0), { maxFailures: 3 });
  assert.equal(guard.failed("1001"), false);
  assert.equal(guard.failed("1001"), false);
  assert.equal(guard.failed("1001"), true);
  assert.equal(guard.isLocked("1001", "198.51.100.1"), true);
  assert.equal(guard.isLocked("1002", "198.51.100.1"), false);
  assert.equal(guard.locks, 1);
});

Deno.test("failures older than the window are forgotten", () => {
  const clock = new VirtualClock(0);
  const guard = new ExtensionGuard(clock, { maxFailures: 3, windowMs: 60_000 });
  guard.failed("1001");
  guard.failed("1001");
  clock.advance(60_000);
  assert.equal(guard.failed("1001"), false);
  assert.equal(guard.isLocked("1001", "198.51.100.1"), false);
});

Deno.test("a lock spares the addresses that registered the extension before, and ends by itself", () => {
  const clock = new VirtualClock(0);
  const guard = new ExtensionGuard(clock, { maxFailures: 1, lockMs: 300_000 });
  guard.succeeded("1001", "192.0.2.10");
  guard.failed("1001");
  assert.equal(guard.isLocked("1001", "192.0.2.10"), false);
  assert.equal(guard.isLocked("1001", "203.0.113.5"), true);
  clock.advance(300_000);
  assert.equal(guard.isLocked("1001", "203.0.113.5"), false);
});

Deno.test("guesses made during a lock do not extend it", () => {
  const clock = new VirtualClock(0);
  const guard = new ExtensionGuard(clock, { maxFailures: 2, lockMs: 1000 });
  guard.failed("1001");
  assert.equal(guard.failed("1001"), true);
  clock.advance(500);
  assert.equal(guard.failed("1001"), false);
  clock.advance(500);
  assert.equal(guard.isLocked("1001", "203.0.113.5"), false);
});

Deno.test("the guard remembers at most its capacity of extensions", () => {
  const guard = new ExtensionGuard(new VirtualClock(0), { capacity: 10, maxFailures: 1 });
  for (let i = 0; i < 1000; i++) guard.failed(String(i));
  assert.equal(guard.isLocked("0", "203.0.113.5"), false);
  assert.equal(guard.isLocked("999", "203.0.113.5"), true);
});
