import assert from "node:assert/strict";
import { simulateDialerDay, type SimulationSetup } from "../../src/campaigns/mod.ts";

/** The day: 20 agents, 30 % answer, handle time 180 s, over 8 hours. */
const DAY: Omit<SimulationSetup, "mode"> = {
  agents: 20,
  hours: 8,
  answerRate: 0.3,
  answerAfterS: { mean: 12, sd: 6 },
  noAnswerTimeoutS: 30,
  handleS: { mean: 180, sd: 90 },
  wrapUpS: 10,
  abandonAfterS: 2,
  abandonCap: 0.03,
  seed: 7,
};

Deno.test("progressive never abandons a call: every line has its agent", () => {
  const day = simulateDialerDay({ ...DAY, mode: "progressive" });
  assert.equal(day.abandoned, 0);
  assert.equal(day.connected, day.answered);
});

Deno.test("predictive gives more talk per agent-hour than progressive with the day's abandons under 3 %", () => {
  for (const seed of [7, 11, 23]) {
    const progressive = simulateDialerDay({ ...DAY, seed, mode: "progressive" });
    const predictive = simulateDialerDay({ ...DAY, seed, mode: "predictive" });
    const gain = predictive.talkSecondsPerAgentHour / progressive.talkSecondsPerAgentHour;
    assert.ok(gain >= 1.15, `seed ${seed}: predictive/progressive = ${gain.toFixed(2)}`);
    assert.ok(predictive.abandonRate <= 0.03, `seed ${seed}: ${predictive.abandonRate}`);
  }
});

Deno.test("the same seed gives the same day", () => {
  const a = simulateDialerDay({ ...DAY, mode: "predictive" });
  const b = simulateDialerDay({ ...DAY, mode: "predictive" });
  assert.deepEqual(a, b);
});
