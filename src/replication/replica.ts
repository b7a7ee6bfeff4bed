import { backup, constants, DatabaseSync } from "node:sqlite";
import type { Change } from "./change_feed.ts";

/** Where the standby's database stands: the feed it follows and the last change applied. */
export interface ReplicaPosition {
  feedId: string;
  seq: number;
}

/** Raised when a change does not apply cleanly: replication stops rather than diverge. */
export class ReplicationError extends Error {
  override name = "ReplicationError";
}

/** The standby's own bookkeeping table, never sent by a primary's feed. */
const POSITION_TABLE = "replication_position";

/**
 * The standby's side of replication: its own read-write connection to the database file
 * the appliance's domains read through a read-only one. The changes of one feed read are
 * applied in one transaction together with the new position, so a change is applied exactly
 * once, even across a crash; a change whose rows do not match (a conflict) stops
 * replication, and the read's other changes are not applied either.
 */
export class Replica {
  readonly path: string;
  #raw: DatabaseSync;
  /** Names of virtual tables, each followed by "_", read once per connection. */
  #virtualTables: string[] | undefined;

  constructor(path: string) {
    this.path = path;
    this.#raw = open(path);
    this.#ensurePositionTable();
  }

  /** The last change applied, or undefined for a database that never followed a feed. */
  position(): ReplicaPosition | undefined {
    const row = this.#raw.prepare(
      `SELECT feed_id, seq FROM ${POSITION_TABLE} WHERE id = 1`,
    ).get() as { feed_id: string; seq: number } | undefined;
    return row ? { feedId: row.feed_id, seq: row.seq } : undefined;
  }

  /**
   * Applies `changes` (in order, each the next after the position) and returns how many
   * were new; changes already applied are skipped, a gap throws. The new ones are applied
   * in one transaction with the position that follows them: one commit per feed read
   * rather than per change, and all of them or none.
   */
  apply(feedId: string, changes: readonly Change[]): number {
    const at = this.position();
    if (!at || at.feedId !== feedId) {
      throw new ReplicationError("The standby follows another feed; it needs a snapshot");
    }
    const fresh = changes.filter((change) => change.seq > at.seq);
    fresh.forEach((change, i) => {
      const expected = at.seq + 1 + i;
      if (change.seq !== expected) {
        throw new ReplicationError(
          `Change ${change.seq} arrived after ${expected - 1}; changes in between are missing`,
        );
      }
    });
    if (fresh.length === 0) return 0;
    this.#raw.exec("BEGIN IMMEDIATE");
    try {
      for (const change of fresh) this.#applyOne(change);
      this.#setPosition(feedId, fresh[fresh.length - 1].seq);
      this.#raw.exec("COMMIT");
    } catch (error) {
      if (this.#raw.isTransaction) this.#raw.exec("ROLLBACK");
      throw error;
    }
    return fresh.length;
  }

  /**
   * Replaces the whole database with a snapshot file (SQLite's online backup into the
   * live file, so readers on other connections see the new content) at `position`.
   */
  async restore(snapshotFile: string, position: ReplicaPosition): Promise<void> {
    const source = new DatabaseSync(snapshotFile, { readOnly: true });
    try {
      await backup(source, this.path);
    } finally {
      source.close();
    }
    this.#raw.close();
    this.#raw = open(this.path);
    this.#virtualTables = undefined;
    this.#ensurePositionTable();
    this.#setPosition(position.feedId, position.seq);
  }

  close(): void {
    if (this.#raw.isOpen) this.#raw.close();
  }

  /** Applies one change inside the caller's transaction; a conflict throws. */
  #applyOne(change: Change): void {
    let conflict: number | undefined;
    const ok = this.#raw.applyChangeset(change.changeset, {
      filter: (table) => table !== POSITION_TABLE && !this.#isShadowTable(table),
      onConflict: (kind) => {
        conflict ??= kind;
        return constants.SQLITE_CHANGESET_ABORT;
      },
    });
    if (!ok || conflict !== undefined) {
      throw new ReplicationError(
        `Change ${change.seq} does not apply (${conflictName(conflict)}); ` +
          "replication stopped so the standby does not diverge",
      );
    }
  }

  /**
   * A full-text index's own tables: the primary's session records them, but the standby's
   * triggers rebuild the index from the replicated rows, so they are skipped.
   */
  #isShadowTable(table: string): boolean {
    this.#virtualTables ??= (this.#raw.prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'",
    ).all() as { name: string }[]).map((row) => `${row.name}_`);
    return this.#virtualTables.some((prefix) => table.startsWith(prefix));
  }

  #setPosition(feedId: string, seq: number): void {
    this.#raw.prepare(
      `INSERT INTO ${POSITION_TABLE} (id, feed_id, seq) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET feed_id = excluded.feed_id, seq = excluded.seq`,
    ).run(feedId, seq);
  }

  #ensurePositionTable(): void {
    this.#raw.exec(
      `CREATE TABLE IF NOT EXISTS ${POSITION_TABLE} (
         id INTEGER PRIMARY KEY CHECK (id = 1),
         feed_id TEXT NOT NULL,
         seq INTEGER NOT NULL
       )`,
    );
  }
}

function open(path: string): DatabaseSync {
  const raw = new DatabaseSync(path);
  raw.exec("PRAGMA busy_timeout = 5000");
  raw.exec("PRAGMA journal_mode = WAL");
  raw.exec("PRAGMA synchronous = NORMAL");
  // The primary checked its foreign keys; a changeset may carry a child before its parent.
  raw.exec("PRAGMA foreign_keys = OFF");
  return raw;
}

/** SQLite's conflict kinds (SQLITE_CHANGESET_DATA … _FOREIGN_KEY), in words. */
const CONFLICTS: Record<number, string> = {
  1: "a row differs from the primary's",
  2: "a row is missing",
  3: "a row exists already",
  4: "a constraint failed",
  5: "a foreign key failed",
};

function conflictName(kind: number | undefined): string {
  return (kind === undefined ? undefined : CONFLICTS[kind]) ?? "unknown conflict";
}
