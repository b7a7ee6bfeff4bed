import { z } from "zod";
import type { CancelTimer, Clock } from "../clock/mod.ts";
import type { Settings } from "../db/mod.ts";
import type { Logger } from "../log/mod.ts";
import type { BackupShelf } from "./backup_shelf.ts";
import { DEFAULT_KEEP } from "./backup_shelf.ts";
import { nextDailyRun } from "./next_daily_run.ts";

/** The daily backup as an admin sets it. */
export const BackupScheduleSchema = z.object({
  enabled: z.boolean(),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use a time of day such as 02:30"),
  keep: z.number().int().min(1, "keep at least one backup").max(365),
}).strict();
export type BackupScheduleSetting = z.infer<typeof BackupScheduleSchema>;

/** The last scheduled backup: when it ran and what came of it. */
export interface BackupRun {
  at: string;
  name?: string;
  error?: string;
}

/** The schedule with its next run and last result, as the API shows it. */
export interface BackupScheduleView extends BackupScheduleSetting {
  time_zone: string;
  next_run_at: string | null;
  last_run: BackupRun | null;
}

const KEY = "backups.schedule";
const LAST_KEY = "backups.last_run";
const DEFAULT: BackupScheduleSetting = { enabled: false, time: "02:30", keep: DEFAULT_KEEP };

export interface BackupScheduleOptions {
  settings: Settings;
  clock: Clock;
  shelf: BackupShelf;
  log: Logger;
  /** The center's time zone, read at each arming so a change of zone moves the next run. */
  timeZone: () => string;
}

/**
 * Takes a backup every day at a time of day in the center's zone and keeps the newest
 * `keep`. Runs on the injected clock while the appliance is the primary (a standby's
 * database is a copy already). The setting lives in `settings` and so fails over too.
 */
export class BackupSchedule {
  #cancel: CancelTimer | undefined;
  #running = false;
  #inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly o: BackupScheduleOptions) {}

  get(): BackupScheduleView {
    const setting = this.#setting();
    const zone = this.o.timeZone();
    const next = this.#running && setting.enabled
      ? nextDailyRun(this.o.clock.now(), setting.time, zone)
      : null;
    const last = this.o.settings.get(LAST_KEY);
    return {
      ...setting,
      time_zone: zone,
      next_run_at: next === null ? null : new Date(next).toISOString(),
      last_run: last ? JSON.parse(last) as BackupRun : null,
    };
  }

  /** Stores a new schedule and re-arms the timer with it. */
  set(setting: BackupScheduleSetting): BackupScheduleView {
    this.o.settings.set(KEY, JSON.stringify(BackupScheduleSchema.parse(setting)));
    if (this.#running) this.#arm(this.o.clock.now());
    return this.get();
  }

  /** Resolves once a scheduled backup under way (if any) has finished and the next is armed. */
  idle(): Promise<void> {
    return this.#inFlight;
  }

  start(): void {
    this.#running = true;
    this.#arm(this.o.clock.now());
  }

  stop(): void {
    this.#running = false;
    this.#cancel?.();
    this.#cancel = undefined;
  }

  #arm(afterMs: number): void {
    this.#cancel?.();
    this.#cancel = undefined;
    const setting = this.#setting();
    if (!setting.enabled) return;
    const at = nextDailyRun(afterMs, setting.time, this.o.timeZone());
    this.#cancel = this.o.clock.setTimer(Math.max(0, at - this.o.clock.now()), () => {
      this.#inFlight = this.#run(setting.keep).finally(() => {
        // From the planned time, not the clock: a timer that fires a little early must
        // not run the same day's backup twice.
        if (this.#running) this.#arm(Math.max(at, this.o.clock.now()));
      });
    });
  }

  async #run(keep: number): Promise<void> {
    const at = new Date(this.o.clock.now()).toISOString();
    let run: BackupRun;
    try {
      const backup = await this.o.shelf.takeNow(keep);
      run = { at, name: backup.name };
      this.o.log.info("scheduled backup taken", { name: backup.name, size: backup.size });
    } catch (error) {
      run = { at, error: (error as Error).message };
      this.o.log.error("scheduled backup failed", { error });
    }
    try {
      this.o.settings.set(LAST_KEY, JSON.stringify(run));
    } catch (error) {
      this.o.log.error("could not note the scheduled backup's result", { error });
    }
  }

  #setting(): BackupScheduleSetting {
    const stored = this.o.settings.get(KEY);
    if (!stored) return DEFAULT;
    const parsed = BackupScheduleSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : DEFAULT;
  }
}
