import assert from "node:assert/strict";
import { endOfLocalDay } from "../../src/queues/mod.ts";

Deno.test("endOfLocalDay() is the next midnight on the center's clock, not the server's", () => {
  // 10:00 in Shanghai (UTC+8) ends at 16:00 UTC.
  assert.equal(
    endOfLocalDay(Date.UTC(2026, 4, 1, 2, 0), "Asia/Shanghai"),
    Date.UTC(2026, 4, 1, 16, 0),
  );
  // 23:30 UTC on 1 May is already 2 May in Shanghai.
  assert.equal(
    endOfLocalDay(Date.UTC(2026, 4, 1, 23, 30), "Asia/Shanghai"),
    Date.UTC(2026, 4, 2, 16, 0),
  );
  assert.equal(endOfLocalDay(Date.UTC(2026, 4, 1, 0, 0), "UTC"), Date.UTC(2026, 4, 2, 0, 0));
});

Deno.test("endOfLocalDay() allows for a daylight-saving change before midnight", () => {
  // New York springs forward on 8 March 2026: 9:00 EDT is 13:00 UTC, midnight is 04:00 UTC.
  assert.equal(
    endOfLocalDay(Date.UTC(2026, 2, 8, 13, 0), "America/New_York"),
    Date.UTC(2026, 2, 9, 4, 0),
  );
  // Before the change (01:00 EST = 06:00 UTC) the same day still ends at 04:00 UTC.
  assert.equal(
    endOfLocalDay(Date.UTC(2026, 2, 8, 6, 0), "America/New_York"),
    Date.UTC(2026, 2, 9, 4, 0),
  );
});
