import assert from "node:assert/strict";
import { wakeLatencyCheck } from "../../src/cli/doctor_wake_latency.ts";
import { CpuWakeLatency } from "../../src/threads/mod.ts";

Deno.test("doctor asks for quick wake-ups only at real-time priority, and gives the request back", () => {
  let opened = 0;
  let closed = 0;
  const request = new CpuWakeLatency({
    open: () => {
      opened++;
      return { writeSync: (bytes) => bytes.length, close: () => closed++ };
    },
  });
  const high = wakeLatencyCheck("high", request);
  assert.deepEqual([high.ok, high.detail, opened], [true, "not asked for at high priority", 0]);
  const realtime = wakeLatencyCheck("realtime", request);
  assert.equal(realtime.ok, true);
  assert.deepEqual([opened, closed], [1, 1]);
});

Deno.test("doctor says why the CPUs cannot be kept quick to wake", () => {
  const check = wakeLatencyCheck(
    "realtime",
    new CpuWakeLatency({
      open: () => {
        throw new Deno.errors.NotFound("No such file or directory (os error 2)");
      },
    }),
  );
  assert.equal(check.ok, false);
  assert.equal(check.level, "optional");
  assert.match(check.detail, /\/dev\/cpu_dma_latency: No such file or directory/);
});
