import { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import { type Database, Settings } from "../db/mod.ts";

/** What an admin can tune in the CRM; stored as `crm.*` rows of the settings table. */
export const CrmSettingsSchema = z.object({
  /** Calling code used for numbers written without one ("86" China, "1" US, "44" UK). */
  default_country: z.string().regex(/^[1-9]\d{0,2}$/, "expected a calling code such as 86"),
  /** Agents see phone numbers with the middle digits hidden. */
  mask_phones_for_agents: z.boolean(),
  /** A repeat contact within this many days means the first one did not resolve the issue. */
  fcr_window_days: z.number().int().min(1).max(90),
  /** The IVR schedule that holds the center's business hours, for business-time SLA rules. */
  hours_schedule: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "expected a schedule name"),
});
export type CrmSettingsValues = z.infer<typeof CrmSettingsSchema>;

export const DEFAULT_CRM_SETTINGS: CrmSettingsValues = {
  default_country: "86",
  mask_phones_for_agents: false,
  fcr_window_days: 7,
  hours_schedule: "office",
};

/** Reads and writes the CRM settings; values are cached because every lookup needs one. */
export class CrmSettings {
  #cache: CrmSettingsValues | undefined;
  readonly #settings: Settings;

  constructor(private readonly db: Database, clock: Clock) {
    this.#settings = new Settings(db, clock);
  }

  get(): CrmSettingsValues {
    if (this.#cache) return this.#cache;
    const rows = this.#settings.withPrefix("crm.");
    const stored: Record<string, unknown> = {};
    for (const row of rows) {
      try {
        stored[row.key.slice(4)] = JSON.parse(row.value);
      } catch {
        // A hand-edited row that is not JSON falls back to the default below.
      }
    }
    const merged = { ...DEFAULT_CRM_SETTINGS };
    for (const key of Object.keys(merged) as (keyof CrmSettingsValues)[]) {
      const parsed = CrmSettingsSchema.shape[key].safeParse(stored[key]);
      if (parsed.success) (merged as Record<string, unknown>)[key] = parsed.data;
    }
    return this.#cache = merged;
  }

  update(change: Partial<CrmSettingsValues>): CrmSettingsValues {
    const next = CrmSettingsSchema.parse({ ...this.get(), ...change });
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(change)) {
        if (value !== undefined) this.#settings.set(`crm.${key}`, JSON.stringify(value));
      }
    });
    return this.#cache = next;
  }
}
