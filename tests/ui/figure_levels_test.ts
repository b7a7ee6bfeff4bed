import assert from "node:assert/strict";
import {
  currentLongestWait,
  DEFAULT_LIMITS,
  figureLevel,
  limitsFor,
} from "../../ui/supervisor/figure_levels.ts";

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

Deno.test("a queue's own thresholds colour its figures instead of the defaults", () => {
  const limits = limitsFor({
    queue_id: 1,
    service_level: { target: 95, alarm: 90 },
    longest_wait_s: { warn: 10, alarm: 20 },
    waiting: { warn: 1, alarm: 2 },
    abandon_rate: { warn: 1, alarm: 2 },
    asa_s: { warn: 5, alarm: 10 },
    agent_state_s: { not_ready: 60, wrap_up: 60, on_call: 60 },
  });
  assert.equal(figureLevel(92, limits.serviceLevel), "warn");
  assert.equal(figureLevel(85, limits.serviceLevel), "alarm");
  assert.equal(figureLevel(20, limits.longestWait), "alarm");
  assert.equal(figureLevel(1, limits.waiting), "warn");
  assert.equal(figureLevel(92, limitsFor(undefined).serviceLevel), "ok");
});

Deno.test("the longest wait keeps growing between updates while callers wait, and not when nobody does", () => {
  const at = Date.UTC(2026, 4, 1, 9);
  const q = { longest_wait_s: 30, calls_waiting: 2, received_at: at };
  assert.equal(currentLongestWait(q, at + 999), 30);
  assert.equal(currentLongestWait(q, at + 12_400), 42);
  assert.equal(currentLongestWait({ ...q, calls_waiting: 0, longest_wait_s: 0 }, at + 12_400), 0);
  assert.equal(currentLongestWait({ longest_wait_s: 5, calls_waiting: 1 }, at), 5);
});
