import type { CancelTimer, Clock } from "../clock/mod.ts";
import type { Logger } from "../log/mod.ts";
import type { PrimaryFetch } from "./standby_link.ts";

/** Folders of the data directory that follow the database to the standby. */
export const SYNCED_FOLDERS = ["recordings", "voicemails", "prompts", "attachments"] as const;

/** A file younger than this may still be written (a recording in progress); it waits. */
export const FILE_SETTLE_MS = 2000;

/** How often the standby compares its files with the primary's: well within a minute. */
export const FILE_SYNC_EVERY_MS = 20_000;

export interface SyncedFile {
  /** Relative to the data directory, with "/" separators. */
  path: string;
  size: number;
  mtime_ms: number;
}

/**
 * The files a standby must hold: closed files in {@link SYNCED_FOLDERS}, without
 * unfinished uploads (`.part`) and without the speech cache, which each box renders.
 */
export async function listSyncedFiles(dataDir: string, now: number): Promise<SyncedFile[]> {
  const files: SyncedFile[] = [];
  const walk = async (relative: string) => {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(`${dataDir}/${relative}`));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return;
      throw error;
    }
    for (const entry of entries) {
      const path = `${relative}/${entry.name}`;
      if (entry.isDirectory) {
        if (path !== "prompts/cache") await walk(path);
        continue;
      }
      if (!entry.isFile || entry.name.endsWith(".part")) continue;
      const info = await Deno.stat(`${dataDir}/${path}`).catch(() => undefined);
      const mtime = info?.mtime?.getTime();
      if (!info || mtime === undefined || now - mtime < FILE_SETTLE_MS) continue;
      files.push({ path, size: info.size, mtime_ms: mtime });
    }
  };
  for (const folder of SYNCED_FOLDERS) await walk(folder);
  return files;
}

/** Whether `path` names a file that may be synced: inside a synced folder, no way out of it. */
export function isSyncedPath(path: string): boolean {
  const parts = path.split("/");
  return SYNCED_FOLDERS.includes(parts[0] as typeof SYNCED_FOLDERS[number]) &&
    parts.length > 1 && parts.every((p) => p !== "" && p !== "." && p !== "..") &&
    !path.includes("\\") && !path.includes("\0");
}

export interface FileFollowerOptions {
  dataDir: string;
  fetch: PrimaryFetch;
  clock: Clock;
  log: Logger;
  everyMs?: number;
}

/**
 * The standby's copy of the primary's files: every {@link FILE_SYNC_EVERY_MS} it lists
 * the primary's and fetches those it lacks or holds in another size or age. Files are
 * written beside their place and renamed, so a reader never sees half a file. Files the
 * primary deleted stay (the database says which are still in use).
 */
export class FileFollower {
  readonly #options: FileFollowerOptions;
  #timer: CancelTimer | undefined;
  #stopped = false;
  #running: Promise<number> | undefined;
  /** Aborts requests under way at stop: a frozen primary must not hold up a takeover. */
  readonly #abort = new AbortController();

  constructor(options: FileFollowerOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#stopped || this.#timer) return;
    this.#timer = this.#options.clock.setTimer(0, () => this.#tick());
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    this.#timer?.();
    this.#timer = undefined;
    await this.#running?.catch(() => 0);
  }

  /** One comparison; returns how many files were fetched. */
  async syncOnce(): Promise<number> {
    const { fetch, dataDir } = this.#options;
    const signal = this.#abort.signal;
    const response = await fetch("/replication/files", { signal });
    if (!response.ok) throw new Error(`The primary answered ${response.status} for its files`);
    const { files } = await response.json() as { files: SyncedFile[] };
    let fetched = 0;
    for (const file of files) {
      if (this.#stopped) break;
      if (!isSyncedPath(file.path)) continue;
      const local = `${dataDir}/${file.path}`;
      const info = await Deno.stat(local).catch(() => undefined);
      if (info && info.size === file.size && info.mtime?.getTime() === file.mtime_ms) continue;
      const body = await fetch(`/replication/file?path=${encodeURIComponent(file.path)}`, {
        signal,
      });
      if (!body.ok) {
        await body.body?.cancel();
        continue; // Deleted since the list was made.
      }
      await Deno.mkdir(local.slice(0, local.lastIndexOf("/")), { recursive: true });
      await Deno.writeFile(`${local}.part`, body.body ?? new Uint8Array());
      await Deno.utime(`${local}.part`, new Date(), new Date(file.mtime_ms));
      await Deno.rename(`${local}.part`, local);
      fetched++;
    }
    return fetched;
  }

  #tick(): void {
    this.#timer = undefined;
    this.#running = this.syncOnce().catch((error) => {
      this.#options.log.warn("files did not follow from the primary this time", {
        error: error instanceof Error ? error.message : String(error),
      });
      return 0;
    });
    this.#running.finally(() => {
      if (this.#stopped) return;
      this.#timer = this.#options.clock.setTimer(
        this.#options.everyMs ?? FILE_SYNC_EVERY_MS,
        () => this.#tick(),
      );
    });
  }
}
