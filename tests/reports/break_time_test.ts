import assert from "node:assert/strict";
import { breakTime } from "../../src/reports/mod.ts";

Deno.test("not-ready time is split into paid and unpaid by each reason's paid flag", () => {
  const byReason = { break: 900_000, lunch: 3_600_000, training: 1_800_000, "": 60_000 };
  assert.deepEqual(breakTime(byReason, new Set(["break", "training"])), {
    paid_ms: 2_700_000,
    unpaid_ms: 3_660_000,
    total_ms: 6_360_000,
  });
});

Deno.test("time without a reason, or with one no longer configured, counts as unpaid", () => {
  assert.deepEqual(breakTime({ "": 1000, retired: 2000 }, new Set(["break"])), {
    paid_ms: 0,
    unpaid_ms: 3000,
    total_ms: 3000,
  });
  assert.deepEqual(breakTime({}, new Set()), { paid_ms: 0, unpaid_ms: 0, total_ms: 0 });
});
