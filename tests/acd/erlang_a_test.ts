import assert from "node:assert/strict";
import {
  agentsNeededErlangA,
  erlangA,
  erlangAsa,
  erlangC,
  erlangServiceLevel,
  simulate,
} from "../../src/acd/mod.ts";

function near(actual: number, expected: number, tolerance: number, what: string) {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);
}

const AHT = 180;
const PER_SECOND = 10 / AHT; // 10 Erlangs

Deno.test("with callers who never give up, Erlang A is Erlang C at five loads", () => {
  for (const agents of [11, 12, 13, 14, 15]) {
    const a = erlangA(agents, PER_SECOND, AHT, 1e12, 20);
    near(a.waitProbability, erlangC(agents, 10), 1e-9, `P(wait) ${agents}`);
    near(a.serviceLevel, erlangServiceLevel(agents, 10, AHT, 20), 1e-9, `SL ${agents}`);
    near(a.asaSeconds, erlangAsa(agents, 10, AHT), 1e-6, `ASA ${agents}`);
    near(a.abandonment, 0, 1e-9, `abandonment ${agents}`);
  }
});

Deno.test("Erlang A's agents carry exactly the traffic of the callers who are answered", () => {
  for (const [agents, patience] of [[8, 120], [10, 60], [12, 300], [20, 30], [9, 600]]) {
    const a = erlangA(agents, PER_SECOND, AHT, patience, 20);
    near(a.occupancy * agents, 10 * (1 - a.abandonment), 1e-9, `${agents} agents, ${patience} s`);
    assert.ok(a.serviceLevel > 0 && a.serviceLevel < 1);
  }
});

Deno.test("impatient callers lower the wait and the agents needed below Erlang C's", () => {
  const c = erlangServiceLevel(10, 10, AHT, 20);
  const a = erlangA(10, PER_SECOND, AHT, 120, 20);
  assert.equal(c, 0); // Erlang C: ten agents never keep up with 10 Erlangs
  assert.ok(a.serviceLevel > 0.5, `${a.serviceLevel}`);
  const needed = agentsNeededErlangA({
    callsPerSecond: PER_SECOND,
    ahtSeconds: AHT,
    patienceSeconds: 120,
    thresholdSeconds: 20,
    targetServiceLevel: 0.8,
  });
  assert.equal(needed.agents, 12); // Erlang C needs 14 for 80/20 here
  assert.ok(erlangA(11, PER_SECOND, AHT, 120, 20).serviceLevel < 0.8);
});

Deno.test("the ACD simulator with impatient callers lands within 2 points of Erlang A", () => {
  for (const [agents, patience] of [[10, 120], [12, 120]]) {
    const callsPerHour = PER_SECOND * 3600;
    const calls = 60_000;
    const result = simulate({
      seed: 7,
      warmupSeconds: 3600,
      durationSeconds: 3600 + calls / callsPerHour * 3600,
      config: {
        queues: [{
          id: "q",
          strategy: "longest_idle",
          serviceLevelSeconds: 20,
          shortAbandonSeconds: 0,
        }],
        agents: Array.from(
          { length: agents },
          (_, i) => ({ id: `a${i}`, queues: [{ queueId: "q" }] }),
        ),
      },
      streams: [{
        queueId: "q",
        callsPerHour,
        handle: { kind: "exponential", meanSeconds: AHT },
        patienceSeconds: patience,
      }],
    });
    const a = erlangA(agents, PER_SECOND, AHT, patience, 20);
    const what = `${agents} agents: SL ${result.serviceLevel} vs ${a.serviceLevel * 100}, ` +
      `abandoned ${result.abandonRate} vs ${a.abandonment * 100}`;
    near(result.serviceLevel, a.serviceLevel * 100, 2, what);
    near(result.abandoned / result.offered * 100, a.abandonment * 100, 2, what);
  }
});
