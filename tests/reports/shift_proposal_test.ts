import assert from "node:assert/strict";
import { ManagerInputError } from "../../src/reports/mod.ts";
import { proposeShifts } from "../../src/reports/shift_proposal.ts";

Deno.test("a flat need of three agents for eight hours is three eight-hour shifts", () => {
  const need = [...new Array(4).fill(0), ...new Array(16).fill(3), ...new Array(4).fill(0)];
  const p = proposeShifts(need, { lengths: [16, 8] });
  assert.deepEqual(p.shifts, [{ start: 4, length: 16 }, { start: 4, length: 16 }, {
    start: 4,
    length: 16,
  }]);
  assert.equal(p.agentIntervals, 48);
});

Deno.test("every interval is covered, with few agent-hours beyond the need", () => {
  // A day of half hours 08:00–20:00 with a morning peak and a lunch dip.
  const need = Array.from({ length: 48 }, (_, i) => {
    const hour = i / 2;
    if (hour < 8 || hour >= 20) return 0;
    return Math.round(
      6 + 5 * Math.exp(-((hour - 10.5) ** 2) / 3) - 2 * Math.exp(-((hour - 13) ** 2)),
    );
  });
  const p = proposeShifts(need, { lengths: [16, 12, 8], earliestStart: 16, latestEnd: 40 });
  p.coverage.forEach((c, i) => assert.ok(c >= need[i], `interval ${i}: ${c} < ${need[i]}`));
  const lowerBound = need.reduce((a, b) => a + b, 0);
  assert.ok(p.agentIntervals <= lowerBound * 1.2, `${p.agentIntervals} vs ${lowerBound}`);
  for (const s of p.shifts) assert.ok(s.start >= 16 && s.start + s.length <= 40);
});

Deno.test("rules that cannot cover the need are refused", () => {
  assert.throws(() => proposeShifts([1, 1], { lengths: [4] }), /No allowed shift fits/);
  assert.throws(
    () => proposeShifts([1, 0, 0, 0], { lengths: [2], earliestStart: 1 }),
    /outside the hours/,
  );
});

Deno.test("refused rules name the proposal's field to change and a code clients can word", () => {
  const about = (need: number[], rules: Parameters<typeof proposeShifts>[1]) => {
    try {
      proposeShifts(need, rules);
    } catch (error) {
      assert.ok(error instanceof ManagerInputError);
      return error.about;
    }
    assert.fail("the rules were accepted");
  };
  assert.deepEqual(about([1], { lengths: [0] }), { field: "shift_hours", code: "shift_too_short" });
  assert.deepEqual(about([1, 0, 0, 0], { lengths: [2], earliestStart: 1 }), {
    field: "earliest_start",
    code: "need_outside_hours",
  });
  assert.deepEqual(about([0, 0, 0, 1], { lengths: [2], latestEnd: 3 }), {
    field: "latest_end",
    code: "need_outside_hours",
  });
  assert.deepEqual(about([1, 1], { lengths: [4] }), {
    field: "shift_hours",
    code: "no_shift_fits",
  });
});
