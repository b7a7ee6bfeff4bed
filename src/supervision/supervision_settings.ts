import { z } from "zod";
import type { Settings } from "../db/mod.ts";

/** Center-wide supervision settings. */
export const SupervisionSettingsSchema = z.object({
  /** Where alerts are POSTed as JSON; null: nowhere. */
  alert_webhook_url: z.url({ protocol: /^https?$/ }).max(2000).nullable().default(null),
  /** Seconds between a TV screen's refreshes; a revoked link stops within this. */
  tv_refresh_s: z.number().int().min(1).max(60).default(15),
  /** Seconds each queue stays on a TV screen before the next. */
  tv_rotate_s: z.number().int().min(3).max(600).default(10),
  /**
   * Whether agents are told when a supervisor monitors their call. Local law differs:
   * some places require it, others allow silent monitoring; off by default.
   */
  agents_see_monitoring: z.boolean().default(false),
}).strict();

export type SupervisionSettings = z.infer<typeof SupervisionSettingsSchema>;

const KEY = "supervision.settings";

/** Reads and changes the supervision settings (one JSON value in the settings table). */
export class SupervisionSettingsStore {
  constructor(private readonly settings: Settings) {}

  get(): SupervisionSettings {
    const raw = this.settings.get(KEY);
    try {
      return SupervisionSettingsSchema.parse(raw === undefined ? {} : JSON.parse(raw));
    } catch {
      return SupervisionSettingsSchema.parse({});
    }
  }

  /** Applies `change` over the current settings; throws a ZodError on bad input. */
  update(change: Partial<SupervisionSettings>): SupervisionSettings {
    const next = SupervisionSettingsSchema.parse({ ...this.get(), ...change });
    this.settings.set(KEY, JSON.stringify(next));
    return next;
  }
}
