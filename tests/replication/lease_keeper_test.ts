import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import {
  LEASE_RENEW_MS,
  LEASE_TTL_MS,
  LeaseKeeper,
  LeaseWitness,
  witnessRoutes,
} from "../../src/replication/mod.ts";

const log = createLogger("replication", { level: "error" });
const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

/** Two boxes and a witness on one virtual clock; `cut` makes one box's witness unreachable. */
function setUp() {
  const clock = new VirtualClock(Date.UTC(2026, 11, 6));
  const witness = new LeaseWitness(clock);
  clock.advance(LEASE_TTL_MS);
  const app = witnessRoutes(witness, "witness-secret-0123");
  const cut = new Set<string>();
  const keeper = (holder: string) =>
    new LeaseKeeper({
      url: "http://witness:7450/",
      token: "witness-secret-0123",
      clock,
      log,
      holder,
      fetch: (url, init) =>
        cut.has(holder)
          ? Promise.reject(new TypeError("unreachable"))
          : Promise.resolve(app.request(new URL(url).pathname, init)),
    });
  return { clock, witness, cut, keeper };
}

Deno.test("a kept lease stays held while the witness answers the renewals", async () => {
  const { clock, keeper } = setUp();
  const primary = keeper("primary");
  const changes: boolean[] = [];
  primary.onChange((held) => changes.push(held));
  assert.equal(await primary.claim(1), true);
  primary.keep(() => 1);
  for (let i = 0; i < 20; i++) {
    clock.advance(LEASE_RENEW_MS);
    await flush();
    assert.equal(primary.held, true, `still held after ${i + 1} s`);
  }
  assert.deepEqual(changes, [true]);
  primary.stop();
});

Deno.test("a holder cut off from the witness counts the lease lost before anyone else can get it", async () => {
  const { clock, cut, keeper } = setUp();
  const primary = keeper("primary");
  const standby = keeper("standby");
  const lost: number[] = [];
  assert.equal(await primary.claim(1), true);
  const grantedAt = clock.monotonic();
  primary.onChange((held) => held || lost.push(clock.monotonic() - grantedAt));
  primary.keep(() => 1);
  cut.add("primary");
  let standbyGotItAt: number | undefined;
  for (let t = 0; t < LEASE_TTL_MS * 2 && standbyGotItAt === undefined; t += 100) {
    clock.advance(100);
    await flush();
    if (await standby.claim(2)) standbyGotItAt = clock.monotonic() - grantedAt;
    // Never both: the standby is granted only after the primary knows it lost the lease.
    assert.ok(!(primary.held && standby.held), `two holders ${t} ms after the cut`);
  }
  assert.equal(lost.length, 1, "the primary was told it lost the lease");
  assert.ok(standbyGotItAt !== undefined, "the standby got the lease once it lapsed");
  assert.ok(lost[0] < standbyGotItAt, `lost at ${lost[0]} ms, taken at ${standbyGotItAt} ms`);
  // Its way back is closed: the witness now knows a later epoch.
  cut.delete("primary");
  clock.advance(LEASE_TTL_MS * 2);
  assert.equal(await primary.claim(1), false);
  primary.stop();
  standby.stop();
});

Deno.test("a claim the witness refuses leaves the lease not held", async () => {
  const { keeper } = setUp();
  const primary = keeper("primary");
  assert.equal(await primary.claim(1), true);
  assert.equal(await keeper("standby").claim(2), false);
  primary.stop();
  assert.equal(primary.held, false);
});
