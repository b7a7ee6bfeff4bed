import assert from "node:assert/strict";
import {
  FAR_END_RR_PRIORITY,
  MEASURING,
  rankName,
  SETTING_UP,
  threadScheduling,
} from "../../bench/_far_end_priority.ts";

// A /proc/<pid>/task/<tid>/stat line of a thread at SCHED_RR 10 whose name has a space.
const STAT = "5458 (V8 DefaultWorke) S 5394 5394 4700 0 -1 4194624 8193 0 0 0 8700 12 0 0 " +
  "-11 0 13 0 1234 1391239168 40000 18446744073709551615 1 1 0 0 0 0 0 4096 17922 0 0 0 " +
  "-1 1 10 2 0 0 0 0 0 0 0 0 0 0 0";

Deno.test("threadScheduling() reads the policy and real-time priority after the thread's name", () => {
  assert.deepEqual(threadScheduling(STAT), { policy: 2, rtPriority: 10 });
});

Deno.test("threadScheduling() reads a normal thread as policy 0", () => {
  const normal = STAT.replace(" 10 2 0 0 0", " 0 0 0 0 0");
  assert.deepEqual(threadScheduling(normal), { policy: 0, rtPriority: 0 });
});

Deno.test("the far ends set up real-time below the appliance's threads (SCHED_RR 9 and 10)", () => {
  assert.ok("rr" in SETTING_UP);
  assert.ok(SETTING_UP.rr > 0 && SETTING_UP.rr < 9);
  assert.equal(SETTING_UP.rr, FAR_END_RR_PRIORITY);
});

Deno.test("the far ends are measured outside the real-time class, ahead of other programs", () => {
  assert.ok("nice" in MEASURING);
  assert.ok(MEASURING.nice < 0);
});

Deno.test("a rank is named as the scheduler knows it", () => {
  assert.equal(rankName({ rr: 5 }), "SCHED_RR 5");
  assert.equal(rankName({ nice: -10 }), "nice -10");
});
