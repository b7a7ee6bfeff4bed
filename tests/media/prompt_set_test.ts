import assert from "node:assert/strict";
import { sayDate, sayDigits, sayNumber } from "../../src/media/mod.ts";

Deno.test("digits are read one by one with star and pound named, separators skipped", () => {
  assert.deepEqual(sayDigits("12*#", "en"), ["1", "2", "star", "pound"]);
  assert.deepEqual(sayDigits("+86 (10) 555-01", "zh-CN"), [
    "8",
    "6",
    "1",
    "0",
    "5",
    "5",
    "5",
    "0",
    "1",
  ]);
  assert.throws(() => sayDigits("12a", "en"), RangeError);
});

Deno.test("English numbers use teens, tens, hundred, thousand, million and billion", () => {
  const cases: [number, string][] = [
    [0, "0"],
    [7, "7"],
    [13, "13"],
    [20, "20"],
    [34, "30 4"],
    [100, "1 hundred"],
    [115, "1 hundred 15"],
    [1234, "1 thousand 2 hundred 30 4"],
    [10_000, "10 thousand"],
    [1_000_001, "1 million 1"],
    [2_500_000_000, "2 billion 5 hundred million"],
    [-42, "minus 40 2"],
  ];
  for (const [n, words] of cases) assert.deepEqual(sayNumber(n, "en"), words.split(" "), `${n}`);
});

Deno.test("Chinese numbers follow the 零 rules", () => {
  const cases: [number, string][] = [
    [0, "0"],
    [10, "shi"],
    [12, "shi 2"],
    [20, "2 shi"],
    [110, "1 bai 1 shi"],
    [1234, "1 qian 2 bai 3 shi 4"],
    [1004, "1 qian 0 4"],
    [1040, "1 qian 0 4 shi"],
    [1400, "1 qian 4 bai"],
    [10_000, "1 wan"],
    [10_500, "1 wan 0 5 bai"],
    [100_010, "shi wan 0 1 shi"],
    [120_000, "shi 2 wan"],
    [1_0001_0000, "1 yi 0 1 wan"],
    [1_0000_0001, "1 yi 0 1"],
    [1_0000_1000, "1 yi 0 1 qian"],
    [2_3456_7890, "2 yi 3 qian 4 bai 5 shi 6 wan 7 qian 8 bai 9 shi"],
    [-5, "fu 5"],
  ];
  for (const [n, words] of cases) assert.deepEqual(sayNumber(n, "zh-CN"), words.split(" "), `${n}`);
});

Deno.test("numbers that cannot be read are refused", () => {
  assert.throws(() => sayNumber(1.5, "en"), RangeError);
  assert.throws(() => sayNumber(1e12, "zh-CN"), RangeError);
});

Deno.test("English dates read month, ordinal day and the year as people say it", () => {
  assert.deepEqual(sayDate({ year: 2026, month: 3, day: 15 }, "en"), [
    "month_3",
    "ord_15",
    "20",
    "20",
    "6",
  ]);
  assert.deepEqual(sayDate({ year: 2005, month: 1, day: 1 }, "en").slice(2), [
    "2",
    "thousand",
    "5",
  ]);
  assert.deepEqual(sayDate({ year: 1905, month: 1, day: 1 }, "en").slice(2), ["19", "o", "5"]);
  assert.deepEqual(sayDate({ year: 1900, month: 1, day: 1 }, "en").slice(2), ["19", "hundred"]);
  assert.deepEqual(sayDate({ year: 2000, month: 1, day: 1 }, "en").slice(2), ["2", "thousand"]);
  assert.throws(() => sayDate({ year: 2026, month: 13, day: 1 }, "en"), RangeError);
});

Deno.test("Chinese dates read the year digit by digit and month and day as numbers", () => {
  assert.deepEqual(sayDate({ year: 2026, month: 12, day: 31 }, "zh-CN"), [
    "2",
    "0",
    "2",
    "6",
    "nian",
    "shi",
    "2",
    "yue",
    "3",
    "shi",
    "1",
    "ri",
  ]);
});
