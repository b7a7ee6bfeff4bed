/**
 * Storage: one SQLite file (`node:sqlite`, WAL, foreign keys, busy timeout) in the data
 * directory, with numbered migrations embedded in the program and applied at open.
 * Domains keep their own repositories on top of {@link Database}.
 *
 * @module
 */
export { APPLICATION_ID, Database, DatabaseFileError } from "./database.ts";
export type { Params, Row } from "./database.ts";
export { MIGRATIONS } from "./migrations.ts";
export { inspectBackup, restoreBackup } from "./restore.ts";

/** The database file's name inside the data directory. */
export const DATABASE_FILE = "callcenter.db";

/** ISO-8601 UTC text, the one time format stored in the database. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
