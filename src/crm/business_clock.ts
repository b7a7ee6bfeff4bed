/**
 * Whether the center is open at a moment, by a named schedule of business hours. The
 * IVR owns the schedules and the "open now?" check; the composition root passes that
 * check in, so SLA times count exactly the hours the IVR answers as open.
 */
export interface BusinessHours {
  /** True when a schedule of this name has hours or holidays. */
  has(schedule: string): boolean;
  /** True when the schedule is open at `ms` (a holiday is closed). */
  isOpen(schedule: string, ms: number): boolean;
}

const MINUTE_MS = 60_000;
/**
 * A schedule closed for this long in a row is treated as having no hours left (a
 * schedule of holidays only, or hours all deleted): the rest counts as calendar time
 * rather than pushing a due time out forever.
 */
const LONGEST_CLOSURE_MS = 31 * 86_400_000;

/**
 * Counts open time minute by minute, since schedules open and close on whole minutes;
 * a minute counts when the schedule is open at its start.
 */
export class BusinessClock {
  constructor(private readonly hours: BusinessHours, private readonly schedule: string) {}

  /** The moment `durationMs` of open time after `startMs`. */
  add(startMs: number, durationMs: number): number {
    let at = startMs;
    let left = durationMs;
    let closedSince: number | null = null;
    while (left > 0) {
      const step = Math.min(MINUTE_MS - (at % MINUTE_MS), left);
      if (this.hours.isOpen(this.schedule, at)) {
        left -= step;
        closedSince = null;
      } else {
        closedSince ??= at;
        if (at - closedSince >= LONGEST_CLOSURE_MS) return at + left;
      }
      at += step;
    }
    return at;
  }

  /** The open time between `fromMs` and `toMs` (0 when `toMs` is not later). */
  between(fromMs: number, toMs: number): number {
    let open = 0;
    let closedSince: number | null = null;
    for (let at = fromMs; at < toMs;) {
      const step = Math.min(MINUTE_MS - (at % MINUTE_MS), toMs - at);
      if (this.hours.isOpen(this.schedule, at)) {
        open += step;
        closedSince = null;
      } else {
        closedSince ??= at;
        if (at - closedSince >= LONGEST_CLOSURE_MS) return open + (toMs - at);
      }
      at += step;
    }
    return open;
  }
}
