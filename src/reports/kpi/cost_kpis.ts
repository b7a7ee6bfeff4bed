import { percent, ratio } from "./ratio.ts";
import type { Span } from "./schedule_kpis.ts";

/** Cost and workforce figures (KPI.md): cost per call and agent turnover. */

/**
 * The part of entered costs that falls in the period: each entry is spread evenly over
 * its own span, so a month's cost entered once gives each day its share.
 */
export function periodCost(
  costs: readonly (Span & { amount: number })[],
  period: Span,
): number {
  let total = 0;
  for (const c of costs) {
    const overlap = Math.min(c.endMs, period.endMs) - Math.max(c.startMs, period.startMs);
    if (overlap > 0) total += c.amount * overlap / (c.endMs - c.startMs);
  }
  return total;
}

/** Cost per call = period cost ÷ all incoming calls (two decimals). */
export function costPerCall(cost: number, incoming: number): number | null {
  return ratio(cost, incoming, 2);
}

/** An agent's time with the center; `leftMs` undefined while still there. */
export interface Tenure {
  startedMs: number;
  leftMs?: number;
}

function headcountAt(tenures: readonly Tenure[], atMs: number): number {
  return tenures.filter((t) => t.startedMs <= atMs && (t.leftMs === undefined || t.leftMs > atMs))
    .length;
}

/**
 * Agent turnover = agents leaving in the period ÷ average headcount × 100, where the
 * average headcount is that of the period's first and last moment.
 */
export function turnover(tenures: readonly Tenure[], period: Span): number | null {
  const leaving =
    tenures.filter((t) =>
      t.leftMs !== undefined && t.leftMs >= period.startMs && t.leftMs < period.endMs
    ).length;
  const average = (headcountAt(tenures, period.startMs) + headcountAt(tenures, period.endMs - 1)) /
    2;
  return percent(leaving, average);
}
