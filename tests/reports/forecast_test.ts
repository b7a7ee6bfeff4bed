import assert from "node:assert/strict";
import { SeededRandom } from "../../src/acd/mod.ts";
import {
  backtest,
  mape,
  sameIntervalLastWeek,
  seasonalForecast,
} from "../../src/reports/forecast.ts";

const SLOTS = 48; // 30-minute intervals

/** Calls per half hour: busy mornings, quiet nights, fewer calls at weekends, plus noise. */
function generatedHistory(weeks: number, seed: number): number[] {
  const rng = new SeededRandom(seed);
  const weekday = [1.2, 1.1, 1, 1, 0.95, 0.5, 0.35];
  const out: number[] = [];
  for (let d = 0; d < weeks * 7; d++) {
    for (let s = 0; s < SLOTS; s++) {
      const hour = s / 2;
      const open = hour >= 8 && hour < 20;
      const shape = open ? 1 + 0.6 * Math.exp(-((hour - 10.5) ** 2) / 4) : 0.08;
      const mean = 40 * weekday[d % 7] * shape;
      // Normal noise of about 15 %, never below zero.
      const noise = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
      out.push(Math.max(0, Math.round(mean * (1 + 0.15 * noise))));
    }
  }
  return out;
}

Deno.test("the seasonal forecast beats 'same interval last week' on a noisy weekly history", () => {
  for (const seed of [1, 2, 3]) {
    const history = generatedHistory(10, seed);
    const result = backtest(history, { slotsPerDay: SLOTS, weeks: 4, testWeeks: 3 });
    assert.ok(result.mape !== null && result.baselineMape !== null);
    assert.ok(
      result.mape < result.baselineMape,
      `seed ${seed}: MAPE ${result.mape} vs baseline ${result.baselineMape}`,
    );
  }
});

Deno.test("a forecast keeps the weekly and daily shape of its history", () => {
  const week = Array.from(
    { length: 7 * SLOTS },
    (_, i) => (Math.floor(i / SLOTS) + 1) * (i % SLOTS),
  );
  const history = [...week, ...week];
  const next = seasonalForecast(history, 7 * SLOTS, { slotsPerDay: SLOTS });
  next.forEach((x, i) => assert.ok(Math.abs(x - week[i]) < 1e-9, `slot ${i}: ${x} vs ${week[i]}`));
  assert.deepEqual(sameIntervalLastWeek(history, 3, SLOTS), week.slice(0, 3));
});

Deno.test("special days are left out of the history they would distort", () => {
  const week = Array.from({ length: 7 * SLOTS }, () => 10);
  const history = [...week, ...week];
  history.fill(200, 7 * SLOTS, 8 * SLOTS); // day 7, a Monday, was a holiday rush
  const plain = seasonalForecast(history, SLOTS, { slotsPerDay: SLOTS, weeks: 2 });
  const marked = seasonalForecast(history, SLOTS, {
    slotsPerDay: SLOTS,
    weeks: 2,
    specialDays: new Set([7]),
  });
  assert.ok(plain[0] > 50);
  assert.ok(Math.abs(marked[0] - 10) < 1e-9);
});

Deno.test("MAPE skips intervals with no calls and is null without any", () => {
  assert.equal(mape([0, 10, 20], [5, 11, 18]), 10);
  assert.equal(mape([0, 0], [1, 2]), null);
  assert.throws(
    () => seasonalForecast([1, 2, 3], 1, { slotsPerDay: SLOTS }),
    /whole number of weeks/,
  );
});
