import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import {
  CPU_LATENCY_DEVICE,
  CpuWakeLatency,
  type LatencyFile,
  WakeWhileActive,
} from "../../src/threads/mod.ts";

/** A device that records what was written to it and whether it is still open. */
function fakeDevice() {
  const opened: { written: number[]; closed: boolean }[] = [];
  return {
    opened,
    open(): LatencyFile {
      const file = { written: [] as number[], closed: false };
      opened.push(file);
      return {
        writeSync(bytes: Uint8Array) {
          file.written.push(new DataView(bytes.buffer, bytes.byteOffset).getInt32(0, true));
          return bytes.length;
        },
        close() {
          file.closed = true;
        },
      };
    },
  };
}

Deno.test("the limit is written when the first hold is taken and withdrawn when the last is let go", () => {
  const device = fakeDevice();
  const latency = new CpuWakeLatency({ open: device.open, limitUs: 0 });
  const first = latency.hold();
  const second = latency.hold();
  assert.equal(device.opened.length, 1, "one request stands for every hold");
  assert.deepEqual(device.opened[0].written, [0]);
  assert.equal(latency.requested, true);
  first();
  first();
  assert.equal(device.opened[0].closed, false, "a hold let go twice counts once");
  second();
  assert.equal(device.opened[0].closed, true);
  assert.equal(latency.requested, false);
  latency.hold();
  assert.equal(device.opened.length, 2, "a later hold asks again");
});

Deno.test("a device that may not be opened is reported once and not asked again", () => {
  let opens = 0;
  const said: string[] = [];
  const latency = new CpuWakeLatency({
    open: () => {
      opens++;
      throw new Deno.errors.PermissionDenied("Permission denied (os error 13)");
    },
    onFailure: (reason) => said.push(reason),
  });
  latency.hold()();
  latency.hold()();
  assert.equal(opens, 1);
  assert.equal(said.length, 1);
  assert.match(said[0], new RegExp(`^${CPU_LATENCY_DEVICE}: not permitted \\(run as root`));
  assert.equal(latency.requested, false);
  assert.equal(latency.failure, said[0]);
});

Deno.test("the hold stands while audio is paced and is let go five seconds after the last", () => {
  const clock = new VirtualClock();
  const device = fakeDevice();
  const latency = new CpuWakeLatency({ open: device.open });
  const awake = new WakeWhileActive({ clock, hold: () => latency.hold() });
  awake.active();
  assert.equal(latency.requested, true);
  clock.advance(4_000);
  awake.active();
  clock.advance(4_000);
  assert.equal(latency.requested, true, "active 4 s ago: still held");
  clock.advance(1_000);
  assert.equal(latency.requested, false, "quiet for 5 s: let go");
  assert.equal(awake.held, false);
  awake.active();
  assert.equal(device.opened.length, 2);
  awake.stop();
  assert.equal(latency.requested, false);
});

Deno.test("without a request to hold, activity takes nothing and sets no timer", () => {
  const clock = new VirtualClock();
  const awake = new WakeWhileActive({ clock, hold: () => undefined });
  awake.active();
  assert.equal(awake.held, false);
  assert.equal(clock.pendingTimers, 0);
});

// The kernel's own figure: reading the device gives the lowest limit any process holds.
const device = await Deno.stat(CPU_LATENCY_DEVICE).then(() => true, () => false);
const readLimit = () => {
  const bytes = Deno.readFileSync(CPU_LATENCY_DEVICE);
  return new DataView(bytes.buffer).getInt32(0, true);
};
let before: number | undefined;
try {
  if (device && Deno.uid() === 0) before = readLimit();
} catch {
  before = undefined;
}

Deno.test({
  name: "the kernel holds the written limit while the request stands and drops it after",
  // Another process holding a lower limit would hide ours.
  ignore: before === undefined || before <= 7,
  fn() {
    const latency = new CpuWakeLatency({ limitUs: 7 });
    const release = latency.hold();
    try {
      assert.equal(latency.failure, undefined);
      assert.equal(readLimit(), 7);
    } finally {
      release();
    }
    assert.equal(readLimit(), before);
  },
});
