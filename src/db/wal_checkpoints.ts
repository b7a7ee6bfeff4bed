import { settlesWithin, SystemClock } from "../clock/mod.ts";
import type { Logger } from "../log/mod.ts";
import { type JobPort, storageThread, type ThreadJob } from "../threads/mod.ts";
import type { Database } from "./database.ts";
import { WalBrake } from "./wal_brake.ts";

/**
 * SQLite's own threshold for an automatic checkpoint, in WAL frames (pages): what the
 * connection goes back to when the checkpoint thread is gone.
 */
export const AUTO_CHECKPOINT_FRAMES = 1000;

/**
 * The WAL file's default bound. The thread starts the WAL over at a quarter of it, the
 * committing connection checkpoints itself at half of it, and a WAL that was started over
 * is cut back to a quarter (docs/decisions/020-storage-failures-and-wal-bound.md).
 */
export const WAL_LIMIT_BYTES = 64 * 1024 * 1024;

/** A WAL frame's header, before the page (https://sqlite.org/fileformat.html#wal_file_format). */
const FRAME_HEADER_BYTES = 24;

/** What one `PRAGMA wal_checkpoint` reported (https://sqlite.org/pragma.html#pragma_wal_checkpoint). */
export interface CheckpointResult {
  /**
   * PASSIVE copies what it can without waiting; TRUNCATE also starts the WAL over and
   * empties its file, waiting briefly for the writer and readers.
   */
  mode: "PASSIVE" | "TRUNCATE";
  /**
   * 1 when it could not finish: another checkpoint held the lock, or (TRUNCATE) the
   * writer or a reader did not let go in time.
   */
  busy: number;
  /** Frames in the WAL when the checkpoint ran. */
  log: number;
  /** Frames of those now copied back into the database file. */
  checkpointed: number;
}

export interface WalCheckpointOptions {
  /** Between checkpoints while writes are light (default 10 s). */
  everyMs?: number;
  /** After a checkpoint that found a busy WAL, the next one comes this soon (default 1 s). */
  soonMs?: number;
  /** The WAL file's bound in bytes (default {@link WAL_LIMIT_BYTES}). */
  limitBytes?: number;
  /** How long the thread's TRUNCATE waits for the writer and readers (default 100 ms). */
  truncateWaitMs?: number;
  /** Told of every checkpoint the thread made. */
  onCheckpoint?: (result: CheckpointResult) => void;
  log?: Logger;
}

type ToThread =
  | {
    kind: "open";
    path: string;
    everyMs: number;
    soonMs: number;
    busyFrames: number;
    truncateFrames: number;
    truncateWaitMs: number;
  }
  | { kind: "now" }
  | { kind: "close" };

type FromThread =
  | ({ kind: "checkpointed"; asked: boolean } & CheckpointResult)
  | { kind: "refused"; asked: boolean; reason: string }
  | { kind: "closed" }
  | { kind: "failed"; reason: string };

/**
 * A WAL bound in frames of `pageSize`: where the thread truncates, where the committing
 * connection checkpoints itself, and the size a WAL file started over is cut back to.
 */
export function walBound(
  limitBytes: number,
  pageSize: number,
): { truncateFrames: number; selfFrames: number; keepBytes: number } {
  const frame = pageSize + FRAME_HEADER_BYTES;
  return {
    truncateFrames: Math.max(1, Math.floor(limitBytes / 4 / frame)),
    selfFrames: Math.max(1, Math.floor(limitBytes / 2 / frame)),
    keepBytes: Math.floor(limitBytes / 4),
  };
}

/**
 * Copies the appliance database's WAL back into the database file off the event loop (on
 * the storage thread, shared with the recording files: decision 043), so that the event loop, which commits the writes, seldom waits for the copy and
 * its fsyncs (docs/decisions/015-wal-checkpoints-off-the-event-loop.md), and keeps the
 * WAL under a bound whatever the write rate (docs/decisions/020-storage-failures-and-wal-bound.md): at a quarter of the
 * bound the thread starts the WAL over (TRUNCATE) when the writer and readers allow; at
 * half of it the committing connection checkpoints itself, so the WAL starts over at
 * its next write even when the thread cannot keep up. When the thread stops or cannot
 * open the database, the connection goes back to SQLite's own checkpoints. A checkpoint
 * that fails (a full disk) is tried again soon; the thread stays.
 */
