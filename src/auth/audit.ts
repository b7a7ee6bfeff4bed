import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";

export interface AuditEntry {
  actorUserId: number | null;
  actor: string;
  action: string;
  entity: string;
  entityId?: string | number | null;
  details?: unknown;
  ip?: string | null;
}

export interface AuditRow {
  id: number;
  at: string;
  actor_user_id: number | null;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  details: unknown;
  ip: string | null;
}

/** Where entries go while the database takes no writes (a standby's read-only copy). */
export interface ReadOnlyAudit {
  /** True while the database takes no writes. */
  active: () => boolean;
  /** Keeps the entry elsewhere, in the application log. */
  record: (entry: AuditEntry & { at: string }) => void;
}

/**
 * Who did what, when and from where; the table refuses updates and deletes. On a standby
 * (an admin signing in to look) the table is the primary's copy and cannot be written, so
 * entries go to the application log instead.
 */
export class AuditLog {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly readOnly?: ReadOnlyAudit,
  ) {}

  append(entry: AuditEntry): void {
    if (this.readOnly?.active()) {
      this.readOnly.record({ ...entry, at: isoTime(this.clock.now()) });
      return;
    }
    this.db.run(
      `INSERT INTO audit_log (at, actor_user_id, actor, action, entity, entity_id, details, ip)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      isoTime(this.clock.now()),
      entry.actorUserId,
      entry.actor,
      entry.action,
      entry.entity,
      entry.entityId == null ? null : String(entry.entityId),
      entry.details === undefined ? null : JSON.stringify(entry.details),
      entry.ip ?? null,
    );
  }

  list(filter: { entity?: string; limit?: number; beforeId?: number } = {}): AuditRow[] {
    const rows = this.db.all<Omit<AuditRow, "details"> & { details: string | null }>(
      `SELECT * FROM audit_log WHERE (? IS NULL OR entity = ?) AND (? IS NULL OR id < ?)
       ORDER BY id DESC LIMIT ?`,
      filter.entity ?? null,
      filter.entity ?? null,
      filter.beforeId ?? null,
      filter.beforeId ?? null,
      Math.min(filter.limit ?? 100, 1000),
    );
    return rows.map((r) => ({ ...r, details: r.details ? JSON.parse(r.details) : null }));
  }
}
