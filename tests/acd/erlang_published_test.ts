import assert from "node:assert/strict";
import { erlangServiceLevel, trafficErlangs } from "../../src/acd/mod.ts";

// A published worked example (al911.org, "Erlang C Call Calc" application note): two call
// takers, 30 calls an hour of 60 s: "fewer than 8 percent of callers will wait more than
// 10 seconds"; with 20 s of after-call work added (80 s per call) "the QOS falls to 14
// percent".
Deno.test("Erlang C gives the published call-taker example's waits over 10 seconds", () => {
  const waitOver = (aht: number) =>
    1 - erlangServiceLevel(2, trafficErlangs(30, 3600, aht), aht, 10);
  const short = waitOver(60);
  assert.ok(short < 0.08 && short > 0.07, `${short}`);
  const long = waitOver(80);
  assert.equal(Math.round(long * 100), 14);
});
