/**
 * The planning week and the wall clock the planner reads and writes: weeks start on
 * Monday, days are calendar dates (YYYY-MM-DD), times are the supervisor's local
 * "HH:MM" turned into instants of their time zone.
 *
 * @module
 */

import { getLanguage } from "../common/i18n.ts";
import { localDate, startOfLocalDay } from "../agent/my_schedule_controller.ts";

/** Days in a planning week. */
export const WEEK_DAYS = 7;

/** A calendar date moved by whole days (no time zone: dates are counted at noon UTC). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Monday that starts the planning week holding `date`. */
export function weekStartOf(date: string): string {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

/** The week's dates, Monday first. */
export function weekDates(weekStart: string): string[] {
  return Array.from({ length: WEEK_DAYS }, (_, i) => addDays(weekStart, i));
}

/** The wall-clock "HH:MM" of an instant in a zone (24-hour, as time inputs take it). */
export function clockTime(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hourCycle: "h23",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get("hour")}:${get("minute")}`;
}

/**
 * The instant a wall-clock time on a date is in a zone. Counted from local midnight, then
 * set right by what the clock reads there, so a daylight-saving change earlier that day
 * does not move the time an hour.
 */
export function localInstant(date: string, time: string, timeZone: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  const guess = startOfLocalDay(date, timeZone) + (hours * 60 + minutes) * 60_000;
  const wall = (ms: number) =>
    Date.parse(`${localDate(ms, timeZone)}T${clockTime(ms, timeZone)}:00Z`);
  return guess + (Date.parse(`${date}T${time}:00Z`) - wall(guess));
}

/** A date as a column head in the page's language ("Mon, 12/7"; "12/7周一"). */
export function dayLabel(date: string): string {
  return new Intl.DateTimeFormat(getLanguage(), {
    timeZone: "UTC",
    weekday: "short",
    month: "numeric",
    day: "numeric",
  }).format(Date.parse(`${date}T12:00:00Z`));
}

/** A date in full in the page's language, for labels read aloud. */
export function longDayLabel(date: string): string {
  return new Intl.DateTimeFormat(getLanguage(), {
    timeZone: "UTC",
    weekday: "long",
    month: "long",
    day: "numeric",
  }).format(Date.parse(`${date}T12:00:00Z`));
}
