import assert from "node:assert/strict";
import { LatencyWindow } from "../../../src/sip/ua/latency_window.ts";

Deno.test("LatencyWindow reports percentiles of the values since a count, within its size", () => {
  const window = new LatencyWindow(100);
  assert.deepEqual(window.summary(), { count: 0, p50_ms: null, p99_ms: null, max_ms: null });
  for (let i = 1; i <= 100; i++) window.add(i);
  assert.deepEqual(window.summary(), { count: 100, p50_ms: 50, p99_ms: 99, max_ms: 100 });
  for (let i = 0; i < 10; i++) window.add(1000);
  assert.deepEqual(window.summary(100), { count: 110, p50_ms: 1000, p99_ms: 1000, max_ms: 1000 });
  assert.equal(window.summary().p50_ms, 60, "the oldest ten fell out of the window");
});
