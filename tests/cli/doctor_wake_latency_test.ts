import assert from "node:assert/strict";
import { NO_LIMIT_US, wakeLatencyCheck } from "../../src/cli/doctor_wake_latency.ts";

Deno.test("doctor asks only at real-time priority, with no limit, and gives the request back", () => {
  const written: number[] = [];
  let opened = 0;
  let closed = 0;
  const open = () => {
    opened++;
    return {
      writeSync: (bytes: Uint8Array) => {
        written.push(new DataView(bytes.buffer, bytes.byteOffset).getInt32(0, true));
        return bytes.length;
      },
      close: () => closed++,
    };
  };
  const high = wakeLatencyCheck("high", open);
  assert.deepEqual([high.ok, high.detail, opened], [true, "not asked for at high priority", 0]);
  const realtime = wakeLatencyCheck("realtime", open);
  assert.equal(realtime.ok, true);
  assert.deepEqual([opened, closed], [1, 1]);
  assert.deepEqual(written, [NO_LIMIT_US], "looking holds the CPUs to nothing, even for a moment");
});

Deno.test("doctor says why the CPUs cannot be kept quick to wake", () => {
  const check = wakeLatencyCheck("realtime", () => {
    throw new Deno.errors.NotFound("No such file or directory (os error 2)");
  });
  assert.equal(check.ok, false);
  assert.equal(check.level, "optional");
  assert.match(check.detail, /\/dev\/cpu_dma_latency: No such file or directory/);
});
