import assert from "node:assert/strict";
import { LoginThrottle } from "../../src/auth/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";

const limits = { perUser: 3, perAddress: 5, windowMs: 60_000 };

Deno.test("a user is held off after the allowed failures until the oldest leaves the window", () => {
  const clock = new VirtualClock(0);
  const throttle = new LoginThrottle(clock, limits);
  for (let i = 0; i < 3; i++) {
    assert.equal(throttle.retryAfterSeconds("ana", "10.0.0.1"), 0);
    throttle.recordFailure("ana", "10.0.0.1");
    clock.advance(1000);
  }
  assert.equal(throttle.retryAfterSeconds("ana", "10.0.0.1"), 57);
  clock.advance(57_000);
  assert.equal(throttle.retryAfterSeconds("ana", "10.0.0.1"), 0);
});

Deno.test("failures from one address against many users block that address", () => {
  const clock = new VirtualClock(0);
  const throttle = new LoginThrottle(clock, limits);
  for (let i = 0; i < 5; i++) throttle.recordFailure(`user${i}`, "10.0.0.9");
  assert.ok(throttle.retryAfterSeconds("someone-else", "10.0.0.9") > 0);
  assert.equal(throttle.retryAfterSeconds("someone-else", "10.0.0.10"), 0);
});

Deno.test("usernames are throttled without regard to case", () => {
  const throttle = new LoginThrottle(new VirtualClock(0), limits);
  for (const name of ["Ana", "ANA", "ana"]) {
    throttle.recordFailure(name, `10.0.0.${name.length}${name}`);
  }
  assert.ok(throttle.retryAfterSeconds("aNa", "10.1.1.1") > 0);
});

Deno.test("a successful login clears the user's failures", () => {
  const throttle = new LoginThrottle(new VirtualClock(0), limits);
  throttle.recordFailure("ana", "10.0.0.1");
  throttle.recordFailure("ana", "10.0.0.1");
  throttle.recordSuccess("ana");
  throttle.recordFailure("ana", "10.0.0.1");
  assert.equal(throttle.retryAfterSeconds("ana", "10.0.0.2"), 0);
});
