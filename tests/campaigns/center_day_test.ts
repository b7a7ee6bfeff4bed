import assert from "node:assert/strict";
import { centerDayStart } from "../../src/campaigns/mod.ts";

Deno.test("the center's day starts at local midnight, not UTC's", () => {
  // 01:30 on 7 December in Shanghai is still 6 December in UTC.
  const ms = Date.UTC(2026, 11, 6, 17, 30);
  assert.equal(centerDayStart(ms, "Asia/Shanghai"), Date.UTC(2026, 11, 6, 16));
  assert.equal(centerDayStart(ms, "UTC"), Date.UTC(2026, 11, 6));
});

Deno.test("a day that changes to daylight saving still starts at 00:00 local", () => {
  // New York moved to summer time at 02:00 on 8 March 2026; midnight was still EST.
  const afternoon = Date.UTC(2026, 2, 8, 19);
  assert.equal(centerDayStart(afternoon, "America/New_York"), Date.UTC(2026, 2, 8, 5));
  // London's autumn change: midnight on 25 October 2026 was still BST (UTC+1).
  assert.equal(
    centerDayStart(Date.UTC(2026, 9, 25, 12), "Europe/London"),
    Date.UTC(2026, 9, 24, 23),
  );
});
