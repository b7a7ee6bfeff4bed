import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { TakeoverWatch } from "../../src/replication/mod.ts";

const log = createLogger("replication", { level: "error" });

function watch(
  options: { lastContactAt?: number; witness?: boolean; followed?: () => boolean } = {},
) {
  const clock = new VirtualClock(Date.UTC(2026, 11, 6));
  let contact = options.lastContactAt;
  let takeovers = 0;
  const w = new TakeoverWatch({
    clock,
    log,
    silenceMs: 10_000,
    lastContactAt: () => contact,
    witnessReachable: options.witness === undefined
      ? undefined
      : () => Promise.resolve(options.witness!),
    hasFollowed: options.followed,
    takeOver: () => {
      takeovers++;
      return Promise.resolve();
    },
  });
  return {
    clock,
    w,
    heard: () => contact = clock.now(),
    takeovers: () => takeovers,
  };
}

Deno.test("the standby takes over after the configured silence, not before", async () => {
  const t = watch();
  t.heard();
  t.clock.advance(9_999);
  assert.equal(await t.w.check(), false);
  t.clock.advance(1);
  assert.equal(await t.w.check(), true);
  assert.equal(t.takeovers(), 1);
  assert.equal(await t.w.check(), false, "a box takes over once");
});

Deno.test("every heartbeat starts the silence again", async () => {
  const t = watch();
  for (let i = 0; i < 5; i++) {
    t.clock.advance(8_000);
    t.heard();
    assert.equal(await t.w.check(), false);
  }
  assert.equal(t.takeovers(), 0);
});

Deno.test("a primary never heard from counts as silent from the watch's start", async () => {
  const t = watch();
  t.clock.advance(10_000);
  assert.equal(await t.w.check(), true);
});

Deno.test("a standby that cannot reach the witness either does not take over", async () => {
  const t = watch({ witness: false });
  t.clock.advance(60_000);
  assert.equal(await t.w.check(), false);
  assert.equal(t.takeovers(), 0);
});

Deno.test("a standby that still reaches the witness takes over", async () => {
  const t = watch({ witness: true });
  t.clock.advance(10_000);
  assert.equal(await t.w.check(), true);
});

Deno.test("with a lease witness the standby takes over only once it is granted the lease", async () => {
  const clock = new VirtualClock(Date.UTC(2026, 11, 6));
  let granted = false;
  let takeovers = 0;
  const w = new TakeoverWatch({
    clock,
    log,
    silenceMs: 2_000,
    lastContactAt: () => undefined,
    claimLease: () => Promise.resolve(granted),
    takeOver: () => {
      takeovers++;
      return Promise.resolve();
    },
  });
  clock.advance(2_000);
  assert.equal(await w.check(), false, "the primary still holds the lease");
  assert.equal(takeovers, 0);
  granted = true;
  assert.equal(await w.check(), true);
  assert.equal(takeovers, 1);
});

Deno.test("a standby that has not read the primary's feed since it started does not take over on its old copy", async () => {
  let followed = false;
  const t = watch({ followed: () => followed });
  t.heard();
  t.clock.advance(60_000);
  assert.equal(await t.w.check(), false);
  assert.equal(t.takeovers(), 0);
  followed = true;
  assert.equal(await t.w.check(), true, "once it has followed, the silence counts");
  assert.equal(t.takeovers(), 1);
});
