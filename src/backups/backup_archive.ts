import {
  Database,
  DATABASE_FILE,
  DatabaseFileError,
  inspectBackup,
  restoreBackup,
} from "../db/mod.ts";
import { sealedKeyId } from "../recordings/mod.ts";
import { readTar, TarWriter } from "./tar_archive.ts";

/** Folders of the data directory a backup carries besides the database. */
export const ARCHIVED_FOLDERS = ["recordings", "voicemails", "prompts", "attachments"] as const;

/** Files written beside their final name and renamed into place when whole. */
const BEING_WRITTEN = /\.(partial|part)$/;

/** Where the appliance keeps what a backup holds. */
export interface DataPaths {
  dataDir: string;
  /** The recording keys' directory (decision 024). */
  keyDir: string;
}

/** What a checked backup holds. */
export interface BackupSummary {
  kind: "archive" | "database";
  schema_version: number;
  /** Files besides the database and the keys. */
  files: number;
  /** Of those, recordings and voicemails sealed at rest. */
  sealed: number;
  /** The recording keys the backup holds, by number. */
  keys: number[];
}

/** A backup that fails its checks; the message says why, for the admin. */
export class BackupFileError extends DatabaseFileError {
  override name = "BackupFileError";
}

const KEY_FILE = /^keys\/recording-(\d+)\.key$/;

/**
 * Writes a backup archive to `file`: a consistent copy of the database (`VACUUM INTO`),
 * every file of {@link ARCHIVED_FOLDERS} and the recording keys, so a restore yields
 * recordings that play (decision 028). Files still being written (`.partial`, and the
 * `.part` a prompt is written to before it is renamed into place) are left out, and so is a
 * file that goes while the backup runs. Written beside `file` first and renamed, so a failure leaves no half backup.
 */
export async function writeBackupArchive(
  db: Database,
  paths: DataPaths,
  file: string,
  nowMs: number,
): Promise<void> {
  const partial = `${file}.partial`;
  const copy = `${file}.db.partial`;
  await removeIfThere(copy);
  db.backupTo(copy);
  const out = await Deno.open(partial, { write: true, create: true, truncate: true, mode: 0o600 });
  try {
    const tar = new TarWriter(out);
    await tar.addFile(DATABASE_FILE, copy, nowMs);
    for (const folder of ARCHIVED_FOLDERS) {
      for await (const name of filesUnder(paths.dataDir, folder)) {
        if (BEING_WRITTEN.test(name)) continue;
        try {
          await tar.addFile(name, `${paths.dataDir}/${name}`, nowMs);
        } catch (error) {
          // Gone since the folder was listed (a prompt renamed into place, a file removed):
          // nothing of it was written yet, and the archive holds what is there now.
          if (!(error instanceof Deno.errors.NotFound)) throw error;
        }
      }
    }
    for (const entry of await listDir(paths.keyDir)) {
      if (entry === "current" || /^recording-\d+\.key$/.test(entry)) {
        await tar.addFile(`keys/${entry}`, `${paths.keyDir}/${entry}`, nowMs);
      }
    }
    await tar.finish();
    await out.sync();
  } catch (error) {
    out.close();
    await removeIfThere(partial);
    throw error;
  } finally {
    await removeIfThere(copy);
  }
  out.close();
  await Deno.rename(partial, file);
}

/**
 * Checks a backup as `callcenter restore` does before anything is replaced: a database of
 * this program, healthy, not newer than it; for an archive also that it is whole and holds
 * every key its sealed recordings name. Throws {@link BackupFileError} saying why not.
 */
export async function inspectBackupFile(file: string, scratchDir: string): Promise<BackupSummary> {
  // Anything that is not an archive is checked as a database, which says what it is not.
  if (!(await isTarArchive(file))) {
    return { kind: "database", schema_version: inspectBackup(file), files: 0, sealed: 0, keys: [] };
  }
  await Deno.mkdir(scratchDir, { recursive: true });
  const dbCopy = `${scratchDir}/inspect-${crypto.randomUUID()}.db`;
  try {
    const needed = new Set<number>();
    const keys = new Set<number>();
    let files = 0;
    let sealed = 0;
    let version: number | undefined;
    await forEachEntry(file, async (entry) => {
      if (entry.name === DATABASE_FILE) {
        if (version !== undefined) throw new BackupFileError(`${file} holds two databases`);
        await writeEntry(entry.read(), dbCopy);
        version = inspectBackup(dbCopy);
        return;
      }
      const key = KEY_FILE.exec(entry.name);
      if (key) {
        if (entry.size !== 32) throw new BackupFileError(`${entry.name} in ${file} is not a key`);
        keys.add(Number(key[1]));
        await drain(entry.read());
        return;
      }
      if (entry.name === "keys/current") return await drain(entry.read());
      if (!ARCHIVED_FOLDERS.some((f) => entry.name.startsWith(`${f}/`))) {
        throw new BackupFileError(`${file} holds ${entry.name}, which no backup of ours holds`);
      }
      files++;
      let first = true;
      for await (const piece of entry.read()) {
        if (!first) continue;
        first = false;
        const id = sealedKeyId(piece);
        if (id !== undefined) {
          sealed++;
          needed.add(id);
        }
      }
    });
    if (version === undefined) throw new BackupFileError(`${file} holds no database`);
    const missing = [...needed].filter((id) => !keys.has(id)).sort((a, b) => a - b);
    if (missing.length) {
      throw new BackupFileError(
        `${file} lacks recording key ${missing.join(", ")}: its recordings would not play`,
      );
    }
    return { kind: "archive", schema_version: version, files, sealed, keys: [...keys].sort() };
  } finally {
    await removeIfThere(dbCopy);
  }
}

