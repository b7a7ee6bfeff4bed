import { z } from "zod";
import type { Database } from "../db/mod.ts";
import type { LocalTime } from "./local_time.ts";
import type { ScheduleBook } from "./services.ts";

const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "Use HH:MM (24-hour)");

/** A schedule as the admin API reads and writes it. */
export const ScheduleSchema = z.strictObject({
  hours: z.array(
    z.strictObject({
      /** 1 = Monday … 7 = Sunday. */
      weekday: z.int().min(1).max(7),
      opens: Hhmm,
      closes: Hhmm,
    }).refine((h) => h.opens < h.closes, {
      message: "opens must be before closes",
      path: ["closes"],
      params: { code: "ends_before_start" },
    }),
  )
    .max(50),
  holidays: z.array(z.strictObject({
    date: z.iso.date(),
    name: z.string().max(100).default(""),
  })).max(400).default([]),
});
export type Schedule = z.infer<typeof ScheduleSchema>;

export const ScheduleNameSchema = z.string().regex(
  /^[A-Za-z0-9_-]{1,64}$/,
  "Schedule names use letters, digits, _ and - (at most 64)",
);

/**
 * Business hours and holidays by schedule name. A schedule exists once it has hours
 * or holidays; hours are local to whichever flow asks (its time zone).
 */
export class ScheduleStore implements ScheduleBook {
  constructor(private readonly db: Database) {}

  has(name: string): boolean {
    return this.db.get(
      `SELECT 1 FROM business_hours WHERE schedule = ? UNION ALL SELECT 1 FROM holidays WHERE schedule = ? LIMIT 1`,
      name,
      name,
    ) !== undefined;
  }

  status(name: string, at: LocalTime): "open" | "closed" | "holiday" {
    if (this.db.get("SELECT 1 FROM holidays WHERE schedule = ? AND date = ?", name, at.date)) {
      return "holiday";
    }
    const open = this.db.get(
      "SELECT 1 FROM business_hours WHERE schedule = ? AND weekday = ? AND opens <= ? AND closes > ?",
      name,
      at.weekday,
      at.hhmm,
      at.hhmm,
    );
    return open ? "open" : "closed";
  }

  names(): string[] {
    return this.db.all<{ schedule: string }>(
      "SELECT schedule FROM business_hours UNION SELECT schedule FROM holidays ORDER BY 1",
    ).map((r) => r.schedule);
  }

  get(name: string): Schedule | undefined {
    if (!this.has(name)) return undefined;
    return {
      hours: this.db.all<{ weekday: number; opens: string; closes: string }>(
        "SELECT weekday, opens, closes FROM business_hours WHERE schedule = ? ORDER BY weekday, opens",
        name,
      ).map((r) => ({ ...r })),
      holidays: this.db.all<{ date: string; name: string }>(
        "SELECT date, name FROM holidays WHERE schedule = ? ORDER BY date",
        name,
      ).map((r) => ({ ...r })),
    };
  }

  /** Replaces a schedule's hours and holidays as one change. */
  put(name: string, schedule: Schedule): void {
    this.db.transaction(() => {
      this.db.run("DELETE FROM business_hours WHERE schedule = ?", name);
      this.db.run("DELETE FROM holidays WHERE schedule = ?", name);
      for (const h of schedule.hours) {
        this.db.run(
          "INSERT INTO business_hours (schedule, weekday, opens, closes) VALUES (?, ?, ?, ?)",
          name,
          h.weekday,
          h.opens,
          h.closes,
        );
      }
      for (const h of schedule.holidays) {
        this.db.run(
          "INSERT OR REPLACE INTO holidays (schedule, date, name) VALUES (?, ?, ?)",
          name,
          h.date,
          h.name,
        );
      }
    });
  }
}
