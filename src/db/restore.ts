import { APPLICATION_ID, Database, DatabaseFileError } from "./database.ts";
import { MIGRATIONS } from "./migrations.ts";

const SQLITE_MAGIC = "SQLite format 3\0";

/**
 * Checks that `file` is a healthy database written by this program (or an older
 * release of it) and returns its schema version; throws {@link DatabaseFileError}
 * with the reason otherwise.
 */
export function inspectBackup(file: string): number {
  let header: Uint8Array;
  try {
    const handle = Deno.openSync(file, { read: true });
    header = new Uint8Array(100);
    const n = handle.readSync(header) ?? 0;
    handle.close();
    if (n < 100) throw new DatabaseFileError(`${file} is too short to be a database`);
  } catch (error) {
    if (error instanceof DatabaseFileError) throw error;
    throw new DatabaseFileError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  if (new TextDecoder().decode(header.subarray(0, 16)) !== SQLITE_MAGIC) {
    throw new DatabaseFileError(`${file} is not an SQLite database`);
  }
  const db = new Database(file, { readOnly: true });
  try {
    const appId = db.get<{ application_id: number }>("PRAGMA application_id")!.application_id;
    if (appId !== APPLICATION_ID) {
      throw new DatabaseFileError(
        `${file} is an SQLite database, but not one of this call-center program`,
      );
    }
    const check = db.get<{ quick_check: string }>("PRAGMA quick_check")!.quick_check;
    if (check !== "ok") throw new DatabaseFileError(`${file} is damaged: ${check}`);
    const version = db.schemaVersion();
    const known = MIGRATIONS.at(-1)!.version;
    if (version > known) {
      throw new DatabaseFileError(
        `${file} has schema version ${version}, newer than this program's ${known}`,
      );
    }
    return version;
  } finally {
    db.close();
  }
}

/**
 * Replaces the database at `target` with the backup `file` after checking it, then
 * brings it up to this program's schema. The appliance must not be running.
 */
export function restoreBackup(file: string, target: string): { schemaVersion: number } {
  inspectBackup(file);
  const staging = `${target}.restoring`;
  Deno.copyFileSync(file, staging);
  for (const suffix of ["-wal", "-shm"]) {
    try {
      Deno.removeSync(target + suffix);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  Deno.renameSync(staging, target);
  const db = new Database(target);
  try {
    db.migrate();
    return { schemaVersion: db.schemaVersion() };
  } finally {
    db.close();
  }
}
