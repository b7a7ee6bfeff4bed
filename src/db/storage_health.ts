import type { Logger } from "../log/mod.ts";

/**
 * Whether the database can be written: `full` after SQLite found the disk full, `failing`
 * after it reported an I/O error, `ok` again after the next write that commits.
 */
export type StorageState = "ok" | "full" | "failing";

/** SQLite's primary result codes for a disk that failed (https://sqlite.org/rescode.html). */
const SQLITE_IOERR = 10;
const SQLITE_FULL = 13;

/**
 * A write (or read) that failed because of the disk, not the statement: it may work
 * as it was once space is freed. The HTTP layer answers it with 507 or 503.
 */
export class StorageError extends Error {
  override name = "StorageError";

  constructor(readonly state: "full" | "failing", message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** `error` as a {@link StorageError} when SQLite says the disk is full or failing; else undefined. */
export function asStorageError(error: unknown): StorageError | undefined {
  if (error instanceof StorageError) return error;
  if (!(error instanceof Error)) return undefined;
  const code = (error as { errcode?: unknown }).errcode;
  const primary = typeof code === "number" ? code & 0xff : undefined;
  // `exec()` reports no code, only SQLite's text for it (sqlite3ErrStr).
  if (primary === SQLITE_FULL || error.message === "database or disk is full") {
    return new StorageError("full", "The data disk is full", { cause: error });
  }
  if (primary === SQLITE_IOERR || error.message.startsWith("disk I/O error")) {
    return new StorageError("failing", "The data disk failed a read or write", { cause: error });
  }
  return undefined;
}

export type StorageListener = (state: StorageState) => void;

/**
 * A disk is writable again after a commit that comes this long after the last refusal:
 * a nearly full disk lets some small writes through between refusals.
 */
export const STORAGE_RECOVERY_MS = 1000;

/** The alarm line is not repeated within this long, however often the disk fills. */
export const STORAGE_ALARM_QUIET_MS = 60_000;

/**
 * The database's storage state, for the health endpoint and live views. A disk that
 * fills makes one alarm line, not one per refused write, and one line when it is
 * writable again.
 */
export class StorageHealth {
  #state: StorageState = "ok";
  #refused = 0;
  #lastRefusedAt = Number.NEGATIVE_INFINITY;
  #lastAlarmAt = Number.NEGATIVE_INFINITY;
  readonly #listeners = new Set<StorageListener>();
  #recheck: ReturnType<typeof setTimeout> | undefined;

  /** `now` is monotonic milliseconds; real time by default, as the write group's timer. */
  constructor(
    private readonly log: Logger,
    private readonly path: string,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get state(): StorageState {
    return this.#state;
  }

  /** Adds a listener for changes of state; returns the function that removes it. */
  listen(listener: StorageListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A read or write failed for the disk's sake. */
  failed(error: StorageError): void {
    this.#refused++;
    this.#lastRefusedAt = this.now();
    if (this.#state === error.state) return;
    const was = this.#state;
    this.#state = error.state;
    if (was === "ok" && this.#lastRefusedAt - this.#lastAlarmAt >= STORAGE_ALARM_QUIET_MS) {
      this.#lastAlarmAt = this.#lastRefusedAt;
      this.log.error(
        error.state === "full"
          ? "the data disk is full: database writes fail until space is freed; calls go on"
          : "the data disk fails: database writes fail until it recovers; calls go on",
        { path: this.path, error: error.cause ?? error },
      );
    }
    this.#tell();
  }

  /** A write committed. */
  wrote(): void {
    if (this.#state === "ok") return;
    const sinceRefusedMs = this.now() - this.#lastRefusedAt;
    if (sinceRefusedMs < STORAGE_RECOVERY_MS) {
      // Writes may stop right after the disk came back (the last retried call end): look
      // again once the quiet time is over, or the flag would stay raised with no refusal.
      if (this.#recheck === undefined) {
        this.#recheck = setTimeout(() => {
          this.#recheck = undefined;
          this.wrote();
        }, STORAGE_RECOVERY_MS - sinceRefusedMs + 1);
        Deno.unrefTimer(this.#recheck as unknown as number);
      }
      return;
    }
    this.log.info("the data disk takes writes again", {
      path: this.path,
      failed_operations: this.#refused,
    });
    this.#state = "ok";
    this.#refused = 0;
    this.#tell();
  }

  /** Stops the pending look at whether writes work again (the database is closing). */
  close(): void {
    if (this.#recheck !== undefined) clearTimeout(this.#recheck);
    this.#recheck = undefined;
  }

  #tell(): void {
    for (const listener of this.#listeners) {
      try {
        listener(this.#state);
      } catch (error) {
        this.log.warn("a storage listener failed", { error });
      }
    }
  }
}
