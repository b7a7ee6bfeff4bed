import assert from "node:assert/strict";
import { simulate } from "../../src/acd/mod.ts";
import { compareWithErlangC, describe, type LoadPoint } from "./simulation_support.ts";

// Run lengths. Across 10 seeds of 200,000 calls each, the relative standard deviation of
// the simulated ASA was about 3.5 % (10 agents at 70 %), 3.3 % (80 %), 4.8 % (90 %),
// 5.3 % (25 agents at 90 %) and 8.2 % (50 agents at 90 %); SL deviated by at most 1.2
// points, and the mean errors were indistinguishable from zero. Scaling the number of
// calls brings every ASA standard error to about 3–4 %, so the 10 % tolerance sits
// 2.5–3 standard errors away, and SL's 2 points about 3 or more. Bigger centers need more
// calls: at equal occupancy, N agents pass N times as many calls through one relaxation
// time of the queue. The seeds are fixed, so the figures are the same on every run.
// Points with 25 and 50 agents live in simulation_large_test.ts so `--parallel` can
// spread the work over two processes.
export const SMALL_POINTS: LoadPoint[] = [
  { agents: 10, occupancy: 0.7, calls: 250_000 },
  { agents: 10, occupancy: 0.8, calls: 250_000 },
  { agents: 10, occupancy: 0.9, calls: 400_000 },
];

for (const point of SMALL_POINTS) {
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

Deno.test("a simulation replays exactly from its seed", () => {
  const run = (seed: number) =>
    simulate({
      seed,
      durationSeconds: 4 * 3600,
      config: {
        queues: [{ id: "q", strategy: "round_robin", wrapUpSeconds: 15 }],
        agents: Array.from({ length: 5 }, (_, i) => ({ id: `a${i}`, queues: [{ queueId: "q" }] })),
      },
      streams: [{
        queueId: "q",
        callsPerHour: 80,
        handle: { kind: "log_normal", meanSeconds: 150, sdSeconds: 90 },
      }],
    });
  assert.deepEqual(run(42), run(42));
  assert.notDeepEqual(run(42), run(43));
});

Deno.test("impatient callers abandon and the abandon rate rises with the load", () => {
  const run = (callsPerHour: number) =>
    simulate({
      seed: 5,
      warmupSeconds: 3600,
      durationSeconds: 40 * 3600,
      answerDelaySeconds: 3,
      config: {
        queues: [{ id: "q", strategy: "longest_idle", shortAbandonSeconds: 5 }],
        agents: Array.from({ length: 8 }, (_, i) => ({ id: `a${i}`, queues: [{ queueId: "q" }] })),
      },
      streams: [{
        queueId: "q",
        callsPerHour,
        handle: { kind: "exponential", meanSeconds: 180 },
        patienceSeconds: 90,
      }],
    });
  const light = run(120); // 6 E on 8 agents
  const heavy = run(200); // 10 E on 8 agents: only abandonment keeps the queue finite
  assert.ok(light.abandonRate < heavy.abandonRate);
  assert.ok(heavy.abandonRate > 10, `heavy abandon rate ${heavy.abandonRate}`);
  // Ringing (3 s per offer) counts as available time, not handling.
  assert.ok(heavy.occupancy > 85 && heavy.occupancy < 100, `heavy occupancy ${heavy.occupancy}`);
  assert.equal(heavy.offered, heavy.answered + heavy.abandoned);
});

Deno.test("skilled streams are served only by agents with the skill", () => {
  const result = simulate({
    seed: 9,
    warmupSeconds: 600,
    durationSeconds: 10 * 3600,
    config: {
      queues: [
        { id: "general", strategy: "longest_idle" },
        { id: "french", strategy: "skills_weighted", skills: [{ skill: "fr", minLevel: 2 }] },
      ],
      agents: [
        ...Array.from({ length: 4 }, (_, i) => ({ id: `g${i}`, queues: [{ queueId: "general" }] })),
        {
          id: "f1",
          skills: { fr: 4 },
          queues: [{ queueId: "french" }, { queueId: "general", penalty: 5 }],
        },
        { id: "f2", skills: { fr: 2 }, queues: [{ queueId: "french" }] },
      ],
    },
    streams: [
      { queueId: "general", callsPerHour: 60, handle: { kind: "exponential", meanSeconds: 180 } },
      { queueId: "french", callsPerHour: 20, handle: { kind: "exponential", meanSeconds: 240 } },
    ],
  });
  assert.ok(result.byQueue.general.answered > 400);
  assert.ok(result.byQueue.french.answered > 150);
  assert.equal(result.offered, result.answered);
});
