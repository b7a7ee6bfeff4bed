import { getLanguage } from "./i18n.ts";

/**
 * A moment as the page's language writes it (`2026/12/7 09:12:00` in Chinese,
 * `12/7/2026, 9:12:00 AM` in English), whatever the browser's own locale: a person who
 * chose 简体中文 reads dates in Chinese too.
 */
export function dateTime(at: string | number | Date): string {
  return new Date(at).toLocaleString(getLanguage());
}

/** The time of day of a moment, as the page's language writes it. */
export function timeOfDay(at: string | number | Date): string {
  return new Date(at).toLocaleTimeString(getLanguage());
}
