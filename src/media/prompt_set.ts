/**
 * Turns digits, numbers and dates into the names of recorded prompt fragments, per
 * language. Names are language-neutral where the recordings are per-language anyway:
 * "0"–"9" are digits in both, English adds "10"–"19" and tens "20"…"90", Chinese uses
 * pinyin names for its units (shi, bai, qian, wan, yi) and for 年/月/日 (nian, yue, ri).
 *
 * @module
 */

/** Languages with a prompt set. */
export type PromptLanguage = "en" | "zh-CN";

const KEY_NAMES: Record<string, string> = { "*": "star", "#": "pound" };
// Dialled strings often come with separators that are not spoken.
const SILENT = /[\s\-().+]/;

/** Reads a string digit by digit ("1234" → 1, 2, 3, 4); `*` and `#` are named. */
export function sayDigits(text: string, _language: PromptLanguage): string[] {
  const out: string[] = [];
  for (const ch of text) {
    if (ch >= "0" && ch <= "9") out.push(ch);
    else if (KEY_NAMES[ch]) out.push(KEY_NAMES[ch]);
    else if (!SILENT.test(ch)) throw new RangeError(`Cannot read ${JSON.stringify(ch)} as a digit`);
  }
  return out;
}

const MAX = 1e12;

/** Reads a whole number (|n| < 10¹²) the way a person says it. */
export function sayNumber(n: number, language: PromptLanguage): string[] {
  if (!Number.isInteger(n) || Math.abs(n) >= MAX) {
    throw new RangeError(`Cannot read ${n} as a number`);
  }
  if (n < 0) return [language === "en" ? "minus" : "fu", ...sayNumber(-n, language)];
  return language === "en" ? english(n) : chinese(n);
}

/** A calendar date (no time zone: the caller decides which day it is). */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/**
 * Reads a date: en "March 15th, 2026" as month_3, ord_15, 20, 20, 6; zh-CN
 * 二〇二六年三月十五日 as 2, 0, 2, 6, nian, 3, yue, shi, 5, ri.
 */
export function sayDate(date: CalendarDate, language: PromptLanguage): string[] {
  const { year, month, day } = date;
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`Invalid month ${month}`);
  }
  if (!Number.isInteger(day) || day < 1 || day > 31) throw new RangeError(`Invalid day ${day}`);
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    throw new RangeError(`Invalid year ${year}`);
  }
  if (language === "zh-CN") {
    // Years are read digit by digit in Chinese; month and day as numbers.
    return [
      ...sayDigits(String(year), language),
      "nian",
      ...chinese(month),
      "yue",
      ...chinese(day),
      "ri",
    ];
  }
  return [`month_${month}`, `ord_${day}`, ...englishYear(year)];
}

function english(n: number): string[] {
  if (n === 0) return ["0"];
  const out: string[] = [];
  const scales: [number, string][] = [[1e9, "billion"], [1e6, "million"], [1e3, "thousand"]];
  let rest = n;
  for (const [size, name] of scales) {
    if (rest >= size) {
      out.push(...englishBelowThousand(Math.floor(rest / size)), name);
      rest %= size;
    }
  }
  if (rest > 0) out.push(...englishBelowThousand(rest));
  return out;
}

function englishBelowThousand(n: number): string[] {
  const out: string[] = [];
  if (n >= 100) {
    out.push(String(Math.floor(n / 100)), "hundred");
    n %= 100;
  }
  if (n >= 20) {
    out.push(String(n - (n % 10)));
    n %= 10;
  }
  if (n > 0) out.push(String(n));
  return out;
}

function englishYear(year: number): string[] {
  const hi = Math.floor(year / 100);
  const lo = year % 100;
  // "two thousand five", but "nineteen oh five", "twenty twenty-six", "nineteen hundred".
  if ((year >= 2000 && year < 2010) || year < 1000 || (hi % 10 === 0 && lo === 0)) {
    return english(year);
  }
  if (lo === 0) return [...english(hi), "hundred"];
  if (lo < 10) return [...english(hi), "o", String(lo)];
  return [...english(hi), ...english(lo)];
}

const ZH_UNITS = ["", "shi", "bai", "qian"] as const;
const ZH_SECTIONS = ["", "wan", "yi"] as const;

/**
 * Chinese numbers read in sections of four digits (units 万 and 亿), with 零 ("0") for
 * any run of zeros between non-zero digits, including a section's leading zeros after a
 * higher section, and 一十 shortened to 十 at the start of the number.
 */
function chinese(n: number): string[] {
  if (n === 0) return ["0"];
  const sections: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 10000)) sections.unshift(rest % 10000);
  const out: string[] = [];
  let started = false;
  let pendingZero = false;
  sections.forEach((section, i) => {
    const unit = ZH_SECTIONS[sections.length - 1 - i];
    if (section === 0) {
      if (started) pendingZero = true;
      return;
    }
    if (started && (section < 1000 || pendingZero)) out.push("0");
    pendingZero = false;
    out.push(...chineseSection(section, !started));
    if (unit) out.push(unit);
    started = true;
  });
  return out;
}

function chineseSection(section: number, leading: boolean): string[] {
  const out: string[] = [];
  let begun = false;
  let zero = false;
  for (let pos = 3; pos >= 0; pos--) {
    const d = Math.floor(section / 10 ** pos) % 10;
    if (d === 0) {
      if (begun) zero = true;
      continue;
    }
    if (zero) out.push("0");
    zero = false;
    // 十二, not 一十二, when the number starts with the tens digit 1.
    if (!(d === 1 && pos === 1 && leading && !begun)) out.push(String(d));
    if (pos > 0) out.push(ZH_UNITS[pos]);
    begun = true;
  }
  return out;
}
