import assert from "node:assert/strict";
import {
  CallingHoursSchema,
  checkDial,
  localTime,
  withinCallingHours,
  zonesOfNumber,
} from "../../src/outbound/mod.ts";

const HOURS = CallingHoursSchema.parse({ start: "09:00", end: "20:00", days: [1, 2, 3, 4, 5] });

Deno.test("a number's zones come from its country code, the center's zone when unknown", () => {
  assert.deepEqual(zonesOfNumber("+8613800138000", "Europe/London"), ["Asia/Shanghai"]);
  assert.deepEqual(zonesOfNumber("+85291234567", "Europe/London"), ["Asia/Hong_Kong"]);
  assert.ok(zonesOfNumber("+14155550100", "x").includes("America/Los_Angeles"));
  assert.deepEqual(zonesOfNumber("+2348012345678", "Asia/Shanghai"), ["Asia/Shanghai"]);
});

Deno.test("hours are read in the called person's local time, not the center's", () => {
  // 02:00 UTC on a Wednesday is 10:00 in Shanghai and 03:00 in London.
  const at = Date.UTC(2026, 11, 2, 2, 0);
  assert.deepEqual(withinCallingHours("+8613800138000", at, HOURS, { fallbackZone: "UTC" }), {
    ok: true,
  });
  assert.deepEqual(withinCallingHours("+447700900123", at, HOURS, { fallbackZone: "UTC" }), {
    ok: false,
    zone: "Europe/London",
    localTime: "02:00",
  });
});

Deno.test("a country with several zones must be inside hours in all of them", () => {
  // 14:00 UTC in January: 09:00 in New York, 06:00 in Los Angeles.
  const at = Date.UTC(2026, 0, 14, 14, 0);
  const verdict = withinCallingHours("+14155550100", at, HOURS, { fallbackZone: "UTC" });
  assert.equal(verdict.ok, false);
  // Unless the contact's own zone is known.
  assert.deepEqual(
    withinCallingHours("+12125550100", at, HOURS, {
      zone: "America/New_York",
      fallbackZone: "UTC",
    }),
    { ok: true },
  );
});

Deno.test("daylight saving moves the window with the local clock", () => {
  // 08:30 UTC is 08:30 in London in winter (too early) and 09:30 in summer (allowed).
  const winter = Date.UTC(2026, 0, 14, 8, 30);
  const summer = Date.UTC(2026, 6, 15, 8, 30);
  assert.equal(localTime(winter, "Europe/London").time, "08:30");
  assert.equal(localTime(summer, "Europe/London").time, "09:30");
  const opts = { fallbackZone: "UTC" };
  assert.equal(withinCallingHours("+447700900123", winter, HOURS, opts).ok, false);
  assert.equal(withinCallingHours("+447700900123", summer, HOURS, opts).ok, true);
});

Deno.test("days outside the list are closed all day", () => {
  // Saturday 6 December 2026, 11:00 in Shanghai.
  const at = Date.UTC(2026, 11, 5, 3, 0);
  assert.equal(localTime(at, "Asia/Shanghai").weekday, 6);
  assert.equal(withinCallingHours("+8613800138000", at, HOURS, { fallbackZone: "UTC" }).ok, false);
});

Deno.test("calling hours refuse an end before the start", () => {
  assert.throws(() => CallingHoursSchema.parse({ start: "20:00", end: "09:00" }));
});

Deno.test("checkDial refuses the do-not-call list first, then missing consent, then hours", () => {
  const night = Date.UTC(2026, 11, 2, 15, 0); // 23:00 in Shanghai
  const base = { number: "+8613800138000", atMs: night, fallbackZone: "UTC", hours: HOURS };
  assert.equal(checkDial({ ...base, onDoNotCall: true, consent: false }).ok, false);
  assert.deepEqual(checkDial({ ...base, onDoNotCall: true }), { ok: false, reason: "do_not_call" });
  assert.deepEqual(checkDial({ ...base, onDoNotCall: false, consent: false }), {
    ok: false,
    reason: "no_consent",
  });
  assert.deepEqual(checkDial({ ...base, onDoNotCall: false }), {
    ok: false,
    reason: "outside_hours",
    detail: "23:00 in Asia/Shanghai",
  });
  assert.deepEqual(checkDial({ ...base, onDoNotCall: false, hours: undefined }), { ok: true });
});
