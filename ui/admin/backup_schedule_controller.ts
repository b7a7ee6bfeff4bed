import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { issuesByField } from "./issues_by_field.ts";

/** The daily backup as `/backups/schedule` describes it. */
export interface BackupScheduleView {
  enabled: boolean;
  time: string;
  keep: number;
  time_zone: string;
  next_run_at: string | null;
  last_run: { at: string; name?: string; error?: string } | null;
}

/** Reads and saves the daily backup. */
export class BackupScheduleController implements ReactiveController {
  schedule: BackupScheduleView | null = null;
  error: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: Pick<ApiClient, "request">,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  async load(): Promise<void> {
    try {
      this.schedule = (await this.api.request<{ schedule: BackupScheduleView }>(
        "GET",
        "/backups/schedule",
      )).schedule;
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
    this.host.requestUpdate();
  }

  /** Saves; refused values come back by field, in the admin's language. */
  async save(
    setting: Pick<BackupScheduleView, "enabled" | "time" | "keep">,
  ): Promise<Record<string, string> | null> {
    try {
      this.schedule = (await this.api.request<{ schedule: BackupScheduleView }>(
        "PUT",
        "/backups/schedule",
        setting,
      )).schedule;
      this.host.requestUpdate();
      return null;
    } catch (error) {
      return issuesByField(error, "time");
    }
  }
}
