import type { Clock } from "../clock/mod.ts";
import type { Logger } from "../log/mod.ts";
import {
  type BackupSummary,
  type DataPaths,
  inspectBackupFile,
  restoreBackupFile,
} from "./backup_archive.ts";

/** A restore checked and waiting for the next start. */
export interface PendingRestore {
  /** The backup's name as the admin knows it (shelf name or uploaded file name). */
  name: string;
  file: string;
  requested_by: string;
  requested_at: string;
  summary: BackupSummary;
}

/** The restore the last start applied, or why it could not. */
export interface LastRestore {
  name: string;
  applied_at: string;
  schema_version?: number;
  set_aside?: string;
  error?: string;
}

const PENDING = "restore-pending.json";
const LAST = "restore-last.json";

/**
 * Restores asked for in the browser. A running appliance cannot swap its database under
 * its own feet, so a restore is checked now (as `callcenter restore` checks) and applied
 * by the next start, before anything opens the database ({@link applyPendingRestore}).
 */
export class RestoreRequests {
  constructor(
    private readonly paths: DataPaths & { backupDir: string },
    private readonly clock: Clock,
  ) {}

  /** Where an uploaded backup is written before it is checked. */
  uploadPath(fileName: string): string {
    const ext = /\.db$/i.test(fileName) ? "db" : "tar";
    return `${this.paths.backupDir}/uploads/restore-${crypto.randomUUID()}.${ext}`;
  }

  /**
   * Checks `file` and, if it passes, makes it the restore the next start applies
   * (replacing one asked for earlier). Throws BackupFileError with the reason otherwise.
   */
  async stage(name: string, file: string, by: string): Promise<PendingRestore> {
    const summary = await inspectBackupFile(file, `${this.paths.backupDir}/.scratch`);
    const previous = this.pending();
    const pending: PendingRestore = {
      name,
      file,
      requested_by: by,
      requested_at: new Date(this.clock.now()).toISOString(),
      summary,
    };
    await Deno.writeTextFile(`${this.paths.dataDir}/${PENDING}`, JSON.stringify(pending));
    if (previous && previous.file !== file) await removeUpload(previous.file, this.paths);
    return pending;
  }

  pending(): PendingRestore | null {
    return readJson<PendingRestore>(`${this.paths.dataDir}/${PENDING}`);
  }

  /** Drops the restore waiting for the next start; false when there was none. */
  async cancel(): Promise<boolean> {
    const pending = this.pending();
    if (!pending) return false;
    await Deno.remove(`${this.paths.dataDir}/${PENDING}`);
    await removeUpload(pending.file, this.paths);
    return true;
  }

  last(): LastRestore | null {
    return readJson<LastRestore>(`${this.paths.dataDir}/${LAST}`);
  }
}

/**
 * Applies the restore an admin asked for, if any: called as a primary starts, before the
 * database is opened. A backup that no longer passes its checks is not applied; the
 * reason is kept for the page and the log, and the appliance starts on its current data.
 */
export async function applyPendingRestore(
  paths: DataPaths & { backupDir: string },
  nowMs: number,
  log: Logger,
): Promise<LastRestore | undefined> {
  const pendingFile = `${paths.dataDir}/${PENDING}`;
  const pending = readJson<PendingRestore>(pendingFile);
  if (!pending) return undefined;
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  let last: LastRestore;
  try {
    const result = await restoreBackupFile(pending.file, paths, stamp);
    last = {
      name: pending.name,
      applied_at: new Date(nowMs).toISOString(),
      schema_version: result.schema_version,
      set_aside: result.set_aside,
    };
    log.info("restored a backup", { name: pending.name, set_aside: result.set_aside });
  } catch (error) {
    last = {
      name: pending.name,
      applied_at: new Date(nowMs).toISOString(),
      error: (error as Error).message,
    };
    log.error("the restore asked for could not be applied", { name: pending.name, error });
  }
  await Deno.writeTextFile(`${paths.dataDir}/${LAST}`, JSON.stringify(last));
  await Deno.remove(pendingFile);
  await removeUpload(pending.file, paths);
  return last;
}

async function removeUpload(file: string, paths: { backupDir: string }): Promise<void> {
  if (!file.startsWith(`${paths.backupDir}/uploads/`)) return;
  await Deno.remove(file).catch(() => {});
}

function readJson<T>(path: string): T | null {
  try {
    return JSON.parse(Deno.readTextFileSync(path)) as T;
  } catch {
    return null;
  }
}
