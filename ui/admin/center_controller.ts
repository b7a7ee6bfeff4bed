import type { ReactiveController, ReactiveControllerHost } from "lit";
import { refusalMessage } from "./refusal_messages.ts";
import { type ApiClient, ApiError } from "../common/api_client.ts";
import { fieldMessage, type Issue } from "./field_messages.ts";

/** The center as `/center` describes it. */
export interface Center {
  name: string;
  timezone: string;
  language: "en" | "zh-CN";
  configured: boolean;
}

/** Reads and saves the center's name, time zone and default language. */
export class CenterController implements ReactiveController {
  center: Center | null = null;

  constructor(private readonly host: ReactiveControllerHost, private readonly api: ApiClient) {
    host.addController(this);
  }

  hostConnected(): void {}

  async load(): Promise<void> {
    this.center = (await this.api.request<{ center: Center }>("GET", "/center")).center;
    this.host.requestUpdate();
  }

  /** Saves; refused values come back by field, in the admin's language. */
  async save(change: Omit<Center, "configured">): Promise<Record<string, string> | null> {
    try {
      this.center = (await this.api.request<{ center: Center }>("PUT", "/center", change)).center;
      this.host.requestUpdate();
      return null;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const issues = (error.details as { issues?: Issue[] } | null)?.issues ?? [];
      const fields: Record<string, string> = {};
      for (const issue of issues) fields[issue.path] ??= fieldMessage(issue);
      return Object.keys(fields).length > 0 ? fields : { name: refusalMessage(error) };
    }
  }
}
