import type { IvrLanguage } from "./call_port.ts";

/**
 * The words behind the reader fragments of src/media's prompt set (`sayDigits`,
 * `sayNumber`, `sayDate`), for speaking a fragment when no recording of it was
 * uploaded.
 */
const EN_ONES = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const EN_TENS = [
  "",
  "",
  "twenty",
  "thirty",
  "forty",
  "fifty",
  "sixty",
  "seventy",
  "eighty",
  "ninety",
];
const EN_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const EN_ORDINAL_ONES = [
  "",
  "first",
  "second",
  "third",
  "fourth",
  "fifth",
  "sixth",
  "seventh",
  "eighth",
  "ninth",
  "tenth",
  "eleventh",
  "twelfth",
  "thirteenth",
  "fourteenth",
  "fifteenth",
  "sixteenth",
  "seventeenth",
  "eighteenth",
  "nineteenth",
];

function englishOrdinal(day: number): string {
  if (day < 20) return EN_ORDINAL_ONES[day];
  const tens = Math.floor(day / 10);
  const ones = day % 10;
  if (ones === 0) return EN_TENS[tens].replace(/y$/, "ieth");
  return `${EN_TENS[tens]} ${EN_ORDINAL_ONES[ones]}`;
}

const EN_WORDS: Record<string, string> = {
  hundred: "hundred",
  thousand: "thousand",
  million: "million",
  billion: "billion",
  minus: "minus",
  star: "star",
  pound: "hash",
  o: "oh",
};
EN_ONES.forEach((word, n) => EN_WORDS[String(n)] = word);
for (let tens = 2; tens <= 9; tens++) EN_WORDS[String(tens * 10)] = EN_TENS[tens];
EN_MONTHS.forEach((word, i) => EN_WORDS[`month_${i + 1}`] = word);
for (let day = 1; day <= 31; day++) EN_WORDS[`ord_${day}`] = englishOrdinal(day);

const ZH_WORDS: Record<string, string> = {
  shi: "十",
  bai: "百",
  qian: "千",
  wan: "万",
  yi: "亿",
  fu: "负",
  nian: "年",
  yue: "月",
  ri: "日",
  star: "星号",
  pound: "井号",
};
"零一二三四五六七八九".split("").forEach((word, n) => ZH_WORDS[String(n)] = word);

const WORDS: Record<IvrLanguage, Record<string, string>> = { en: EN_WORDS, "zh-CN": ZH_WORDS };

/** Every fragment name a reader may produce, per language (for rendering ahead). */
export const READER_FRAGMENTS: Record<IvrLanguage, string[]> = {
  en: Object.keys(EN_WORDS),
  "zh-CN": Object.keys(ZH_WORDS),
};

/** The word a fragment says, or undefined for a name no reader produces. */
export function fragmentWord(name: string, language: IvrLanguage): string | undefined {
  return Object.hasOwn(WORDS[language], name) ? WORDS[language][name] : undefined;
}
