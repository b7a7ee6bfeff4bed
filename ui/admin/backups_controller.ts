import type { ReactiveController, ReactiveControllerHost } from "lit";
import { refusalMessage } from "./refusal_messages.ts";
import type { ApiClient } from "../common/api_client.ts";

/** A backup as `/backups` lists it. */
export interface Backup {
  name: string;
  size: number;
  created_at: string;
  /** Set on a backup just taken: what it holds. */
  summary?: { files: number; sealed: number; keys: number[] };
}

/** The backups on the appliance, and taking one now. */
export class BackupsController implements ReactiveController {
  backups: Backup[] = [];
  error: string | null = null;

  constructor(private readonly host: ReactiveControllerHost, private readonly api: ApiClient) {
    host.addController(this);
  }

  hostConnected(): void {}

  async load(): Promise<void> {
    try {
      this.backups = (await this.api.request<{ backups: Backup[] }>("GET", "/backups")).backups;
      this.error = null;
    } catch (error) {
      this.error = refusalMessage(error);
    }
    this.host.requestUpdate();
  }

  async takeNow(): Promise<Backup> {
    const { backup } = await this.api.request<{ backup: Backup }>("POST", "/backups");
    await this.load();
    return backup;
  }
}
