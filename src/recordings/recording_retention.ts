import type { CancelTimer, Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import type { Logger } from "../log/mod.ts";

/** How often expired recordings are looked for. */
export const RETENTION_SWEEP_MS = 60 * 60 * 1000;

/**
 * Deletes recordings past their queue's retention (`recording_retention_days` in the
 * queue's options): the file, then the row. A recording under legal hold is kept, as are
 * those of queues without a retention and of calls that reached no queue.
 */
export class RecordingRetention {
  #timer: CancelTimer | undefined;
  #running: Promise<number> | undefined;

  constructor(
    private readonly options: { db: Database; clock: Clock; dataDir: string; log: Logger },
  ) {}

  /** Sweeps now and then every hour until {@link stop}. */
  start(): void {
    if (this.#timer) return;
    const tick = () => {
      void this.sweep().finally(() => {
        if (this.#timer) this.#timer = this.options.clock.setTimer(RETENTION_SWEEP_MS, tick);
      });
    };
    this.#timer = this.options.clock.setTimer(0, tick);
  }

  stop(): void {
    this.#timer?.();
    this.#timer = undefined;
  }

  /** Deletes what has expired; returns how many recordings went. */
  sweep(): Promise<number> {
    this.#running ??= this.#sweep().finally(() => this.#running = undefined);
    return this.#running;
  }

  async #sweep(): Promise<number> {
    const { db, clock, dataDir, log } = this.options;
    const now = clock.now();
    const expired = db.all<{ id: number; call_id: string; path: string }>(
      `SELECT r.id, r.call_id, r.path FROM recordings r
       JOIN calls c ON c.id = r.call_id
       JOIN queues q ON q.id = c.queue_id
       WHERE r.legal_hold = 0 AND r.duration_ms IS NOT NULL
         AND json_extract(q.options, '$.recording_retention_days') IS NOT NULL
         AND r.started_at < strftime('%Y-%m-%dT%H:%M:%fZ', ?, '-' ||
           json_extract(q.options, '$.recording_retention_days') || ' days')
       LIMIT 10000`,
      isoTime(now),
    );
    let deleted = 0;
    for (const row of expired) {
      try {
        await Deno.remove(`${dataDir}/${row.path}`);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) {
          log.warn("an expired recording's file could not be deleted", {
            call_id: row.call_id,
            recording_id: row.id,
            error,
          });
          continue;
        }
      }
      db.run("DELETE FROM recordings WHERE id = ?", row.id);
      deleted++;
    }
    if (deleted > 0) log.info("expired recordings deleted", { recordings: deleted });
    return deleted;
  }
}
