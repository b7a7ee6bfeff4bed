/** A moment as the clock on the wall of the flow's time zone shows it. */
export interface LocalTime {
  /** `YYYY-MM-DD`. */
  date: string;
  /** 1 = Monday … 7 = Sunday (ISO 8601). */
  weekday: number;
  hour: number;
  minute: number;
  /** `HH:MM`, which compares correctly as text. */
  hhmm: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

// The last answer per zone, by UTC second: time zone offsets and their changes are whole
// seconds, so every call within one second shares one formatToParts (the costliest step
// of a business-hours check).
const lastByZone = new Map<string, { second: number; time: LocalTime }>();

/** The local date, weekday and time of `ms` in `timeZone` (an IANA name). */
export function localTime(ms: number, timeZone: string): LocalTime {
  const second = Math.floor(ms / 1000);
  const last = lastByZone.get(timeZone);
  if (last && last.second === second) return { ...last.time };
  const time = formatLocalTime(ms, timeZone);
  lastByZone.set(timeZone, { second, time });
  return { ...time };
}

function formatLocalTime(ms: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) parts[part.type] = part.value;
  const hour = Number(parts.hour) % 24;
  const minute = Number(parts.minute);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday] ?? 1,
    hour,
    minute,
    hhmm: `${pad(hour)}:${pad(minute)}`,
  };
}

/** True when the runtime knows `name` as an IANA time zone. */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}
