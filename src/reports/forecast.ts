/**
 * Forecasts of calls (or AHT) per interval from history, with weekly and daily patterns:
 * each interval's figure is the center's recent level × the weekday's share × the time of
 * day's share on that weekday, all taken from the last `weeks` weeks. Averaging several
 * weeks is what lets it beat "the same interval last week", whose every figure carries
 * that one week's noise. Days the manager marks as special are left out of the history.
 *
 * Series are arrays of equal-length intervals starting at the beginning of a week;
 * `slotsPerDay` says how many intervals a day has (96 for 15 minutes).
 */

export interface ForecastOptions {
  slotsPerDay: number;
  /** Weeks of history each forecast uses (default 4). */
  weeks?: number;
  /** Day indexes (from the series start) to leave out of the history. */
  specialDays?: ReadonlySet<number>;
}

const DAYS = 7;

/**
 * Forecasts the `horizon` intervals that follow `history` (whose length is a whole
 * number of weeks, at least one).
 */
export function seasonalForecast(
  history: readonly number[],
  horizon: number,
  options: ForecastOptions,
): number[] {
  const { slotsPerDay } = options;
  const week = slotsPerDay * DAYS;
  if (!Number.isInteger(slotsPerDay) || slotsPerDay < 1) {
    throw new RangeError("Slots per day must be a whole number of at least 1");
  }
  if (history.length < week || history.length % week !== 0) {
    throw new RangeError("History must be a whole number of weeks, at least one");
  }
  const weeks = Math.min(options.weeks ?? 4, history.length / week);
  const first = history.length - weeks * week;
  const special = options.specialDays ?? new Set<number>();

  // Sums per weekday and per (weekday, slot) over the usable days of the window.
  const daySum = new Array<number>(DAYS).fill(0);
  const dayCount = new Array<number>(DAYS).fill(0);
  const slotSum = Array.from({ length: DAYS }, () => new Array<number>(slotsPerDay).fill(0));
  for (let i = first; i < history.length; i += slotsPerDay) {
    const dayIndex = i / slotsPerDay;
    if (special.has(dayIndex)) continue;
    const weekday = dayIndex % DAYS;
    let total = 0;
    for (let s = 0; s < slotsPerDay; s++) {
      total += history[i + s];
      slotSum[weekday][s] += history[i + s];
    }
    daySum[weekday] += total;
    dayCount[weekday]++;
  }
  const usedDays = dayCount.reduce((a, b) => a + b, 0);
  const level = usedDays > 0 ? daySum.reduce((a, b) => a + b, 0) / usedDays : 0;
  const dayMean = daySum.map((s, d) => dayCount[d] > 0 ? s / dayCount[d] : level);
  const weekdayFactor = dayMean.map((m) => level > 0 ? m / level : 0);
  const intraday = slotSum.map((slots) => {
    const total = slots.reduce((a, b) => a + b, 0);
    return slots.map((x) => total > 0 ? x / total : 1 / slotsPerDay);
  });

  const out: number[] = [];
  for (let h = 0; h < horizon; h++) {
    const index = history.length + h;
    const weekday = Math.floor(index / slotsPerDay) % DAYS;
    const slot = index % slotsPerDay;
    out.push(level * weekdayFactor[weekday] * intraday[weekday][slot]);
  }
  return out;
}

/** The baseline it must beat: each interval as it was the same time last week. */
export function sameIntervalLastWeek(
  history: readonly number[],
  horizon: number,
  slotsPerDay: number,
): number[] {
  const week = slotsPerDay * DAYS;
  return Array.from({ length: horizon }, (_, h) => history[history.length - week + (h % week)]);
}

/**
 * Mean absolute percentage error (0–100) over the intervals whose actual figure is not
 * zero; null when there are none.
 */
export function mape(actual: readonly number[], forecast: readonly number[]): number | null {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] === 0) continue;
    sum += Math.abs(actual[i] - forecast[i]) / Math.abs(actual[i]);
    n++;
  }
  return n === 0 ? null : Math.round(sum / n * 1000) / 10;
}

/**
 * The forecast's error on the last `testWeeks` weeks it could have predicted: each of
 * them forecast from the weeks before it. Gives the method's and the baseline's MAPE.
 */
export function backtest(
  history: readonly number[],
  options: ForecastOptions & { testWeeks?: number },
): { mape: number | null; baselineMape: number | null } {
  const week = options.slotsPerDay * DAYS;
  const testWeeks = Math.min(options.testWeeks ?? 2, history.length / week - 1);
  const actual: number[] = [];
  const predicted: number[] = [];
  const baseline: number[] = [];
  for (let t = testWeeks; t >= 1; t--) {
    const cut = history.length - t * week;
    const past = history.slice(0, cut);
    actual.push(...history.slice(cut, cut + week));
    predicted.push(...seasonalForecast(past, week, options));
    baseline.push(...sameIntervalLastWeek(past, week, options.slotsPerDay));
  }
  return { mape: mape(actual, predicted), baselineMape: mape(actual, baseline) };
}
