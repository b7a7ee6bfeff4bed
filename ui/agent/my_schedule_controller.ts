import type { ReactiveController, ReactiveControllerHost } from "lit";

/** A planned shift or break as `/schedules/mine` gives it. */
export interface ScheduleBlockJson {
  id: number;
  user_id: number;
  kind: "shift" | "break";
  starts_at: string;
  ends_at: string;
}

/** A shift with the breaks inside it, in milliseconds. */
export interface PlannedShift {
  id: number;
  startsMs: number;
  endsMs: number;
  breaks: { id: number; startsMs: number; endsMs: number }[];
}

/** One local day of the agent's plan: its date (YYYY-MM-DD) and the shifts starting on it. */
export interface ScheduleDay {
  date: string;
  startsMs: number;
  shifts: PlannedShift[];
}

/** Where the agent stands against the plan at a moment. */
export type PlanNow =
  | { kind: "break"; endsMs: number }
  | { kind: "shift"; endsMs: number }
  | { kind: "next"; startsMs: number }
  | { kind: "none" };

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** How many days ahead the desk shows. */
export const DAYS_SHOWN = 7;

/** The local calendar date of an instant in a zone, as YYYY-MM-DD. */
export function localDate(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(ms);
}

/**
 * The instant a local day starts in a zone. Found from the zone's offset at noon that day,
 * which daylight-saving changes (made at night) leave right, then checked at midnight.
 */
export function startOfLocalDay(date: string, timeZone: string): number {
  const noonUtc = Date.parse(`${date}T12:00:00Z`);
  const offset = (ms: number) => {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }).formatToParts(ms);
    const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
    const asUtc = Date.UTC(
      get("year"),
      get("month") - 1,
      get("day"),
      get("hour"),
      get("minute"),
      get("second"),
    );
    return asUtc - ms;
  };
  const guess = Date.parse(`${date}T00:00:00Z`) - offset(noonUtc);
  return Date.parse(`${date}T00:00:00Z`) - offset(guess);
}

/** Groups blocks into `days` local days from `fromDate`: shifts by the day they start. */
export function scheduleDays(
  blocks: readonly ScheduleBlockJson[],
  fromDate: string,
  days: number,
  timeZone: string,
): ScheduleDay[] {
  const out: ScheduleDay[] = [];
  const byDate = new Map<string, ScheduleDay>();
  let date = fromDate;
  for (let i = 0; i < days; i++) {
    const day: ScheduleDay = { date, startsMs: startOfLocalDay(date, timeZone), shifts: [] };
    out.push(day);
    byDate.set(date, day);
    const next = new Date(`${date}T12:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    date = next.toISOString().slice(0, 10);
  }
  const sorted = [...blocks].sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
  const shifts: PlannedShift[] = [];
  for (const b of sorted) {
    if (b.kind !== "shift") continue;
    const shift = {
      id: b.id,
      startsMs: Date.parse(b.starts_at),
      endsMs: Date.parse(b.ends_at),
      breaks: [],
    };
    shifts.push(shift);
    byDate.get(localDate(shift.startsMs, timeZone))?.shifts.push(shift);
  }
  for (const b of sorted) {
    if (b.kind !== "break") continue;
    const startsMs = Date.parse(b.starts_at);
    const endsMs = Date.parse(b.ends_at);
    // The store keeps every break inside one of the agent's shifts.
    const shift = shifts.find((s) => s.startsMs <= startsMs && endsMs <= s.endsMs);
    shift?.breaks.push({ id: b.id, startsMs, endsMs });
  }
  return out;
}

/** On a break, on shift, or the next shift to come, at `nowMs`. */
export function planNow(days: readonly ScheduleDay[], nowMs: number): PlanNow {
  const shifts = days.flatMap((d) => d.shifts);
  for (const s of shifts) {
    if (s.startsMs <= nowMs && nowMs < s.endsMs) {
      const onBreak = s.breaks.find((b) => b.startsMs <= nowMs && nowMs < b.endsMs);
      return onBreak
        ? { kind: "break", endsMs: onBreak.endsMs }
        : { kind: "shift", endsMs: s.endsMs };
    }
  }
  const next = shifts.find((s) => s.startsMs > nowMs);
  return next ? { kind: "next", startsMs: next.startsMs } : { kind: "none" };
}

/** The signed-in agent's own shifts and breaks from today for {@link DAYS_SHOWN} days. */
export class MyScheduleController implements ReactiveController {
  days: ScheduleDay[] = [];
  loading = false;
  error: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: { request: Request; timeZone?: string; now?: () => number },
  ) {
    host.addController(this);
  }

  get timeZone(): string {
    return this.deps.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  hostConnected(): void {}

  async load(): Promise<void> {
    const zone = this.timeZone;
    const today = localDate(this.now(), zone);
    const from = startOfLocalDay(today, zone);
    const last = scheduleDays([], today, DAYS_SHOWN + 1, zone).at(-1)!;
    this.loading = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      const query = new URLSearchParams({
        from: new Date(from).toISOString(),
        to: new Date(last.startsMs).toISOString(),
      });
      const answer = await this.deps.request<{ blocks: ScheduleBlockJson[] }>(
        "GET",
        `/schedules/mine?${query}`,
      );
      this.days = scheduleDays(answer.blocks, today, DAYS_SHOWN, zone);
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.loading = false;
      this.host.requestUpdate();
    }
  }
}
