import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import { createLogger, type Logger } from "../log/mod.ts";
import { MIGRATIONS } from "./migrations.ts";
import { asStorageError, StorageError, StorageHealth } from "./storage_health.ts";

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
  /** Where a failed group commit and the storage alarm are reported (default: a `db` logger on stderr). */
  log?: Logger;
}

/**
 * Told what became of writes: every commit, and every loss of writes not yet committed
 * (a rolled-back transaction or write group, a grouped write the disk refused). A loss
 * may be told more than once; the writes since the last commit are the ones in doubt.
 */
export interface WriteListener {
  committed?(): void;
  lost?(error: Error): void;
}

type WriteResult = { changes: number; lastInsertRowid: number };

/**
 * The appliance's SQLite database: WAL, foreign keys and a busy timeout; {@link migrate}
 * brings its schema up to date. Read-only for a standby, which must not change the file
 * it will take over with. Statements are cached because the same few run on every request.
 *
 * Any failure of a statement, COMMIT, RELEASE or ROLLBACK leaves the connection usable:
 * nesting depth is restored, a transaction SQLite rolled back by itself is noticed, and
 * a disk that fills makes writes fail with {@link StorageError} until space returns
 * (docs/decisions/020-storage-failures-and-wal-bound.md).
 */
export class Database {
  #raw: DatabaseSync;
  #readOnly: boolean;
  /** Whether writes reach the disk; the health endpoint and live views read it. */
  readonly storage: StorageHealth;
  #statements = new Map<string, ReturnType<DatabaseSync["prepare"]>>();
  #depth = 0;
  /** The commit timer of the open write group, if one is open. */
  #group: ReturnType<typeof setTimeout> | undefined;
  readonly #writeListeners = new Set<WriteListener>();
  readonly #log: Logger;

  constructor(readonly path: string, options: DatabaseOptions = {}) {
    this.#log = options.log ?? createLogger("db");
    this.storage = new StorageHealth(this.#log, path);
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
      // A table rebuilt to change a constraint is dropped and replaced; with foreign keys
      // on, dropping it would null or delete the rows that point at it. SQLite's own
      // procedure turns them off around the transaction and checks them before commit.
      if (migration.rebuildsTables) this.raw.exec("PRAGMA foreign_keys = OFF");
      try {
        this.transaction(() => {
          this.raw.exec(migration.sql);
          if (migration.rebuildsTables) this.#assertForeignKeysHold(migration.version);
          this.raw.exec(`PRAGMA user_version = ${migration.version}`);
          this.raw.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
        });
      } finally {
        if (migration.rebuildsTables) this.raw.exec("PRAGMA foreign_keys = ON");
      }
      applied.push(migration.version);
    }
    return applied;
  }

