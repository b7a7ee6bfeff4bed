import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { type MessageKey, t } from "../common/i18n.ts";

/** One weekday's hours as the form edits them (1 = Monday … 7 = Sunday). */
export interface DayHours {
  weekday: number;
  open: boolean;
  opens: string;
  closes: string;
}

/** A schedule as the form edits it; holidays as lines of "YYYY-MM-DD name". */
export interface Schedule {
  name: string;
  days: DayHours[];
  holidays: string;
}

interface ApiSchedule {
  name: string;
  hours: { weekday: number; opens: string; closes: string }[];
  holidays: { date: string; name: string }[];
}

/** The schedule a new center starts from: office hours on weekdays. */
export function defaultSchedule(name = "main"): Schedule {
  return {
    name,
    days: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday,
      open: weekday <= 5,
      opens: "09:00",
      closes: "18:00",
    })),
    holidays: "",
  };
}

/** Whether the schedule has the center open at `at` (local time of the browser). */
export function isOpenAt(s: Schedule, at: Date): boolean {
  if (Number.isNaN(at.getTime())) return false;
  const pad = (n: number) => String(n).padStart(2, "0");
  const date = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  if (s.holidays.split("\n").some((line) => line.trim().startsWith(date))) return false;
  const weekday = at.getDay() === 0 ? 7 : at.getDay();
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  const day = s.days.find((d) => d.weekday === weekday);
  return !!day && day.open && day.opens <= time && time < day.closes;
}

/** Loads and saves the first schedule (or a new "main" one) for the hours screen. */
export class ScheduleController implements ReactiveController {
  current: Schedule = defaultSchedule();
  /** Whether a schedule is stored at all (the checklist asks). */
  stored = false;
  /** What the last save sent, by position: the open days' weekdays and the holidays' lines. */
  #sent = { weekdays: [] as number[], holidayLines: [] as number[] };

  constructor(private readonly host: ReactiveControllerHost, private readonly api: ApiClient) {
    host.addController(this);
  }

  hostConnected(): void {}

  async load(): Promise<void> {
    const { schedules } = await this.api.request<{ schedules: ApiSchedule[] }>(
      "GET",
      "/ivr/schedules",
    );
    const first = schedules[0];
    this.stored = !!first;
    if (first) {
      const base = defaultSchedule(first.name);
      this.current = {
        name: first.name,
        days: base.days.map((d) => {
          const hours = first.hours.find((h) => h.weekday === d.weekday);
          return hours ? { ...d, open: true, opens: hours.opens, closes: hours.closes } : {
            ...d,
            open: false,
          };
        }),
        holidays: first.holidays.map((h) => `${h.date} ${h.name}`.trim()).join("\n"),
      };
    }
    this.host.requestUpdate();
  }

  rename(name: string): void {
    this.current = { ...this.current, name };
    this.host.requestUpdate();
  }

  setDay(weekday: number, change: Partial<DayHours>): void {
    this.current = {
      ...this.current,
      days: this.current.days.map((d) => d.weekday === weekday ? { ...d, ...change } : d),
    };
    this.host.requestUpdate();
  }

  setHolidays(text: string): void {
    this.current = { ...this.current, holidays: text };
    this.host.requestUpdate();
  }

  async save(): Promise<void> {
    const s = this.current;
    const open = s.days.filter((d) => d.open);
    const lines = s.holidays.split("\n").map((l, i) => ({ text: l.trim(), line: i + 1 }))
      .filter((l) => l.text);
    this.#sent = { weekdays: open.map((d) => d.weekday), holidayLines: lines.map((l) => l.line) };
    await this.api.request("PUT", `/ivr/schedules/${encodeURIComponent(s.name.trim())}`, {
      hours: open.map((d) => ({ weekday: d.weekday, opens: d.opens, closes: d.closes })),
      holidays: lines.map(({ text }) => {
        const [date, ...name] = text.split(/\s+/);
        return { date, name: name.join(" ") };
      }),
    });
    this.stored = true;
  }

  /**
   * The screen's words for a refused value of the last save: `hours.2.closes` is the third
   * open day's closing time ("Wednesday: Closes"), `holidays.0.date` the first holiday's line.
   */
  fieldLabel(path: string): string | undefined {
    const [list, index, field] = path.split(".");
    const at = Number(index);
    if (list === "hours") {
      const weekday = this.#sent.weekdays[at];
      if (weekday === undefined) return undefined;
      const day = t(`admin.hours.day${weekday}` as MessageKey);
      const part = field === "opens" || field === "closes" ? field : "open";
      return t("admin.hours.dayField", { day, field: t(`admin.hours.${part}` as MessageKey) });
    }
    if (list === "holidays") {
      const line = this.#sent.holidayLines[at];
      return line === undefined ? undefined : t("admin.hours.holidayLine", { line });
    }
    return undefined;
  }
}
