import assert from "node:assert/strict";
import { estimateAnswerRate, linesToDial, type PacingInput } from "../../src/campaigns/mod.ts";

const base: PacingInput = {
  mode: "predictive",
  freeAgents: 4,
  agentsFreeingSoon: 2,
  linesRinging: 0,
  answerRate: 0.25,
  abandonRate: 0,
  abandonCap: 0.03,
  trunkLinesFree: 100,
};

Deno.test("preview never dials by itself; progressive keeps one line per free agent", () => {
  assert.equal(linesToDial({ ...base, mode: "preview" }), 0);
  assert.equal(linesToDial({ ...base, mode: "progressive" }), 4);
  assert.equal(linesToDial({ ...base, mode: "progressive", linesRinging: 3 }), 1);
  assert.equal(linesToDial({ ...base, mode: "progressive", linesRinging: 6 }), 0);
});

Deno.test("predictive dials for free and soon-free agents divided by the answer rate", () => {
  // (4 + 2) / 0.25 = 24 lines, within 3 per agent (18): 18.
  assert.equal(linesToDial(base), 18);
  assert.equal(linesToDial({ ...base, maxLinesPerAgent: 10 }), 24);
  // Lines already ringing are expected to bring 0.25 each.
  assert.equal(linesToDial({ ...base, maxLinesPerAgent: 10, linesRinging: 8 }), 16);
});

Deno.test("predictive slows down as abandons near the cap, and turns progressive at 90 % of it", () => {
  const calm = linesToDial({ ...base, maxLinesPerAgent: 10 });
  const warm = linesToDial({ ...base, maxLinesPerAgent: 10, abandonRate: 0.02 });
  assert.ok(warm < calm, `${warm} < ${calm}`);
  assert.equal(linesToDial({ ...base, abandonRate: 0.027 }), 4, "one line per free agent");
});

Deno.test("a full trunk makes the dialler wait; a free agent always has a line", () => {
  assert.equal(linesToDial({ ...base, trunkLinesFree: 0 }), 0);
  assert.equal(linesToDial({ ...base, trunkLinesFree: 5 }), 5);
  assert.equal(linesToDial({ ...base, answerRate: 1, agentsFreeingSoon: 0, linesRinging: 2 }), 2);
});

Deno.test("the answer rate starts at the prior and follows what is observed", () => {
  assert.equal(estimateAnswerRate(0, 0), 0.3);
  assert.ok(Math.abs(estimateAnswerRate(500, 1000) - 0.4951) < 0.001);
});

Deno.test("with an abandon budget predictive risks no more abandons than the cap has room for", () => {
  // No room yet: one line per free agent, as progressive.
  assert.equal(linesToDial({ ...base, abandonBudget: 0 }), 4);
  assert.equal(linesToDial({ ...base, abandonBudget: -1 }), 4);
  // Room for three: free agents plus three lines out at most, counting those ringing.
  assert.equal(linesToDial({ ...base, abandonBudget: 3 }), 7);
  assert.equal(linesToDial({ ...base, abandonBudget: 3, linesRinging: 5 }), 2);
  // A budget larger than the estimate changes nothing.
  assert.equal(linesToDial({ ...base, abandonBudget: 100 }), linesToDial(base));
});
