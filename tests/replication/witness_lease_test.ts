import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import { LEASE_TTL_MS, LeaseWitness, witnessRoutes } from "../../src/replication/mod.ts";

/** A witness past its start-up wait, unless `fresh`. */
function witness(memory?: { epoch: number }, fresh = false) {
  const clock = new VirtualClock(Date.UTC(2026, 11, 6));
  const w = new LeaseWitness(
    clock,
    memory && { load: () => memory.epoch, save: (e) => memory.epoch = e },
  );
  if (!fresh) clock.advance(LEASE_TTL_MS);
  return { clock, w };
}

Deno.test("one box holds the lease at a time; the other is refused until it lapses", () => {
  const { clock, w } = witness();
  assert.equal(w.claim("primary", 1).granted, true);
  clock.advance(LEASE_TTL_MS - 1);
  const refused = w.claim("standby", 2);
  assert.equal(refused.granted, false);
  assert.equal(refused.holder, "primary");
  // Renewed, it lasts a lease's time from the renewal.
  assert.equal(w.claim("primary", 1).granted, true);
  clock.advance(LEASE_TTL_MS - 1);
  assert.equal(w.claim("standby", 2).granted, false);
  clock.advance(1);
  assert.equal(w.claim("standby", 2).granted, true);
  assert.equal(w.claim("primary", 1).granted, false);
});

Deno.test("a box of an earlier epoch never gets the lease back, even once it lapsed", () => {
  const memory = { epoch: 0 };
  const { clock, w } = witness(memory);
  assert.equal(w.claim("standby", 2).granted, true);
  assert.equal(memory.epoch, 2);
  clock.advance(LEASE_TTL_MS * 3);
  assert.equal(w.claim("old-primary", 1).granted, false);
  assert.equal(w.claim("old-primary", 1).epoch, 2);
  // A restarted witness remembers the epoch.
  const again = witness(memory);
  assert.equal(again.w.claim("old-primary", 1).granted, false);
  assert.equal(again.w.claim("new-primary", 2).granted, true);
});

Deno.test("a witness that just started grants nothing for one lease's time", () => {
  const { clock, w } = witness(undefined, true);
  assert.equal(w.claim("primary", 1).granted, false);
  clock.advance(LEASE_TTL_MS - 1);
  assert.equal(w.claim("primary", 1).granted, false);
  clock.advance(1);
  assert.equal(w.claim("primary", 1).granted, true);
});

Deno.test("the witness's route wants its token and answers 409 to a refused claim", async () => {
  const { w } = witness();
  const app = witnessRoutes(w, "witness-secret-0123");
  const claim = (holder: string, token = "witness-secret-0123") =>
    app.request("/witness/lease", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ holder, epoch: 1 }),
    });
  assert.equal((await claim("a", "wrong")).status, 401);
  const granted = await claim("a");
  assert.equal(granted.status, 200);
  assert.deepEqual(await granted.json(), {
    granted: true,
    holder: "a",
    epoch: 1,
    ttl_ms: LEASE_TTL_MS,
  });
  assert.equal((await claim("b")).status, 409);
});
