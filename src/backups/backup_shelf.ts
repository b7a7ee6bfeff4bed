import type { Clock } from "../clock/mod.ts";
import type { Database } from "../db/mod.ts";
import {
  type BackupSummary,
  type DataPaths,
  inspectBackupFile,
  writeBackupArchive,
} from "./backup_archive.ts";

/** One backup file on the shelf. */
export interface BackupFile {
  name: string;
  size: number;
  created_at: string;
  /** Known for a backup just taken: the database's schema version. */
  schema_version: number | null;
  /** Set on a backup just taken: what it holds, as a restore would check it. */
  summary?: BackupSummary;
}

/** How many backups are kept when nobody says otherwise. */
export const DEFAULT_KEEP = 14;

// `.db` files are the database-only backups of earlier releases; they stay listed and restorable.
const NAME = /^callcenter-\d{8}-\d{6}(-\d+)?\.(db|tar)$/;

/**
 * Backups the appliance takes of itself while it runs (the database as `VACUUM INTO`
 * copies it, the recordings, voicemails, prompts and attachments, and the recording
 * keys), kept in one folder of the data directory and checked as `callcenter restore`
 * would check them.
 */
export class BackupShelf {
  #running: Promise<BackupFile> | undefined;

  constructor(
    private readonly db: Database,
    private readonly paths: DataPaths & { backupDir: string },
    private readonly clock: Clock,
  ) {}

  /** The folder backups are kept in. */
  get dir(): string {
    return this.paths.backupDir;
  }

  /**
   * Takes a backup now and returns it; the oldest beyond `keep` are removed. A backup
   * asked for while one is being taken is that one.
   */
  takeNow(keep = DEFAULT_KEEP): Promise<BackupFile> {
    this.#running ??= this.#take(keep).finally(() => this.#running = undefined);
    return this.#running;
  }

  /** Backups on the shelf, newest first. */
  list(): BackupFile[] {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(this.dir)];
    } catch {
      return [];
    }
    return entries.filter((e) => e.isFile && NAME.test(e.name))
      .map((e) => this.#describe(e.name))
      .sort((a, b) => b.name.localeCompare(a.name));
  }

  /** The path of a backup by its name, or undefined for a name that is not one of ours. */
  pathOf(name: string): string | undefined {
    if (!NAME.test(name) || !exists(`${this.dir}/${name}`)) return undefined;
    return `${this.dir}/${name}`;
  }

  async #take(keep: number): Promise<BackupFile> {
    await Deno.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const now = this.clock.now();
    const stamp = new Date(now).toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
    let name = `callcenter-${stamp}.tar`;
    for (let n = 2; exists(`${this.dir}/${name}`); n++) name = `callcenter-${stamp}-${n}.tar`;
    const file = `${this.dir}/${name}`;
    await writeBackupArchive(this.db, this.paths, file, now);
    let summary: BackupSummary;
    try {
      summary = await inspectBackupFile(file, `${this.dir}/.scratch`);
    } catch (error) {
      // A backup that would not restore is no backup: it goes, and the caller hears why.
      await Deno.remove(file);
      throw error;
    }
    for (const old of this.list().slice(Math.max(1, keep))) {
      Deno.removeSync(`${this.dir}/${old.name}`);
    }
    return { ...this.#describe(name), schema_version: summary.schema_version, summary };
  }

  #describe(name: string): BackupFile {
    const stat = Deno.statSync(`${this.dir}/${name}`);
    return {
      name,
      size: stat.size,
      created_at: (stat.mtime ?? new Date(this.clock.now())).toISOString(),
      schema_version: null,
    };
  }
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