  #assertForeignKeysHold(version: number): void {
    const broken = this.raw.prepare("PRAGMA foreign_key_check").all();
    if (broken.length > 0) {
      throw new DatabaseFileError(
        `Migration ${version} would leave ${broken.length} rows pointing at missing rows`,
      );
    }
  }

  schemaVersion(): number {
    return this.get<{ user_version: number }>("PRAGMA user_version")!.user_version;
  }

  /**
   * Runs a write. Outside {@link transaction} it is durable when it returns, so an open
   * write group commits with it: a change the API acknowledged is never lost with a
   * group that the disk refuses later.
   */
  run(sql: string, ...params: Params): WriteResult {
    const result = this.#write(sql, params);
    if (this.#depth === 0) {
      if (this.#group !== undefined) this.flush();
      else this.#committed();
    }
    return result;
  }

  get<T = Row>(sql: string, ...params: Params): T | undefined {
    try {
      return this.#prepare(sql).get(...params) as T | undefined;
    } catch (error) {
      throw this.#failed(error);
    }
  }

  all<T = Row>(sql: string, ...params: Params): T[] {
    try {
      return this.#prepare(sql).all(...params) as T[];
    } catch (error) {
      throw this.#failed(error);
    }
  }

  /**
   * Runs a write now (rows visible to this connection at once) but shares its commit
   * with the other grouped writes of the next {@link GROUP_COMMIT_MS}: for append-mostly
   * history written many times per call, where a commit each would cost more than the
   * write. Errors of the statement are thrown here, except those of a full or failing
   * disk: history must not stop calls, so such a write is reported to the write
   * listeners as lost (and raises the storage alarm) instead.
   */
  runGrouped(sql: string, ...params: Params): WriteResult {
    try {
      if (this.#depth === 0) this.#openGroup();
      return this.#write(sql, params);
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      this.#tellLost(error);
      return { changes: 0, lastInsertRowid: 0 };
    }
  }

  /** Commits the open write group now, if there is one; throws when the commit fails. */
  flush(): void {
    if (this.#group === undefined) return;
    clearTimeout(this.#group);
    this.#group = undefined;
    // SQLite ends the transaction itself after some errors (I/O, disk full); its
    // statements were rolled back then and there is nothing left to commit.
    if (!this.raw.isTransaction) {
      this.#tellLost(new Error("The write group was rolled back by an earlier failure"));
      return;
    }
    try {
      this.raw.exec("COMMIT");
    } catch (error) {
      const failure = this.#failed(error);
      this.#rollBack();
      this.#tellLost(failure);
      throw failure;
    }
    this.#committed();
  }

  exec(sql: string): void {
    this.flush();
    this.#exec(sql);
  }

  /**
   * Runs `work` in one transaction (nested calls join the outer one via savepoints).
   * An open write group is committed first, so the transaction is durable on return
   * just as without one. Whatever fails, COMMIT, RELEASE or ROLLBACK included, the
   * nesting depth comes back to where it was, and a failed outer transaction leaves
   * the connection in autocommit.
   */
  transaction<T>(work: () => T): T {
    const outer = this.#depth === 0;
    const savepoint = outer ? undefined : `sp${this.#depth}`;
    if (outer) {
      this.flush();
      this.#endStaleTransaction();
    } else {
      this.#ensureTransactionOpen();
    }
    this.#exec(savepoint ? `SAVEPOINT ${savepoint}` : "BEGIN IMMEDIATE");
    this.#depth++;
    let result: T;
    try {
      result = work();
      this.#exec(savepoint ? `RELEASE ${savepoint}` : "COMMIT");
    } catch (error) {
      this.#rollBack(savepoint);
      if (outer) this.#tellLost(asError(error));
      throw error;
    } finally {
      this.#depth--;
    }
    if (outer) this.#committed();
    return result;
  }

  /** Adds a listener for commits and lost writes; returns the function that removes it. */
  listenWrites(listener: WriteListener): () => void {
    this.#writeListeners.add(listener);
    return () => this.#writeListeners.delete(listener);
  }

  /** Online backup: a consistent copy while the appliance keeps serving (VACUUM INTO). */
  backupTo(file: string): void {
    this.flush(); // VACUUM cannot run inside a transaction
    try {
      this.raw.prepare("VACUUM INTO ?").run(file);
    } catch (error) {
      throw this.#failed(error);
    }
  }

  close(): void {
    this.storage.close();
    if (!this.raw.isOpen) return;
    this.#commitGroup();
    this.#statements.clear();
    if (this.path !== ":memory:" && !this.#readOnly) {
      try {
        this.raw.exec("PRAGMA wal_checkpoint(TRUNCATE)");
      } catch {
        // A read-only, busy or full database keeps its WAL; SQLite replays it on next open.
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

  #write(sql: string, params: Params): WriteResult {
    this.#ensureTransactionOpen();
    try {
      const result = this.#prepare(sql).run(...params);
      return { changes: Number(result.changes), lastInsertRowid: Number(result.lastInsertRowid) };
    } catch (error) {
      throw this.#failed(error);
    }
  }

  #exec(sql: string): void {
    try {
      this.raw.exec(sql);
    } catch (error) {
      throw this.#failed(error);
    }
  }

  /**
   * A write inside a transaction or group that SQLite has rolled back by itself would
   * otherwise commit on its own, half a transaction.
   */
  #ensureTransactionOpen(): void {
    if (this.raw.isTransaction) return;
    if (this.#depth > 0) {
      throw new Error(
        "The transaction was rolled back by an earlier failure; nothing of it is stored",
      );
    }
    if (this.#group !== undefined) {
      this.#groupLost(new Error("The write group was rolled back by an earlier failure"));
    }
  }

  #openGroup(): void {
    if (this.#group !== undefined) {
      if (this.raw.isTransaction) return;
      this.#groupLost(new Error("The write group was rolled back by an earlier failure"));
    }
    this.#endStaleTransaction();
    this.#exec("BEGIN IMMEDIATE");
    this.#group = setTimeout(() => this.#commitGroup(), GROUP_COMMIT_MS);
  }

  #groupLost(error: Error): void {
    clearTimeout(this.#group);
    this.#group = undefined;
    this.#tellLost(error);
  }

  /**
   * A transaction open with neither a group nor {@link transaction} to own it is one
   * whose ROLLBACK failed; it is rolled back before the next one begins.
   */
  #endStaleTransaction(): void {
    if (this.#depth > 0 || this.#group !== undefined || !this.raw.isTransaction) return;
    this.#log.warn("a transaction was left open on the connection; rolling it back", {
      path: this.path,
    });
    this.#exec("ROLLBACK");
    this.#tellLost(new Error("A transaction left open was rolled back"));
  }

  /** Undoes a transaction (or a savepoint of one) without throwing: the caller has an error to throw. */
  #rollBack(savepoint?: string): void {
    // Gone already when SQLite rolled the whole transaction back itself.
    if (!this.raw.isTransaction) return;
    try {
      this.raw.exec(savepoint ? `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}` : "ROLLBACK");
    } catch (error) {
      // An outer transaction still open is rolled back before the next one begins.
      this.#log.warn("rolling back failed", { path: this.path, savepoint, error });
    }
  }

  /** Classifies a failure: a full or failing disk becomes a StorageError and sounds the alarm. */
  #failed(error: unknown): Error {
    const storage = asStorageError(error);
    if (storage) this.storage.failed(storage);
    if (this.#depth === 0 && this.#group !== undefined && !this.raw.isTransaction) {
      this.#groupLost(storage ?? asError(error));
    }
    return storage ?? asError(error);
  }

  #committed(): void {
    this.storage.wrote();
    for (const listener of this.#writeListeners) listener.committed?.();
  }

  #tellLost(error: Error): void {
    for (const listener of this.#writeListeners) {
      try {
        listener.lost?.(error);
      } catch (failure) {
        this.#log.warn("a write listener failed", { error: failure });
      }
    }
  }

  /** The group's commit from its timer or at close, where a failure has no caller to reach. */
  #commitGroup(): void {
    try {
      this.flush();
    } catch (error) {
      // A full disk has sounded its alarm once; a line per refused group would flood the log.
      if (error instanceof StorageError) return;
      this.#log.error("group commit failed; its writes are lost", { path: this.path, error });
    }
  }

  #hasForeignTables(): boolean {
    return (this.get<{ n: number }>("SELECT count(*) AS n FROM sqlite_schema")?.n ?? 0) > 0;
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
