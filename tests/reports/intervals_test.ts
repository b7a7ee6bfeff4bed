import assert from "node:assert/strict";
import { buckets, PeriodError } from "../../src/reports/mod.ts";
import { bucketStart, zonedTime } from "../../src/reports/intervals.ts";
import { splitSpan } from "../../src/reports/state_spans.ts";

const HOUR = 3600_000;

Deno.test("days follow the local clock across a daylight-saving change", () => {
  const zone = "Europe/Berlin";
  const from = zonedTime(zone, 2026, 3, 28);
  const to = zonedTime(zone, 2026, 3, 31);
  const days = buckets(from, to, "day", zone);
  assert.deepEqual(days.map((d) => (d.end - d.start) / HOUR), [24, 23, 24]);
  const autumn = buckets(zonedTime(zone, 2026, 10, 25), zonedTime(zone, 2026, 10, 26), "60m", zone);
  assert.equal(autumn.length, 25);
});

Deno.test("weeks start on Monday and months on the first, in the center's zone", () => {
  const zone = "Asia/Shanghai";
  const wednesday = Date.parse("2026-03-04T10:00:00Z");
  assert.equal(bucketStart(wednesday, "week", zone), Date.parse("2026-03-01T16:00:00Z"));
  assert.equal(bucketStart(wednesday, "month", zone), Date.parse("2026-02-28T16:00:00Z"));
  const months = buckets(zonedTime(zone, 2026, 1, 1), zonedTime(zone, 2026, 4, 1), "month", zone);
  assert.deepEqual(months.map((m) => new Date(m.start).toISOString().slice(0, 10)), [
    "2025-12-31",
    "2026-01-31",
    "2026-02-28",
  ]);
});

Deno.test("hour intervals follow half-hour zones", () => {
  const zone = "Asia/Kolkata";
  const from = zonedTime(zone, 2026, 3, 2, 9 * 60);
  assert.equal(new Date(from).toISOString(), "2026-03-02T03:30:00.000Z");
  assert.equal(buckets(from, from + 2 * HOUR, "60m", zone).length, 2);
  assert.throws(() => buckets(from + 15 * 60_000, from + 2 * HOUR, "60m", zone), PeriodError);
});

Deno.test("a state span is split at quarter-hour boundaries", () => {
  const t = Date.parse("2026-03-02T09:10:00Z");
  assert.deepEqual(splitSpan(t, t + 20 * 60_000).map((p) => p.ms / 60_000), [5, 15]);
});
