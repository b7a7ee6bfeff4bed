import type { CancelTimer, Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import { OPEN_STATUSES } from "./case_workflow.ts";

/** A case that just came near its due time or passed it, and who is told. */
export interface SlaChange {
  case_id: number;
  customer_id: number;
  subject: string;
  state: "warning" | "breached";
  due_at: string;
  owner_id: number | null;
  /** The owner's team lead(s), or the tier-2 team's when the case has no owner. */
  lead_ids: number[];
}

/** An open case past its due time, as the wallboard lists it. */
export interface BreachedCase {
  case_id: number;
  subject: string;
  owner_id: number | null;
  owner: string | null;
  overdue_s: number;
}

export interface SlaWatchOptions {
  db: Database;
  clock: Clock;
  /** Called once per change, when a case first warns and when it first breaches. */
  onChange: (change: SlaChange) => void;
  intervalMs?: number;
  /**
   * Whether the rule for a category and priority stops the clock while the case waits
   * on the customer; such a case is neither warned nor breached while it waits, since
   * its due time moves on when work resumes. Without it no rule pauses.
   */
  pausesWhileWaiting?: (category: string, priority: string) => boolean;
}

// Written exactly as the partial indexes of migration 016 are, so SQLite can use them; the
// scans name their index, since a status index looks cheaper to a planner without statistics
// and would read every open case.
const OPEN_SQL = `(${OPEN_STATUSES.map((s) => `'${s}'`).join(",")})`;
/** At most this many cases change per scan, so a backlog is announced over a few scans. */
const MAX_CHANGES_PER_SCAN = 200;

/**
 * Notices cases nearing and passing their SLA due time on the injected clock. Each
 * case's `sla_state` records what was announced, so a warning and a breach are each
 * announced once however often the scan runs; the scan walks the due-time index.
 */
export class SlaWatch {
  #timer: CancelTimer | undefined;
  #running = false;

  constructor(private readonly options: SlaWatchOptions) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule();
  }

  close(): void {
    this.#running = false;
    this.#timer?.();
    this.#timer = undefined;
  }

  /** Scans once now and returns what changed; the timer calls this, and tests may too. */
  check(): SlaChange[] {
    const { db, clock } = this.options;
    const now = clock.now();
    const rows = db.all<{
      id: number;
      customer_id: number;
      subject: string;
      due_at: string;
      sla_state: string;
      assignee_id: number | null;
      team_id: number | null;
      status: string;
      category: string;
      priority: string;
      warn_min: number | null;
    }>(
      `SELECT c.id, c.customer_id, c.subject, c.due_at, c.sla_state, c.assignee_id, c.team_id,
         c.status, c.category, c.priority,
         (SELECT r.warn_before_min FROM sla_rules r WHERE r.priority = c.priority
            AND r.category IN (c.category, '*') ORDER BY r.category = '*' LIMIT 1) AS warn_min
       FROM cases c INDEXED BY cases_sla_pending
       WHERE c.due_at <= ? AND sla_state != 'breached' AND status IN ${OPEN_SQL}
       ORDER BY c.due_at LIMIT ?`,
      isoTime(now + this.#longestWarning()),
      MAX_CHANGES_PER_SCAN,
    );
    const changes: SlaChange[] = [];
    for (const row of rows) {
      if (this.#paused(row)) continue;
      const due = Date.parse(row.due_at);
      const warnMs = (row.warn_min ?? 0) * 60_000;
      const state = due <= now
        ? "breached"
        : warnMs > 0 && due - warnMs <= now && row.sla_state === "ok"
        ? "warning"
        : undefined;
      if (!state) continue;
      db.run("UPDATE cases SET sla_state = ? WHERE id = ?", state, row.id);
      changes.push({
        case_id: row.id,
        customer_id: row.customer_id,
        subject: row.subject,
        state,
        due_at: row.due_at,
        owner_id: row.assignee_id,
        lead_ids: this.#leads(row.assignee_id, row.team_id),
      });
    }
    for (const change of changes) this.options.onChange(change);
    return changes;
  }

  /** Open cases past their due time, most overdue first. */
  breached(limit = 50): BreachedCase[] {
    const { db, clock } = this.options;
    const now = clock.now();
    return db.all<{
      id: number;
      subject: string;
      assignee_id: number | null;
      owner: string | null;
      due_at: string;
      status: string;
      category: string;
      priority: string;
    }>(
      `SELECT c.id, c.subject, c.assignee_id, u.display_name AS owner, c.due_at, c.status,
         c.category, c.priority
       FROM cases c INDEXED BY cases_open_due LEFT JOIN users u ON u.id = c.assignee_id
       WHERE c.due_at <= ? AND status IN ${OPEN_SQL}
       ORDER BY c.due_at LIMIT ?`,
      isoTime(now),
      limit,
    ).filter((r) => !this.#paused(r)).map((r) => ({
      case_id: r.id,
      subject: r.subject,
      owner_id: r.assignee_id,
      owner: r.owner,
      overdue_s: Math.floor((now - Date.parse(r.due_at)) / 1000),
    }));
  }

  #paused(row: { status: string; category: string; priority: string }): boolean {
    return row.status === "pending_customer" &&
      (this.options.pausesWhileWaiting?.(row.category, row.priority) ?? false);
  }

  /** The longest warning any rule sets, so the scan reads only cases due that soon. */
  #longestWarning(): number {
    const row = this.options.db.get<{ m: number | null }>(
      "SELECT max(warn_before_min) AS m FROM sla_rules",
    );
    return (row?.m ?? 0) * 60_000;
  }

  #leads(ownerId: number | null, caseTeamId: number | null): number[] {
    const team = ownerId === null ? caseTeamId : this.options.db.get<{ team_id: number | null }>(
      "SELECT team_id FROM users WHERE id = ?",
      ownerId,
    )?.team_id ?? caseTeamId;
    if (team === null) return [];
    return this.options.db.all<{ id: number }>(
      "SELECT id FROM users WHERE team_id = ? AND role = 'team_lead' AND active = 1 ORDER BY id",
      team,
    ).map((r) => r.id).filter((id) => id !== ownerId);
  }

  #schedule(): void {
    if (!this.#running) return;
    this.#timer = this.options.clock.setTimer(this.options.intervalMs ?? 5_000, () => {
      try {
        this.check();
      } finally {
        this.#schedule();
      }
    });
  }
}
