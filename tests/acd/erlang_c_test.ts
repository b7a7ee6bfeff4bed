import assert from "node:assert/strict";
import {
  agentsNeeded,
  erlangAsa,
  erlangB,
  erlangC,
  erlangOccupancy,
  erlangServiceLevel,
  trafficErlangs,
} from "../../src/acd/mod.ts";

function near(actual: number, expected: number, tolerance: number, what: string) {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);
}

// Reference values were computed independently with exact rational arithmetic and the
// textbook closed form  C = (Aᴺ/N! · N/(N−A)) / (Σ_{k<N} Aᵏ/k! + Aᴺ/N! · N/(N−A)),
// not with the B recursion the module uses. For A = 10 E, AHT = 180 s, T = 20 s:
//   N   C(N, A)              SL = 1 − C·e^(−(N−A)·20/180)   ASA = C·180/(N−A)
//   11  0.682118204689332    0.389613811729153              122.781276844079 s
//   12  0.449388224298271    0.640158040374007               40.444940186844 s
//   13  0.285270453036493    0.795594788417783               17.116227182190 s
//   14  0.174131933595050    0.888350019179467                7.835937011777 s
//   15  0.102042367007988    0.941452842869022                3.673525212288 s
const TABLE = [
  [11, 0.682118204689332, 0.389613811729153, 122.781276844079],
  [12, 0.449388224298271, 0.640158040374007, 40.444940186844],
  [13, 0.285270453036493, 0.795594788417783, 17.11622718219],
  [14, 0.17413193359505, 0.888350019179467, 7.835937011777],
  [15, 0.102042367007988, 0.941452842869022, 3.673525212288],
] as const;

Deno.test("100 calls per 30 minutes with a 180 s AHT is 10 Erlangs", () => {
  assert.equal(trafficErlangs(100, 1800, 180), 10);
});

Deno.test("erlangC() matches the closed form for 10 Erlangs and 11–15 agents", () => {
  for (const [n, c, sl, asa] of TABLE) {
    near(erlangC(n, 10), c, 1e-12, `C(${n})`);
    near(erlangServiceLevel(n, 10, 180, 20), sl, 1e-12, `SL(${n})`);
    near(erlangAsa(n, 10, 180), asa, 1e-9, `ASA(${n})`);
  }
});

Deno.test("erlangB() matches the closed form: B(10, 10 E) = 0.214582343107347", () => {
  near(erlangB(10, 10), 0.214582343107347, 1e-14, "B(10,10)");
  near(erlangB(11, 10), 0.163232333244434, 1e-14, "B(11,10)");
});

Deno.test("erlangC() is stable for 1,000 agents (exact value 0.0682534153771414)", () => {
  // 950 E on 1,000 agents: Aᴺ and N! overflow doubles, the recursion does not.
  near(erlangC(1000, 950), 0.0682534153771414, 1e-12, "C(1000, 950)");
  near(erlangServiceLevel(1000, 950, 180, 20), 0.999736137746906, 1e-12, "SL");
  near(erlangC(100, 90), 0.216940480906366, 1e-12, "C(100, 90)");
});

Deno.test("with no more agents than Erlangs every caller waits and the queue grows", () => {
  assert.equal(erlangC(10, 10), 1);
  assert.equal(erlangServiceLevel(9, 10, 180, 20), 0);
  assert.equal(erlangAsa(10, 12, 180), Infinity);
  assert.equal(erlangOccupancy(10, 12), 1);
  assert.equal(erlangOccupancy(12, 10), 10 / 12);
});

Deno.test("agentsNeeded() finds 14 agents for 80/20 at 10 Erlangs (13 give only 79.6 %)", () => {
  const s = agentsNeeded({
    erlangs: 10,
    ahtSeconds: 180,
    thresholdSeconds: 20,
    targetServiceLevel: 0.8,
  });
  assert.equal(s.agents, 14);
  assert.equal(s.scheduled, 14);
  near(s.serviceLevel, 0.888350019179467, 1e-12, "SL");
  near(s.asaSeconds, 7.835937011777, 1e-9, "ASA");
  near(s.occupancy, 10 / 14, 1e-15, "occupancy");
});

Deno.test("agentsNeeded() adds shrinkage on top: 14 on the phones at 30 % shrinkage is 20 scheduled", () => {
  const s = agentsNeeded({
    erlangs: 10,
    ahtSeconds: 180,
    thresholdSeconds: 20,
    targetServiceLevel: 0.8,
    shrinkage: 0.3,
  });
  assert.deepEqual([s.agents, s.scheduled], [14, 20]); // 14 ÷ 0.7 = 20 exactly
});

Deno.test("agentsNeeded() scales to large centers and agrees with erlangServiceLevel()", () => {
  const s = agentsNeeded({
    erlangs: 950,
    ahtSeconds: 180,
    thresholdSeconds: 20,
    targetServiceLevel: 0.9,
  });
  assert.ok(erlangServiceLevel(s.agents, 950, 180, 20) >= 0.9);
  assert.ok(erlangServiceLevel(s.agents - 1, 950, 180, 20) < 0.9);
});

Deno.test("Erlang functions refuse impossible inputs", () => {
  assert.throws(() => erlangC(0, 1), RangeError);
  assert.throws(() => erlangC(2.5, 1), RangeError);
  assert.throws(() => erlangC(5, -1), RangeError);
  assert.throws(() => erlangB(5, NaN), RangeError);
  const base = { erlangs: 10, ahtSeconds: 180, thresholdSeconds: 20 };
  assert.throws(() => agentsNeeded({ ...base, targetServiceLevel: 1 }), RangeError);
  assert.throws(() => agentsNeeded({ ...base, targetServiceLevel: 0.8, shrinkage: 1 }), RangeError);
});