export class WalCheckpoints {
  readonly #db: Database;
  readonly #options: WalCheckpointOptions;
  #job: ThreadJob<ToThread> | undefined;
  /** Whether the last checkpoint failed, so a run of failures is logged once. */
  #refused = false;
  #asked: PromiseWithResolvers<CheckpointResult>[] = [];
  #closed: (() => void) | undefined;
  #releaseBrake: (() => void) | undefined;

  constructor(db: Database, options: WalCheckpointOptions = {}) {
    this.#db = db;
    this.#options = options;
  }

  /** Whether the thread is checkpointing (false for in-memory and read-only databases). */
  get running(): boolean {
    return this.#job !== undefined;
  }

  start(): void {
    if (this.#job || this.#db.path === ":memory:" || this.#db.readOnly) return;
    // The recording files' writes share the thread: each is a blocking job the event loop
    // never waits on, and one isolate fewer is some 9 MB (decision 043).
    this.#job = storageThread().start<ToThread, FromThread>(checkpointThread, {
      onMessage: (message) => this.#heard(message),
      onFailure: (error) => this.#fail(error),
    });
    const pageSize = this.#db.get<{ page_size: number }>("PRAGMA page_size")!.page_size;
    const limitBytes = this.#options.limitBytes ?? WAL_LIMIT_BYTES;
    const bound = walBound(limitBytes, pageSize);
    this.#db.exec(`PRAGMA wal_autocheckpoint = ${bound.selfFrames}`);
    this.#db.exec(`PRAGMA journal_size_limit = ${bound.keepBytes}`);
    this.#releaseBrake = WalBrake.hold(this.#db, { limitBytes, log: this.#options.log });
    this.#post({
      kind: "open",
      path: this.#db.path,
      everyMs: this.#options.everyMs ?? 10_000,
      soonMs: this.#options.soonMs ?? 1000,
      busyFrames: AUTO_CHECKPOINT_FRAMES,
      truncateFrames: bound.truncateFrames,
      truncateWaitMs: this.#options.truncateWaitMs ?? 100,
    });
  }

  /** Checkpoints now, on the thread; rejects when the thread is not running. */
  now(): Promise<CheckpointResult> {
    if (!this.#job) return Promise.reject(new Error("The WAL checkpoint thread is not running"));
    const asked = Promise.withResolvers<CheckpointResult>();
    this.#asked.push(asked);
    this.#post({ kind: "now" });
    return asked.promise;
  }

  /**
   * Closes the thread's connection (a connection dropped mid-checkpoint would keep its
   * locks in this process), waiting at most `graceMs`, and gives checkpointing back to
   * the committing connection.
   */
  async stop(graceMs = 2000): Promise<void> {
    if (!this.#job) return;
    const { promise, resolve } = Promise.withResolvers<void>();
    this.#closed = resolve;
    this.#post({ kind: "close" });
    // Real time: the wait is for a real thread and its disk.
    if (!(await settlesWithin(new SystemClock(), promise, graceMs))) {
      this.#options.log?.warn("the WAL checkpoint thread did not close in time", {
        grace_ms: graceMs,
      });
    }
    this.#end();
  }

  #post(message: ToThread): void {
    this.#job?.postMessage(message);
  }

  #heard(message: FromThread): void {
    if (message.kind === "closed") {
      this.#closed?.();
      return;
    }
    if (message.kind === "failed") {
      this.#fail(new Error(`The WAL checkpoint thread failed: ${message.reason}`));
      return;
    }
    if (message.kind === "refused") {
      if (!this.#refused) {
        this.#refused = true;
        this.#options.log?.warn("a WAL checkpoint failed; the thread tries again soon", {
          reason: message.reason,
        });
      }
      if (message.asked) {
        this.#asked.shift()?.reject(new Error(`The WAL checkpoint failed: ${message.reason}`));
      }
      return;
    }
    if (this.#refused) {
      this.#refused = false;
      this.#options.log?.info("WAL checkpoints work again");
    }
    const { asked, kind: _, ...result } = message;
    this.#options.onCheckpoint?.(result);
    if (asked) this.#asked.shift()?.resolve(result);
  }

  #fail(error: Error): void {
    this.#options.log?.error("WAL checkpoints go back to the committing connection", { error });
    this.#end(error);
  }

  #end(error = new Error("The WAL checkpoint thread was stopped")): void {
    this.#job?.end();
    this.#job = undefined;
    // SQLite's own checkpoints at 1,000 frames keep the WAL far below the bound.
    this.#releaseBrake?.();
    this.#releaseBrake = undefined;
    for (const asked of this.#asked) asked.reject(error);
    this.#asked = [];
    this.#closed = undefined;
    // A connection setting: it needs no commit of an open write group, which the disk may refuse.
    if (this.#db.raw.isOpen) {
      this.#db.raw.exec(`PRAGMA wal_autocheckpoint = ${AUTO_CHECKPOINT_FRAMES}`);
    }
  }
}

