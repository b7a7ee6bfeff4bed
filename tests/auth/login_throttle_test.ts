import assert from "node:assert/strict";
import { LoginThrottle, type ThrottleLimits } from "../../src/auth/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";

const limits: ThrottleLimits = {
  freePerPair: 3,
  freePerAddress: 5,
  baseDelayMs: 1000,
  maxPairDelayMs: 60_000,
  maxAddressDelayMs: 10_000,
  addressWindowMs: 60_000,
  pairMemoryMs: 3_600_000,
  trustMs: 86_400_000,
  maxEntries: 100,
};

function setup(overrides: Partial<ThrottleLimits> = {}) {
  const clock = new VirtualClock(0);
  return { clock, throttle: new LoginThrottle(clock, { ...limits, ...overrides }) };
}

/** Fails `n` sign-ins as `username` from `address`, each as soon as it is allowed. */
function fail(
  throttle: LoginThrottle,
  clock: VirtualClock,
  username: string,
  address: string,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const wait = throttle.retryAfterSeconds(username, address);
    if (wait > 0) clock.advance(wait * 1000);
    assert.equal(throttle.beginAttempt(username, address), 0);
  }
}

Deno.test("a guessing pair gets its free tries, then waits that double with each failure up to the cap", () => {
  const { clock, throttle } = setup();
  const waits: number[] = [];
  for (let i = 0; i < 10; i++) {
    const wait = throttle.retryAfterSeconds("ana", "10.0.0.1");
    waits.push(wait);
    clock.advance(wait * 1000);
    throttle.beginAttempt("ana", "10.0.0.1");
  }
  assert.deepEqual(waits, [0, 0, 0, 1, 2, 4, 8, 16, 32, 60]);
});

Deno.test("a try while waiting is refused with the wait and does not count", () => {
  const { clock, throttle } = setup();
  fail(throttle, clock, "ana", "10.0.0.1", 3);
  assert.equal(throttle.beginAttempt("ana", "10.0.0.1"), 1);
  assert.equal(throttle.beginAttempt("ana", "10.0.0.1"), 1, "the refused try did not double it");
  clock.advance(1000);
  assert.equal(throttle.beginAttempt("ana", "10.0.0.1"), 0);
});

Deno.test("the right password from an address that has not been guessing works at once", () => {
  const { clock, throttle } = setup();
  fail(throttle, clock, "admin", "203.0.113.66", 12);
  assert.ok(throttle.retryAfterSeconds("admin", "203.0.113.66") > 0, "the guesser waits");
  assert.equal(throttle.beginAttempt("admin", "10.0.0.1"), 0);
  throttle.recordSuccess("admin", "10.0.0.1");
  assert.ok(throttle.retryAfterSeconds("admin", "203.0.113.66") > 0, "and still waits after");
});

Deno.test("parallel tries count from the moment they begin, so a burst cannot all pass", () => {
  const { throttle } = setup();
  const started = Array.from({ length: 50 }, () => throttle.beginAttempt("ana", "10.0.0.1"));
  assert.equal(started.filter((wait) => wait === 0).length, 3);
});

Deno.test("one address guessing many usernames is slowed, but for everyone else only briefly", () => {
  const { clock, throttle } = setup();
  for (let i = 0; i < 40; i++) fail(throttle, clock, `user${i}`, "192.0.2.1", 1);
  const colleague = throttle.retryAfterSeconds("bob", "192.0.2.1");
  assert.ok(colleague > 0, "the shared address is slowed");
  assert.ok(colleague <= 10, `a colleague behind it waits ${colleague} s, at most the address cap`);
  assert.equal(throttle.retryAfterSeconds("bob", "192.0.2.2"), 0, "other addresses are untouched");
});

Deno.test("a user who signed in from an address before is not slowed by a guesser behind it", () => {
  const { clock, throttle } = setup();
  assert.equal(throttle.beginAttempt("bob", "192.0.2.1"), 0);
  throttle.recordSuccess("bob", "192.0.2.1");
  for (let i = 0; i < 40; i++) fail(throttle, clock, `user${i}`, "192.0.2.1", 1);
  assert.ok(throttle.retryAfterSeconds("carol", "192.0.2.1") > 0);
  assert.equal(throttle.retryAfterSeconds("bob", "192.0.2.1"), 0);
});

