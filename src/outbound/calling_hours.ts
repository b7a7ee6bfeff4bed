import { z } from "zod";

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time such as 08:30");

/**
 * When people may be called, in their own local time: from `start` to `end` (end not
 * included) on the ISO weekdays listed (1 Monday … 7 Sunday).
 */
export const CallingHoursSchema = z.object({
  start: clockTime.default("09:00"),
  end: clockTime.default("20:00"),
  days: z.array(z.number().int().min(1).max(7)).min(1).max(7).default([1, 2, 3, 4, 5, 6]),
}).strict().refine((h) => h.start < h.end, {
  message: "calling hours must end after they start",
  path: ["end"],
});
export type CallingHours = z.infer<typeof CallingHoursSchema>;

/**
 * Time zones by country calling code. A country that spans several zones lists them all,
 * and a number whose own zone is not known must be inside hours in every one of them:
 * calling a Californian at 6 a.m. because it is 9 in New York is what the rules forbid.
 */
const ZONES: Record<string, readonly string[]> = {
  "1": [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
  ],
  "7": ["Europe/Moscow", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Vladivostok"],
  "33": ["Europe/Paris"],
  "34": ["Europe/Madrid"],
  "39": ["Europe/Rome"],
  "44": ["Europe/London"],
  "49": ["Europe/Berlin"],
  "60": ["Asia/Kuala_Lumpur"],
  "61": ["Australia/Perth", "Australia/Adelaide", "Australia/Sydney", "Australia/Brisbane"],
  "65": ["Asia/Singapore"],
  "81": ["Asia/Tokyo"],
  "82": ["Asia/Seoul"],
  "86": ["Asia/Shanghai"],
  "852": ["Asia/Hong_Kong"],
  "853": ["Asia/Macau"],
  "886": ["Asia/Taipei"],
  "91": ["Asia/Kolkata"],
};

/**
 * The time zones an E.164 number may be in, from its country calling code; `fallback`
 * (the center's own) when the country is not known.
 */
export function zonesOfNumber(e164: string, fallback: string): readonly string[] {
  const digits = e164.replace(/^\+/, "");
  for (let length = 3; length >= 1; length--) {
    const zones = ZONES[digits.slice(0, length)];
    if (zones) return zones;
  }
  return [fallback];
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The wall-clock time and ISO weekday at `atMs` in `zone` (daylight saving included). */
export function localTime(atMs: number, zone: string): { time: string; weekday: number } {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(atMs).map((p) => [p.type, p.value]));
  return { time: `${parts.hour}:${parts.minute}`, weekday: WEEKDAYS[parts.weekday] };
}

/**
 * Whether a number may be called at `atMs`: inside `hours` in its own zone when known
 * (`zone`, from the customer or the contact list), else in every zone its country has.
 * Returns the first zone that is outside hours, for the reason shown.
 */
export function withinCallingHours(
  e164: string,
  atMs: number,
  hours: CallingHours,
  options: { zone?: string | null; fallbackZone: string },
): { ok: true } | { ok: false; zone: string; localTime: string } {
  const zones = options.zone ? [options.zone] : zonesOfNumber(e164, options.fallbackZone);
  for (const zone of zones) {
    const local = localTime(atMs, zone);
    if (
      !hours.days.includes(local.weekday) || local.time < hours.start || local.time >= hours.end
    ) {
      return { ok: false, zone, localTime: local.time };
    }
  }
  return { ok: true };
}