/**
 * Runs on the checkpoint thread. A PASSIVE checkpoint copies what no reader still needs
 * and never waits for the writer, so the event loop's commits go on meanwhile. Once the
 * WAL holds a quarter of its bound, a TRUNCATE checkpoint starts it over: it takes the
 * write lock for as long as it copies the few frames PASSIVE left and empties the file,
 * and gives up after `truncateWaitMs` when the writer or a reader holds on.
 */
function checkpointThread(port: JobPort): void {
  interface Statement {
    get(): unknown;
  }
  interface Connection {
    exec(sql: string): void;
    prepare(sql: string): Statement;
    close(): void;
  }
  type Row = { busy: number; log: number; checkpointed: number };
  let connection: Connection | undefined;
  let passive: Statement | undefined;
  let truncate: Statement | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Set by "open", the first message; the defaults live with WalCheckpoints.
  let everyMs = 0;
  let soonMs = 0;
  let busyFrames = 0;
  let truncateFrames = 0;

  const failed = (error: unknown) => {
    clearTimeout(timer);
    connection = undefined;
    passive = undefined;
    truncate = undefined;
    port.postMessage({
      kind: "failed",
      reason: error instanceof Error ? error.message : String(error),
    });
  };

  const checkpoint = (asked: boolean) => {
    clearTimeout(timer);
    if (!passive || !truncate) return;
    let row: Row;
    let mode = "PASSIVE";
    // Frames in the WAL before this checkpoint: a TRUNCATE reports none left.
    let found = 0;
    try {
      row = passive.get() as Row;
      found = row.log;
      if (row.busy === 0 && row.log >= truncateFrames) {
        mode = "TRUNCATE";
        row = truncate.get() as Row;
      }
    } catch (error) {
      // A full disk refuses the copy; the WAL keeps its frames and the next try may work.
      port.postMessage({
        kind: "refused",
        asked,
        reason: error instanceof Error ? error.message : String(error),
      });
      timer = setTimeout(() => checkpoint(false), soonMs);
      return;
    }
    port.postMessage({ kind: "checkpointed", asked, mode, ...row });
    // A WAL that filled a whole automatic-checkpoint's worth is taking a burst of
    // writes (an import), and a busy one was not started over: check again soon. Each
    // copy then stays small, and short enough that the committing connection seldom
    // finds the checkpoint lock taken (decision 050).
    const soon = row.busy !== 0 || found >= busyFrames;
    timer = setTimeout(() => checkpoint(false), soon ? soonMs : everyMs);
  };

  let opened: Promise<void> = Promise.resolve();
  port.onmessage = async (message: ToThread) => {
    if (message.kind === "open") {
      ({ everyMs, soonMs, busyFrames, truncateFrames } = message);
      opened = import("node:sqlite").then((sqlite) => {
        connection = new sqlite.DatabaseSync(message.path) as unknown as Connection;
        // Only TRUNCATE waits, and only this long, for the writer and readers.
        connection.exec(`PRAGMA busy_timeout = ${message.truncateWaitMs}`);
        passive = connection.prepare("PRAGMA wal_checkpoint(PASSIVE)");
        truncate = connection.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
        timer = setTimeout(() => checkpoint(false), everyMs);
      }).catch(failed);
      return;
    }
    // Messages that came while the connection was opening wait for it.
    await opened;
    if (message.kind === "now") {
      checkpoint(true);
    } else if (message.kind === "close") {
      clearTimeout(timer);
      connection?.close();
      connection = undefined;
      passive = undefined;
      truncate = undefined;
      port.postMessage({ kind: "closed" });
    }
  };
}