Deno.test("a successful sign-in clears the pair and does not count against the address", () => {
  const { clock, throttle } = setup();
  fail(throttle, clock, "ana", "10.0.0.1", 2);
  assert.equal(throttle.beginAttempt("ana", "10.0.0.1"), 0);
  throttle.recordSuccess("ana", "10.0.0.1");
  fail(throttle, clock, "ana", "10.0.0.1", 2);
  assert.equal(throttle.retryAfterSeconds("ana", "10.0.0.1"), 0, "two fresh failures are free");
  const { addresses } = throttle.entries();
  assert.deepEqual(addresses.map((a) => a.failures), [4]);
});

Deno.test("usernames are one pair without regard to case", () => {
  const { clock, throttle } = setup();
  for (const name of ["Ana", "ANA", "ana"]) fail(throttle, clock, name, "10.0.0.1", 1);
  assert.equal(throttle.retryAfterSeconds("aNa", "10.0.0.1"), 1);
  assert.equal(throttle.retryAfterSeconds("aNa", "10.1.1.1"), 0);
});

Deno.test("IPv6 addresses in one /64 count as one address", () => {
  const { clock, throttle } = setup();
  fail(throttle, clock, "ana", "2001:db8:1:2::a", 2);
  fail(throttle, clock, "ana", "2001:0db8:0001:0002:ffff::b", 1);
  assert.equal(throttle.retryAfterSeconds("ana", "2001:db8:1:2:3:4:5:6"), 1);
  assert.equal(throttle.retryAfterSeconds("ana", "2001:db8:1:3::a"), 0);
  assert.equal(throttle.entries().pairs[0].address, "2001:db8:1:2::/64");
});

Deno.test("failures are forgotten: an address's after its window, a pair's after its memory", () => {
  const { clock, throttle } = setup();
  fail(throttle, clock, "ana", "10.0.0.1", 8);
  for (let i = 0; i < 6; i++) fail(throttle, clock, `user${i}`, "10.0.0.1", 1);
  clock.advance(60_000);
  assert.equal(throttle.retryAfterSeconds("bob", "10.0.0.1"), 0, "the address window passed");
  assert.equal(throttle.beginAttempt("ana", "10.0.0.1"), 0);
  assert.equal(throttle.retryAfterSeconds("ana", "10.0.0.1"), 60, "the pair still counts 9");
  clock.advance(3_600_000);
  assert.deepEqual(throttle.entries(), { pairs: [], addresses: [] });
  fail(throttle, clock, "ana", "10.0.0.1", 3);
  assert.equal(throttle.retryAfterSeconds("ana", "10.0.0.1"), 1, "free tries again");
});

Deno.test("lifting by username, address or both clears exactly those entries", () => {
  const { clock, throttle } = setup();
  fail(throttle, clock, "ana", "10.0.0.1", 5);
  fail(throttle, clock, "ana", "10.0.0.2", 5);
  fail(throttle, clock, "bob", "10.0.0.1", 5);
  const remembered = () => {
    const { pairs, addresses } = throttle.entries();
    return [
      ...pairs.map((p) => `${p.username}@${p.address}`),
      ...addresses.map((a) => a.address),
    ].sort();
  };
  assert.equal(throttle.lift({ username: "ANA", address: "10.0.0.1" }), 2, "the pair and address");
  assert.equal(throttle.retryAfterSeconds("ana", "10.0.0.1"), 0);
  assert.deepEqual(remembered(), ["10.0.0.2", "ana@10.0.0.2", "bob@10.0.0.1"]);
  assert.equal(throttle.lift({ username: "ana" }), 1);
  assert.deepEqual(remembered(), ["10.0.0.2", "bob@10.0.0.1"]);
  assert.equal(throttle.lift({ address: "10.0.0.1" }), 1, "bob's pair; the address was lifted");
  assert.deepEqual(remembered(), ["10.0.0.2"]);
  assert.throws(() => throttle.lift({}), TypeError);
});

Deno.test("a flood of usernames is remembered up to the limit, the stalest forgotten first", () => {
  const { clock, throttle } = setup({ maxEntries: 10, freePerAddress: 1000 });
  for (let i = 0; i < 50; i++) {
    throttle.beginAttempt(`u${i}`, "10.0.0.1");
    clock.advance(1);
  }
  const { pairs } = throttle.entries();
  assert.equal(pairs.length, 10);
  assert.deepEqual(
    pairs.map((p) => p.username).sort(),
    Array.from({ length: 10 }, (_, i) => `u${40 + i}`).sort(),
  );
});
