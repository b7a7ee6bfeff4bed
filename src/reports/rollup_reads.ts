import type { Database } from "../db/mod.ts";
import { COUNTER_FIELDS, type Counters } from "./counters.ts";
import { type Scope, scopeCondition } from "./scope.ts";

const SUMS = COUNTER_FIELDS.map((f) =>
  f === "max_wait_ms" ? `max(${f}) AS ${f}` : `sum(${f}) AS ${f}`
)
  .join(", ");

/** Per 15-minute interval in `[fromMs, toMs)`, the scope's summed counters, in time order. */
export function intervalCounters(
  db: Database,
  scope: Scope,
  fromMs: number,
  toMs: number,
): (Counters & { start_ms: number })[] {
  const where = scopeCondition(scope);
  return db.all<Counters & { start_ms: number }>(
    `SELECT start_ms, ${SUMS} FROM report_intervals
     WHERE start_ms >= ? AND start_ms < ?${where.sql}
     GROUP BY start_ms ORDER BY start_ms`,
    fromMs,
    toMs,
    ...where.params,
  );
}

/** Per 15-minute interval, the scope's agents' time per state and reason. */
export function intervalStates(
  db: Database,
  scope: Scope,
  fromMs: number,
  toMs: number,
): { start_ms: number; state: string; reason: string; ms: number }[] {
  if (scope.kind === "queue") return [];
  const where = scopeCondition(scope);
  return db.all(
    `SELECT start_ms, state, reason, sum(ms) AS ms FROM report_agent_states
     WHERE start_ms >= ? AND start_ms < ?${where.sql}
     GROUP BY start_ms, state, reason ORDER BY start_ms`,
    fromMs,
    toMs,
    ...where.params,
  );
}
