import assert from "node:assert/strict";
import { DEFAULT_LIMITS, figureLevel } from "../../ui/supervisor/figure_levels.ts";

Deno.test("a service level under target warns, and far under it alarms; no figure never alarms", () => {
  assert.equal(figureLevel(92, DEFAULT_LIMITS.serviceLevel), "ok");
  assert.equal(figureLevel(75, DEFAULT_LIMITS.serviceLevel), "warn");
  assert.equal(figureLevel(40, DEFAULT_LIMITS.serviceLevel), "alarm");
  assert.equal(figureLevel(null, DEFAULT_LIMITS.serviceLevel), "ok");
});

Deno.test("a wait at or past its limits warns and then alarms", () => {
  assert.equal(figureLevel(59, DEFAULT_LIMITS.longestWait), "ok");
  assert.equal(figureLevel(60, DEFAULT_LIMITS.longestWait), "warn");
  assert.equal(figureLevel(120, DEFAULT_LIMITS.longestWait), "alarm");
});
