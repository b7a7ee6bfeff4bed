/**
 * Storage: one SQLite file (`node:sqlite`, WAL, foreign keys, busy timeout) in the data
 * directory, with numbered migrations embedded in the program, applied when a primary
 * starts (a standby opens the file read-only and changes nothing). Domains keep their own
 * repositories on top of {@link Database}; the `settings` table is {@link Settings}'. Call
 * history, written many times per call, shares one commit per {@link GROUP_COMMIT_MS}
 * (`runGrouped`). A full or failing disk makes writes throw {@link StorageError} (grouped
 * history is reported lost instead) and sets `db.storage`; writes work again as soon as
 * space returns. The WAL is kept under a bound ({@link WAL_LIMIT_BYTES}) by
 * {@link WalCheckpoints}, and near the bound by commits that wait ({@link WalBrake}).
 *
 * @module
 */
export { APPLICATION_ID, Database, DatabaseFileError, GROUP_COMMIT_MS } from "./database.ts";
export type { DatabaseOptions, Params, Row, WriteListener } from "./database.ts";
export {
  asStorageError,
  StorageError,
  StorageHealth,
  type StorageListener,
  type StorageState,
} from "./storage_health.ts";
export { MIGRATIONS } from "./migrations.ts";
export {
  AUTO_CHECKPOINT_FRAMES,
  type CheckpointResult,
  WAL_LIMIT_BYTES,
  walBound,
  type WalCheckpointOptions,
  WalCheckpoints,
} from "./wal_checkpoints.ts";
export { BRAKE_REST_MS, WalBrake, type WalBrakeOptions, type WalBrakeParts } from "./wal_brake.ts";
export { inspectBackup, restoreBackup } from "./restore.ts";
export { isoTime } from "./iso_time.ts";
export { type Setting, Settings } from "./settings.ts";
export { assertFresh, StaleEditError, type Versioned } from "./stale_edit.ts";

/** The database file's name inside the data directory. */
export const DATABASE_FILE = "callcenter.db";
