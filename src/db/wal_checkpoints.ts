import { settlesWithin, SystemClock } from "../clock/mod.ts";
import type { Logger } from "../log/mod.ts";
import { threadFromSource } from "../threads/mod.ts";
import type { Database } from "./database.ts";

/**
 * SQLite's own threshold for an automatic checkpoint, in WAL frames (pages): what the
 * connection goes back to when the checkpoint thread is gone.
 */
export const AUTO_CHECKPOINT_FRAMES = 1000;

/** What one `PRAGMA wal_checkpoint(PASSIVE)` reported (https://sqlite.org/pragma.html#pragma_wal_checkpoint). */
export interface CheckpointResult {
  /** 1 when another checkpoint held the lock and this one did nothing. */
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
  /** Told of every checkpoint the thread made. */
  onCheckpoint?: (result: CheckpointResult) => void;
  log?: Logger;
}

type ToThread =
  | { kind: "open"; path: string; everyMs: number; soonMs: number; busyFrames: number }
  | { kind: "now" }
  | { kind: "close" };

type FromThread =
  | ({ kind: "checkpointed"; asked: boolean } & CheckpointResult)
  | { kind: "closed" }
  | { kind: "failed"; reason: string };

/**
 * Copies the appliance database's WAL back into the database file on a thread of its
 * own, so that the event loop, which commits the writes, never waits for the copy and
 * its fsyncs (docs/decisions/015-wal-checkpoints-off-the-event-loop.md). The committing
 * connection stops checkpointing itself while the thread runs and starts again when the
 * thread stops or fails, so the WAL never grows without bound.
 */
export class WalCheckpoints {
  readonly #db: Database;
  readonly #options: WalCheckpointOptions;
  #worker: Worker | undefined;
  #asked: PromiseWithResolvers<CheckpointResult>[] = [];
  #closed: (() => void) | undefined;

  constructor(db: Database, options: WalCheckpointOptions = {}) {
    this.#db = db;
    this.#options = options;
  }

  /** Whether the thread is checkpointing (false for in-memory and read-only databases). */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  start(): void {
    if (this.#worker || this.#db.path === ":memory:" || this.#db.readOnly) return;
    this.#worker = threadFromSource<FromThread>(checkpointThread, "WAL checkpoint", {
      onMessage: (message) => this.#heard(message),
      onFailure: (error) => this.#fail(error),
    });
    this.#db.exec("PRAGMA wal_autocheckpoint = 0");
    this.#post({
      kind: "open",
      path: this.#db.path,
      everyMs: this.#options.everyMs ?? 10_000,
      soonMs: this.#options.soonMs ?? 1000,
      busyFrames: AUTO_CHECKPOINT_FRAMES,
    });
  }

  /** Checkpoints now, on the thread; rejects when the thread is not running. */
  now(): Promise<CheckpointResult> {
    if (!this.#worker) return Promise.reject(new Error("The WAL checkpoint thread is not running"));
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
    if (!this.#worker) return;
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
    this.#worker?.postMessage(message);
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
    const { asked, kind: _, ...result } = message;
    this.#options.onCheckpoint?.(result);
    if (asked) this.#asked.shift()?.resolve(result);
  }

  #fail(error: Error): void {
    this.#options.log?.error("WAL checkpoints go back to the committing connection", { error });
    this.#end(error);
  }

  #end(error = new Error("The WAL checkpoint thread was stopped")): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    for (const asked of this.#asked) asked.reject(error);
    this.#asked = [];
    this.#closed = undefined;
    if (this.#db.raw.isOpen) this.#db.exec(`PRAGMA wal_autocheckpoint = ${AUTO_CHECKPOINT_FRAMES}`);
  }
}

/**
 * Runs on the checkpoint thread. A PASSIVE checkpoint copies what no reader still needs
 * and never waits for the writer, so the event loop's commits go on meanwhile.
 */
function checkpointThread(): void {
  interface Connection {
    prepare(sql: string): { get(): unknown };
    close(): void;
  }
  let connection: Connection | undefined;
  let passive: { get(): unknown } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Set by "open", the first message; the defaults live with WalCheckpoints.
  let everyMs = 0;
  let soonMs = 0;
  let busyFrames = 0;

  const failed = (error: unknown) => {
    clearTimeout(timer);
    connection = undefined;
    passive = undefined;
    postMessage({ kind: "failed", reason: error instanceof Error ? error.message : String(error) });
  };

  const checkpoint = (asked: boolean) => {
    clearTimeout(timer);
    if (!passive) return;
    let row: { busy: number; log: number; checkpointed: number };
    try {
      row = passive.get() as typeof row;
    } catch (error) {
      return failed(error);
    }
    postMessage({ kind: "checkpointed", asked, ...row });
    // A WAL that filled a whole automatic-checkpoint's worth is taking a burst of
    // writes (an import): checkpoint again soon so that the file stays small.
    timer = setTimeout(() => checkpoint(false), row.log >= busyFrames ? soonMs : everyMs);
  };

  let opened: Promise<void> = Promise.resolve();
  self.onmessage = async (event: MessageEvent) => {
    const message = event.data;
    if (message.kind === "open") {
      ({ everyMs, soonMs, busyFrames } = message);
      opened = import("node:sqlite").then((sqlite) => {
        connection = new sqlite.DatabaseSync(message.path) as unknown as Connection;
        passive = connection.prepare("PRAGMA wal_checkpoint(PASSIVE)");
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
      postMessage({ kind: "closed" });
    }
  };
}
