import assert from "node:assert/strict";
import { createLogger, RecentLines } from "../../src/log/mod.ts";

Deno.test("the logger keeps the latest warnings and errors, newest first, and no more than its capacity", () => {
  const recent = new RecentLines(3);
  const written: string[] = [];
  const log = createLogger("sip", {
    sink: (line) => written.push(line),
    now: () => Date.UTC(2026, 4, 1),
    recent,
    repeatLimit: false,
  });
  log.info("listening");
  for (let i = 1; i <= 4; i++) log.warn(`warning ${i}`);
  log.child("db").error("disk full");
  assert.deepEqual(
    recent.lines().map((l) => `${l.level} ${l.line.split(" ").slice(2).join(" ")}`),
    ["error db disk full", "warn sip warning 4", "warn sip warning 3"],
  );
  assert.equal(written.length, 6, "every line still reaches the sink");
});

Deno.test("a ring of no lines is refused", () => {
  assert.throws(() => new RecentLines(0), RangeError);
});
