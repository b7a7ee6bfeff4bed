import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ApiClient } from "../common/api_client.ts";

/** What a checked backup holds, as the API sums it up. */
export interface BackupSummary {
  kind: "archive" | "database";
  schema_version: number;
  files: number;
  sealed: number;
  keys: number[];
}

/** A restore waiting for the next start. */
export interface PendingRestore {
  name: string;
  requested_by: string;
  requested_at: string;
  summary: BackupSummary;
}

/** The restore the last start applied, or why not. */
export interface LastRestore {
  name: string;
  applied_at: string;
  set_aside?: string;
  error?: string;
}

/** Where a restore asked for in the page stands. */
export type RestorePhase = "idle" | "uploading" | "checking";

/**
 * Restores from the page: a stored backup or an uploaded file is sent to be checked (the
 * upload's progress reported), and the restore then waits for the appliance's next start.
 */
export class RestoreController implements ReactiveController {
  pending: PendingRestore | null = null;
  last: LastRestore | null = null;
  phase: RestorePhase = "idle";
  /** Share of the upload sent, 0 to 1. */
  progress = 0;
  /** Why the last try was refused, from the server. */
  refusal: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: Pick<ApiClient, "request" | "uploadWithProgress">,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  async load(): Promise<void> {
    const status = await this.api.request<
      { pending: PendingRestore | null; last: LastRestore | null }
    >(
      "GET",
      "/backups/restore",
    );
    this.pending = status.pending;
    this.last = status.last;
    this.host.requestUpdate();
  }

  /** Asks to restore a backup kept on the appliance; true when it passed the checks. */
  restoreStored(name: string): Promise<boolean> {
    return this.#run(() =>
      this.api.request<{ pending: PendingRestore }>("POST", "/backups/restore", { name })
    );
  }

  /** Uploads a backup file and asks to restore it; true when it passed the checks. */
  restoreFile(file: File): Promise<boolean> {
    this.progress = 0;
    this.#set("uploading");
    const path = `/backups/restore/upload?file_name=${encodeURIComponent(file.name)}`;
    return this.#run(() =>
      this.api.uploadWithProgress<{ pending: PendingRestore }>(path, file, (sent) => {
        this.progress = sent;
        // The server checks the file once the last byte is in.
        this.#set(sent >= 1 ? "checking" : "uploading");
      })
    );
  }

  /** Drops the waiting restore. */
  async cancel(): Promise<void> {
    await this.api.request("DELETE", "/backups/restore");
    this.pending = null;
    this.host.requestUpdate();
  }

  async #run(send: () => Promise<{ pending: PendingRestore }>): Promise<boolean> {
    this.refusal = null;
    if (this.phase === "idle") this.#set("checking");
    try {
      this.pending = (await send()).pending;
      return true;
    } catch (error) {
      this.refusal = (error as Error).message;
      return false;
    } finally {
      this.#set("idle");
    }
  }

  #set(phase: RestorePhase): void {
    this.phase = phase;
    this.host.requestUpdate();
  }
}
