import type { Clock } from "../clock/mod.ts";
import type { Database } from "../db/mod.ts";
import { backtest, seasonalForecast } from "./forecast.ts";
import { bucketStart, PeriodError } from "./intervals.ts";
import type { ReportRequest, ReportService } from "./report_service.ts";
import type { Scope } from "./scope.ts";
import { staffingByInterval, type StaffingInterval } from "./staffing.ts";

const DAY_MS = 86_400_000;
/** Forecasts work on half hours: 48 a day. */
const SLOTS_PER_DAY = 48;

export interface ForecastAnswer {
  /** Start of each forecast half hour (ms), the coming week. */
  starts: number[];
  calls: number[];
  ahtSeconds: (number | null)[];
  /** Error on the last weeks it could have predicted, beside "same interval last week". */
  mape: number | null;
  baselineMape: number | null;
  weeksOfHistory: number;
}

/** Staffing beside the figures: Erlang's agents needed, scheduled and logged in; forecasts. */
export class StaffingService {
  constructor(
    private readonly deps: { db: Database; reports: ReportService; clock: Clock },
  ) {}

  /** Per interval of the request: calls, AHT, agents needed, scheduled and logged in. */
  staffing(
    req: ReportRequest,
    target: { targetPercent: number; patienceSeconds?: number },
  ): StaffingInterval[] {
    const report = this.deps.reports.report(req);
    return staffingByInterval(report.rows, {
      thresholdSeconds: this.#threshold(req.scope),
      targetPercent: target.targetPercent,
      patienceSeconds: target.patienceSeconds,
    });
  }

  /**
   * Calls and AHT per half hour for the coming week, from the `weeks` whole weeks before
   * this one (two more are read to measure the error).
   */
  forecast(
    scope: Scope,
    timeZone: string,
    weeks: number,
    specialDays: readonly string[] = [],
  ): ForecastAnswer {
    const thisWeek = bucketStart(this.deps.clock.now(), "week", timeZone);
    const testWeeks = 2;
    const from = thisWeek - (weeks + testWeeks) * 7 * DAY_MS;
    const report = this.deps.reports.report({
      from,
      to: thisWeek,
      granularity: "30m",
      scope,
      timeZone,
    });
    if (report.rows.length !== (weeks + testWeeks) * 7 * SLOTS_PER_DAY) {
      // A daylight-saving change in the window makes a day 46 or 50 half hours long.
      throw new PeriodError(
        "The history spans a daylight-saving change; forecast from whole weeks after it",
      );
    }
    const special = new Set(
      specialDays.map((d) => Math.floor((Date.parse(`${d}T12:00:00Z`) - from) / DAY_MS)),
    );
    const calls = report.rows.map((r) => r.counts.offered);
    const handled = report.rows.map((r) => r.counts.handled);
    const handleMs = report.rows.map((r) => r.counts.talk_ms + r.counts.acw_ms);
    const options = { slotsPerDay: SLOTS_PER_DAY, weeks, specialDays: special };
    const horizon = 7 * SLOTS_PER_DAY;
    const error = backtest(calls, { ...options, testWeeks });
    const f = seasonalForecast(calls, horizon, options);
    const fHandled = seasonalForecast(handled, horizon, options);
    const fHandle = seasonalForecast(handleMs, horizon, options);
    return {
      starts: Array.from({ length: horizon }, (_, i) => thisWeek + i * 30 * 60_000),
      calls: f.map((x) => Math.round(x * 10) / 10),
      ahtSeconds: fHandle.map((ms, i) =>
        fHandled[i] > 0 ? Math.round(ms / fHandled[i] / 100) / 10 : null
      ),
      mape: error.mape,
      baselineMape: error.baselineMape,
      weeksOfHistory: weeks,
    };
  }

  #threshold(scope: Scope): number {
    if (scope.kind !== "queue") return 20;
    return this.deps.db.get<{ service_level_s: number }>(
      "SELECT service_level_s FROM queues WHERE id = ?",
      scope.id,
    )?.service_level_s ?? 20;
  }
}
