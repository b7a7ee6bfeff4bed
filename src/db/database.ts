import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import { createLogger, type Logger } from "../log/mod.ts";
import { MIGRATIONS } from "./migrations.ts";

/** `PRAGMA application_id` of our databases ("CCAP"), so restore can tell ours from others. */
export const APPLICATION_ID = 0x43434150;

export type Row = Record<string, SQLInputValue>;
export type Params = SQLInputValue[];

/**
 * How long a group of {@link Database.runGrouped} writes stays open before its one
 * commit: long enough to gather a few calls' history at full load, short enough that a
 * crash of the process loses at most that much of it
 * (docs/decisions/012-call-history-group-commit.md).
 */
export const GROUP_COMMIT_MS = 20;

/** Raised for a database that this program must not open or restore. */
export class DatabaseFileError extends Error {
  override name = "DatabaseFileError";
}

export interface DatabaseOptions {
  readOnly?: boolean;
  /** Where a failed group commit is reported (default: a `db` logger on stderr). */
  log?: Logger;
}

/**
 * The appliance's SQLite database: WAL, foreign keys and a busy timeout; {@link migrate}
 * brings its schema up to date. Read-only for a standby, which must not change the file
 * it will take over with. Statements are cached because the same few run on every request.
 */
export class Database {
  #raw: DatabaseSync;
  #readOnly: boolean;
  #statements = new Map<string, ReturnType<DatabaseSync["prepare"]>>();
  #depth = 0;
  /** The commit timer of the open write group, if one is open. */
  #group: ReturnType<typeof setTimeout> | undefined;
  readonly #log: Logger;

  constructor(readonly path: string, options: DatabaseOptions = {}) {
    this.#log = options.log ?? createLogger("db");
    this.#readOnly = options.readOnly ?? false;
    this.#raw = this.#open();
  }

  get raw(): DatabaseSync {
    return this.#raw;
  }

  get readOnly(): boolean {
    return this.#readOnly;
  }

  /**
   * Reopens a read-only database for reading and writing: a standby being promoted
   * keeps its one Database, which every domain already holds.
   */
  openForWriting(): void {
    if (!this.#readOnly) return;
    this.#statements.clear();
    this.#raw.close();
    this.#readOnly = false;
    this.#raw = this.#open();
  }

  /** Applies every migration newer than the file's; returns the versions applied. */
  migrate(): number[] {
    const current = this.schemaVersion();
    const known = MIGRATIONS.at(-1)?.version ?? 0;
    if (current > known) {
      throw new DatabaseFileError(
        `Database ${this.path} has schema version ${current}, newer than this program's ${known}; ` +
          "run a newer release or restore an older backup",
      );
    }
    const appId = this.get<{ application_id: number }>("PRAGMA application_id")!.application_id;
    if (current === 0 && appId === 0 && this.#hasForeignTables()) {
      throw new DatabaseFileError(
        `Database ${this.path} belongs to another program; use an empty data directory`,
      );
    }
    if (current > 0 && appId !== APPLICATION_ID) {
      throw new DatabaseFileError(`Database ${this.path} is not a call-center database`);
    }
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      this.transaction(() => {
        this.raw.exec(migration.sql);
        this.raw.exec(`PRAGMA user_version = ${migration.version}`);
        this.raw.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
      });
      applied.push(migration.version);
    }
    return applied;
  }

  schemaVersion(): number {
    return this.get<{ user_version: number }>("PRAGMA user_version")!.user_version;
  }

  run(sql: string, ...params: Params): { changes: number; lastInsertRowid: number } {
    const result = this.#prepare(sql).run(...params);
    return { changes: Number(result.changes), lastInsertRowid: Number(result.lastInsertRowid) };
  }

  get<T = Row>(sql: string, ...params: Params): T | undefined {
    return this.#prepare(sql).get(...params) as T | undefined;
  }

  all<T = Row>(sql: string, ...params: Params): T[] {
    return this.#prepare(sql).all(...params) as T[];
  }

  /**
   * Runs a write now (rows visible to this connection at once, errors thrown here) but
   * shares its commit with the other grouped writes of the next {@link GROUP_COMMIT_MS}:
   * for append-mostly history written many times per call, where a commit each would
   * cost more than the write. Any other statement run meanwhile joins the group.
   */
  runGrouped(sql: string, ...params: Params): { changes: number; lastInsertRowid: number } {
    if (this.#depth === 0 && this.#group === undefined) {
      this.raw.exec("BEGIN IMMEDIATE");
      this.#group = setTimeout(() => this.#commitGroup(), GROUP_COMMIT_MS);
    }
    return this.run(sql, ...params);
  }

  /** Commits the open write group now, if there is one; throws when the commit fails. */
  flush(): void {
    if (this.#group === undefined) return;
    clearTimeout(this.#group);
    this.#group = undefined;
    // SQLite ends the transaction itself after some errors (I/O, disk full); its
    // statements were rolled back then and there is nothing left to commit.
    if (!this.raw.isTransaction) return;
    try {
      this.raw.exec("COMMIT");
    } catch (error) {
      if (this.raw.isTransaction) this.raw.exec("ROLLBACK");
      throw error;
    }
  }

  exec(sql: string): void {
    this.flush();
    this.raw.exec(sql);
  }

  /**
   * Runs `work` in one transaction (nested calls join the outer one via savepoints).
   * An open write group is committed first, so the transaction is durable on return
   * just as without one.
   */
  transaction<T>(work: () => T): T {
    if (this.#depth === 0) this.flush();
    const savepoint = `sp${this.#depth}`;
    this.raw.exec(this.#depth === 0 ? "BEGIN IMMEDIATE" : `SAVEPOINT ${savepoint}`);
    this.#depth++;
    try {
      const result = work();
      this.#depth--;
      this.raw.exec(this.#depth === 0 ? "COMMIT" : `RELEASE ${savepoint}`);
      return result;
    } catch (error) {
      this.#depth--;
      this.raw.exec(
        this.#depth === 0 ? "ROLLBACK" : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`,
      );
      throw error;
    }
  }

  /** Online backup: a consistent copy while the appliance keeps serving (VACUUM INTO). */
  backupTo(file: string): void {
    this.flush(); // VACUUM cannot run inside a transaction
    this.raw.prepare("VACUUM INTO ?").run(file);
  }

  close(): void {
    if (!this.raw.isOpen) return;
    this.#commitGroup();
    this.#statements.clear();
    if (this.path !== ":memory:" && !this.#readOnly) {
      try {
        this.raw.exec("PRAGMA wal_checkpoint(TRUNCATE)");
      } catch {
        // A busy database keeps its WAL; SQLite replays it on next open.
      }
    }
    this.raw.close();
  }

  #open(): DatabaseSync {
    const raw = new DatabaseSync(this.path, { readOnly: this.#readOnly });
    raw.exec("PRAGMA busy_timeout = 5000");
    if (!this.#readOnly) {
      if (this.path !== ":memory:") raw.exec("PRAGMA journal_mode = WAL");
      raw.exec("PRAGMA synchronous = NORMAL");
    }
    raw.exec("PRAGMA foreign_keys = ON");
    return raw;
  }

  #prepare(sql: string) {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.raw.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** The group's commit from its timer or at close, where a failure has no caller to reach. */
  #commitGroup(): void {
    try {
      this.flush();
    } catch (error) {
      this.#log.error("group commit failed; its writes are lost", { path: this.path, error });
    }
  }

  #hasForeignTables(): boolean {
    return (this.get<{ n: number }>("SELECT count(*) AS n FROM sqlite_schema")?.n ?? 0) > 0;
  }
}
