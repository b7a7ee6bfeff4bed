/**
 * Backups: the appliance's whole state in one plain tar file — a consistent copy of the
 * database, the recordings, voicemails, prompts and attachments, and the recording keys
 * that make the sealed audio playable (decision 028) — taken now or every day at a time
 * in the center's zone, kept on a shelf in the data directory with the newest N kept,
 * downloaded, and restored: by `callcenter restore FILE` with the appliance stopped, or
 * from the browser, where the restore is checked at once and applied by the next start.
 * Database-only `.db` backups of earlier releases stay restorable.
 *
 * @module
 */
export {
  ARCHIVED_FOLDERS,
  BackupFileError,
  type BackupSummary,
  type DataPaths,
  inspectBackupFile,
  restoreBackupFile,
  type RestoreResult,
  writeBackupArchive,
} from "./backup_archive.ts";
export { backupPathsOf } from "./data_paths.ts";
export { type BackupFile, BackupShelf, DEFAULT_KEEP } from "./backup_shelf.ts";
export {
  type BackupRun,
  BackupSchedule,
  type BackupScheduleOptions,
  BackupScheduleSchema,
  type BackupScheduleSetting,
  type BackupScheduleView,
} from "./backup_schedule.ts";
export { nextDailyRun } from "./next_daily_run.ts";
export {
  applyPendingRestore,
  type LastRestore,
  type PendingRestore,
  RestoreRequests,
} from "./pending_restore.ts";
export { readTar, safeArchiveName, type TarEntry, TarWriter } from "./tar_archive.ts";
