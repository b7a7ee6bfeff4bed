import { type Logger, LogOncePerInterval } from "../log/mod.ts";
import type { Database } from "./database.ts";

/** Between two looks at the WAL file's size after commits: the WAL grows a few hundred KiB at most meanwhile. */
const LOOK_EVERY_MS = 10;
/** Between two tries at the checkpoint lock while the thread holds it. */
const RETRY_MS = 5;
/** A run of braked commits is logged once per this much time. */
const LOG_EVERY_MS = 60_000;
/**
 * After a wait that could not start the WAL over (a reader keeps an old snapshot), commits
 * go unheld this long: waiting on every look would stop the event loop for good.
 */
export const BRAKE_REST_MS = 60_000;
/** How long one TRUNCATE on the committing connection waits for readers to move on. */
const READERS_WAIT_MS = 50;

/** What the brake needs of the committing connection and the clock. */
export interface WalBrakeParts {
  /** The WAL file's size now, in bytes (0 when there is none). */
  walBytes(): number;
  /** One TRUNCATE checkpoint on the committing connection; busy is 1 when it could not finish. */
  truncate(): { busy: number };
  /** Blocks for `ms`: the commit waits, and the event loop with it. */
  pause(ms: number): void;
  /** Milliseconds on a monotonic clock. */
  now(): number;
}

export interface WalBrakeOptions {
  /** The WAL file's bound in bytes; the brake holds commits from three quarters of it. */
  limitBytes: number;
  /** The longest a commit waits for the WAL to start over (default 1 s). */
  waitMs?: number;
  log?: Logger;
}

/**
 * The last guard of the WAL bound (docs/decisions/050-writes-wait-for-a-wal-near-its-bound.md).
 * The checkpoint thread and the committing connection's own checkpoint at half the bound
 * start the WAL over in time while the disk keeps up. When it does not, the thread's copy
 * holds SQLite's checkpoint lock, the connection's own checkpoint finds it taken and
 * gives up, and the WAL grows as fast as the writes come. From three quarters of the
 * bound the commit that finds the WAL that large waits, trying a TRUNCATE checkpoint
 * every few milliseconds, until the WAL starts over or `waitMs` has passed. A wait that
 * did not start the WAL over is not tried again for {@link BRAKE_REST_MS}.
 */
export class WalBrake {
  readonly #parts: WalBrakeParts;
  readonly #brakeAt: number;
  readonly #waitMs: number;
  readonly #log: Logger | undefined;
  readonly #logOnce: LogOncePerInterval;
  #lookedAt = -Infinity;
  /** Until when commits go unheld after a wait that did not start the WAL over. */
  #restUntil = -Infinity;

  constructor(parts: WalBrakeParts, options: WalBrakeOptions) {
    this.#parts = parts;
    this.#brakeAt = Math.floor(options.limitBytes * 3 / 4);
    this.#waitMs = options.waitMs ?? 1000;
    this.#log = options.log;
    this.#logOnce = new LogOncePerInterval(LOG_EVERY_MS, parts.now);
  }

  /** Wires the brake to `db`'s commits; returns the function that takes it off. */
  static hold(db: Database, options: WalBrakeOptions): () => void {
    const wal = `${db.path}-wal`;
    const truncate = db.raw.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    const busyTimeout =
      (db.raw.prepare("PRAGMA busy_timeout").get() as { timeout: number }).timeout;
    const pause = new Int32Array(new SharedArrayBuffer(4));
    const brake = new WalBrake({
      walBytes: () => {
        try {
          return Deno.statSync(wal).size;
        } catch {
          return 0;
        }
      },
      truncate: () => {
        // The brake's own tries bound the wait; one try must not wait out the connection's timeout.
        db.raw.exec(`PRAGMA busy_timeout = ${READERS_WAIT_MS}`);
        try {
          return truncate.get() as { busy: number };
        } finally {
          db.raw.exec(`PRAGMA busy_timeout = ${busyTimeout}`);
        }
      },
      pause: (ms) => Atomics.wait(pause, 0, 0, ms),
      // Real time: the wait is for a real thread and its disk.
      now: () => performance.now(),
    }, options);
    return db.listenWrites({ committed: () => brake.committed() });
  }

  /** Called after every commit; returns how long it held the commit, in milliseconds. */
  committed(): number {
    const start = this.#parts.now();
    if (start - this.#lookedAt < LOOK_EVERY_MS || start < this.#restUntil) return 0;
    this.#lookedAt = start;
    const before = this.#parts.walBytes();
    if (before < this.#brakeAt) return 0;
    let busy = 1;
    let failure: unknown;
    while (true) {
      try {
        busy = this.#parts.truncate().busy;
      } catch (error) {
        // A full disk refuses the copy; the storage alarm has said so already.
        failure = error;
        break;
      }
      if (busy === 0 || this.#parts.now() - start >= this.#waitMs) break;
      this.#parts.pause(RETRY_MS);
    }
    const end = this.#parts.now();
    this.#lookedAt = end;
    const started = busy === 0;
    if (!started) this.#restUntil = end + BRAKE_REST_MS;
    this.#logOnce.maybe(started ? "waited" : "refused", (suppressed) => {
      const fields = { wal_bytes: before, waited_ms: Math.round(end - start), suppressed };
      if (started) {
        this.#log?.warn(
          "writes waited for the WAL to be copied back: the disk is slower than the writes",
          fields,
        );
      } else {
        this.#log?.error("the WAL could not be started over near its bound", {
          ...fields,
          rest_ms: BRAKE_REST_MS,
          reason: failure instanceof Error ? failure.message : "the checkpoint lock stayed taken",
        });
      }
    });
    return end - start;
  }
}
