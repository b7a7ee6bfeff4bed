import type { Clock } from "../clock/mod.ts";
import type { Database } from "./database.ts";
import { inspectBackup } from "./restore.ts";

/** One backup file on the shelf. */
export interface BackupFile {
  name: string;
  size: number;
  created_at: string;
  schema_version: number | null;
}

const NAME = /^callcenter-\d{8}-\d{6}(-\d+)?\.db$/;

/**
 * Backups the appliance takes of its own database while it runs (`VACUUM INTO`, the same
 * consistent copy as `callcenter backup`), kept in one folder of the data directory and
 * checked as `callcenter restore` would check them. Restoring stays a CLI step: it needs
 * the appliance stopped.
 */
export class BackupShelf {
  constructor(
    private readonly db: Database,
    private readonly dir: string,
    private readonly clock: Clock,
  ) {}

  /** Takes a backup now and returns it; the oldest beyond `keep` are removed. */
  takeNow(keep = 14): BackupFile {
    Deno.mkdirSync(this.dir, { recursive: true });
    const stamp = new Date(this.clock.now()).toISOString().replace(/[-:]/g, "").replace("T", "-")
      .slice(0, 15);
    let name = `callcenter-${stamp}.db`;
    for (let n = 2; exists(`${this.dir}/${name}`); n++) name = `callcenter-${stamp}-${n}.db`;
    const file = `${this.dir}/${name}`;
    this.db.backupTo(file);
    const version = inspectBackup(file);
    for (const old of this.list().slice(keep)) Deno.removeSync(`${this.dir}/${old.name}`);
    return { ...this.#describe(name), schema_version: version };
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
