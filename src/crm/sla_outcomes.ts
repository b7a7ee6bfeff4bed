import { type Database, isoTime } from "../db/mod.ts";

/** A case resolved with a due time, as the reports count it against its SLA. */
export interface SlaOutcome {
  case_id: number;
  resolvedMs: number;
  /** The case's owner at the time of reading (after a send-back, the tier-1 agent). */
  agentId: number | null;
  /** Resolved by its due time (a due time moved by a pause counts as moved). */
  withinSla: boolean;
}

/**
 * Cases resolved in `[fromMs, toMs)` that had a due time, whether or not they were
 * closed since. A reopened case counts again when it is resolved again, and not before.
 */
export function slaOutcomes(db: Database, fromMs: number, toMs: number): SlaOutcome[] {
  const from = isoTime(fromMs);
  // A case's updated_at is never earlier than its resolved_at, so the status and
  // updated-time index narrows the read to cases touched since the period began.
  return db.all<{ id: number; resolved_at: string; due_at: string; assignee_id: number | null }>(
    `SELECT id, resolved_at, due_at, assignee_id FROM cases INDEXED BY cases_status_updated
     WHERE status IN ('resolved', 'closed') AND updated_at >= ?
       AND resolved_at >= ? AND resolved_at < ? AND due_at IS NOT NULL`,
    from,
    from,
    isoTime(toMs),
  ).map((r) => ({
    case_id: r.id,
    resolvedMs: Date.parse(r.resolved_at),
    agentId: r.assignee_id,
    withinSla: Date.parse(r.resolved_at) <= Date.parse(r.due_at),
  }));
}
