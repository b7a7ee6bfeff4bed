import { zonedParts } from "../clock/mod.ts";

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
  const p = zonedParts(ms, timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  // getUTCDay counts Sunday as 0; ISO 8601 counts it as 7.
  const weekday = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() || 7;
  return {
    date: `${p.year}-${pad(p.month)}-${pad(p.day)}`,
    weekday,
    hour: p.hour,
    minute: p.minute,
    hhmm: `${pad(p.hour)}:${pad(p.minute)}`,
  };
}
