import assert from "node:assert/strict";
import { SystemClock } from "../../src/clock/mod.ts";

Deno.test("SystemClock's monotonic time measures waits finer than a millisecond and never goes back", async () => {
  const clock = new SystemClock();
  const readings = [clock.monotonic()];
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    readings.push(clock.monotonic());
  }
  for (let i = 1; i < readings.length; i++) assert.ok(readings[i] >= readings[i - 1]);
  assert.ok(readings.at(-1)! - readings[0] >= 9, "five waits of 2 ms took at least 9 ms");
  assert.ok(
    readings.some((r) => !Number.isInteger(r)),
    "readings carry fractions of a millisecond",
  );
});
