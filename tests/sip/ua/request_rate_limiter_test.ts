import assert from "node:assert/strict";
import { VirtualClock } from "../../../src/clock/mod.ts";
import { RequestRateLimiter } from "../../../src/sip/ua/request_rate_limiter.ts";
import { DEFAULT_SIP_LIMITS, trunkRateLimit } from "../../../src/sip/ua/sip_limits.ts";

const LIMIT = { perSecond: 10, burst: 20 };

function verdicts(limiter: RequestRateLimiter, count: number, blockable = true): string[] {
  return Array.from({ length: count }, () => limiter.take("192.0.2.7", LIMIT, blockable));
}

const tally = (list: string[]) =>
  list.reduce<Record<string, number>>((t, v) => ({ ...t, [v]: (t[v] ?? 0) + 1 }), {});

Deno.test("an address may send its burst at once; what follows is dropped", () => {
  const limiter = new RequestRateLimiter(new VirtualClock(0), 100);
  assert.deepEqual(tally(verdicts(limiter, 25)), { pass: 20, drop: 5 });
});

Deno.test("the bucket refills at the per-second rate", () => {
  const clock = new VirtualClock(0);
  const limiter = new RequestRateLimiter(clock, 100);
  verdicts(limiter, 20);
  clock.advance(500);
  assert.deepEqual(tally(verdicts(limiter, 6)), { pass: 5, drop: 1 });
});

Deno.test("an address that goes on to twice its rate in dropped messages is to be blocked", () => {
  const limiter = new RequestRateLimiter(new VirtualClock(0), 100);
  const list = verdicts(limiter, 20 + 20);
  assert.deepEqual(tally(list), { pass: 20, drop: 19, block: 1 });
  assert.equal(list.at(-1), "block");
});

Deno.test("a trunk's address over its rate is only ever dropped, never blocked", () => {
  const limiter = new RequestRateLimiter(new VirtualClock(0), 100);
  assert.deepEqual(tally(verdicts(limiter, 1000, false)), { pass: 20, drop: 980 });
});

Deno.test("an address that slows down until its bucket is full is forgiven its drops", () => {
  const clock = new VirtualClock(0);
  const limiter = new RequestRateLimiter(clock, 100);
  verdicts(limiter, 20 + 19);
  clock.advance(2000);
  assert.deepEqual(tally(verdicts(limiter, 20 + 19)), { pass: 20, drop: 19 });
});

Deno.test("the limiter remembers at most its capacity of addresses", () => {
  const limiter = new RequestRateLimiter(new VirtualClock(0), 1000);
  for (let i = 0; i < 50_000; i++) {
    limiter.take(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, LIMIT, true);
  }
  assert.equal(limiter.size, 1000);
});

Deno.test("a trunk's rate follows its call limit, with a floor for small trunks", () => {
  assert.deepEqual(trunkRateLimit(DEFAULT_SIP_LIMITS, 500), { perSecond: 2000, burst: 4000 });
  assert.deepEqual(trunkRateLimit(DEFAULT_SIP_LIMITS, 1), { perSecond: 200, burst: 400 });
});
