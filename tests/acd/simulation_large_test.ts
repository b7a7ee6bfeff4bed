import assert from "node:assert/strict";
import { compareWithErlangC, describe, type LoadPoint } from "./simulation_support.ts";

// See simulation_test.ts for how the run lengths were chosen.
const LARGE_POINTS: LoadPoint[] = [
  { agents: 25, occupancy: 0.9, calls: 450_000 },
  { agents: 50, occupancy: 0.9, calls: 800_000 },
];

for (const point of LARGE_POINTS) {
  Deno.test(
    `simulated SL and ASA match Erlang C for ${point.agents} agents at ${
      point.occupancy * 100
    } % occupancy`,
    () => {
      const c = compareWithErlangC(point, 1);
      console.log(describe(c));
      assert.ok(
        Math.abs(c.simulatedSl - c.theorySl) <= 2,
        `SL off by more than 2 points: ${describe(c)}`,
      );
      assert.ok(
        Math.abs(c.simulatedAsa / c.theoryAsa - 1) <= 0.1,
        `ASA off by more than 10 %: ${describe(c)}`,
      );
      assert.ok(Math.abs(c.simulatedOccupancy - point.occupancy * 100) <= 1, describe(c));
    },
  );
}