/** What a restore did, for the log and the admin. */
export interface RestoreResult {
  summary: BackupSummary;
  schema_version: number;
  /** Where the replaced files were moved (archives only). */
  set_aside?: string;
}

/**
 * Replaces the database (and for an archive the folders and keys it holds) with the
 * backup's, after {@link inspectBackupFile}. What it replaces is moved to
 * `<data>/before-restore/<stamp>/` rather than deleted. The appliance must not be running.
 */
export async function restoreBackupFile(
  file: string,
  paths: DataPaths,
  stamp: string,
): Promise<RestoreResult> {
  const scratch = `${paths.dataDir}/restore-staging`;
  await Deno.remove(scratch, { recursive: true }).catch(ignoreMissing);
  const summary = await inspectBackupFile(file, scratch);
  const target = `${paths.dataDir}/${DATABASE_FILE}`;
  if (summary.kind === "database") {
    return { summary, schema_version: restoreBackup(file, target).schemaVersion };
  }
  await forEachEntry(file, async (entry) => {
    const path = `${scratch}/${entry.name}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await writeEntry(entry.read(), path);
  });
  const aside = `${paths.dataDir}/before-restore/${stamp}`;
  await Deno.mkdir(`${aside}/keys`, { recursive: true });
  for (const folder of ARCHIVED_FOLDERS) {
    await Deno.rename(`${paths.dataDir}/${folder}`, `${aside}/${folder}`).catch(ignoreMissing);
    await Deno.rename(`${scratch}/${folder}`, `${paths.dataDir}/${folder}`).catch(ignoreMissing);
  }
  // Copied, not renamed: the key directory may sit on another disk (decision 024).
  await Deno.mkdir(paths.keyDir, { recursive: true, mode: 0o700 });
  for (const name of await listDir(paths.keyDir)) {
    await Deno.copyFile(`${paths.keyDir}/${name}`, `${aside}/keys/${name}`);
  }
  for (const name of await listDir(`${scratch}/keys`)) {
    await Deno.copyFile(`${scratch}/keys/${name}`, `${paths.keyDir}/${name}`);
    await Deno.chmod(`${paths.keyDir}/${name}`, 0o600);
  }
  const stagedKeys = new Set(await listDir(`${scratch}/keys`));
  for (const name of await listDir(paths.keyDir)) {
    if (!stagedKeys.has(name)) await Deno.remove(`${paths.keyDir}/${name}`);
  }
  await Deno.copyFile(target, `${aside}/${DATABASE_FILE}`).catch(ignoreMissing);
  const result = restoreBackup(`${scratch}/${DATABASE_FILE}`, target);
  await Deno.remove(scratch, { recursive: true });
  return { summary, schema_version: result.schemaVersion, set_aside: aside };
}

async function forEachEntry(
  file: string,
  each: (entry: { name: string; size: number; read(): AsyncIterable<Uint8Array> }) => Promise<void>,
): Promise<void> {
  const handle = await Deno.open(file, { read: true });
  try {
    for await (const entry of readTar(handle)) await each(entry);
  } catch (error) {
    if (error instanceof BackupFileError || error instanceof DatabaseFileError) throw error;
    if (error instanceof TypeError) throw new BackupFileError(`${file}: ${error.message}`);
    throw error;
  } finally {
    handle.close();
  }
}

async function* filesUnder(root: string, folder: string): AsyncGenerator<string> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(`${root}/${folder}`));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const name = `${folder}/${entry.name}`;
    if (entry.isDirectory) yield* filesUnder(root, name);
    else if (entry.isFile) yield name;
  }
}

async function listDir(dir: string): Promise<string[]> {
  try {
    const entries = await Array.fromAsync(Deno.readDir(dir));
    return entries.filter((e) => e.isFile).map((e) => e.name).sort();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
}

async function writeEntry(pieces: AsyncIterable<Uint8Array>, path: string): Promise<void> {
  const out = await Deno.open(path, { write: true, create: true, truncate: true, mode: 0o600 });
  try {
    for await (const piece of pieces) {
      for (let done = 0; done < piece.length;) done += await out.write(piece.subarray(done));
    }
  } finally {
    out.close();
  }
}

async function drain(pieces: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const _ of pieces) { /* skipped */ }
}

/** True when the file starts with a ustar header (its magic at offset 257). */
async function isTarArchive(file: string): Promise<boolean> {
  let handle: Deno.FsFile;
  try {
    handle = await Deno.open(file, { read: true });
  } catch (error) {
    throw new BackupFileError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const head = new Uint8Array(263);
    let got = 0;
    while (got < head.length) {
      const n = await handle.read(head.subarray(got));
      if (n === null) return false;
      got += n;
    }
    return new TextDecoder().decode(head.subarray(257, 262)) === "ustar";
  } finally {
    handle.close();
  }
}

async function removeIfThere(path: string): Promise<void> {
  await Deno.remove(path).catch(ignoreMissing);
}

function ignoreMissing(error: unknown): void {
  if (!(error instanceof Deno.errors.NotFound)) throw error;
}
