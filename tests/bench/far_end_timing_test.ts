import assert from "node:assert/strict";
import { ArrivalTiming } from "../../bench/_far_end_timing.ts";

const MS = 1_000_000n;

function rtp(seq: number, ts: number, ssrc = 0x1234, pt = 8): Uint8Array {
  const bytes = new Uint8Array(172);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x80;
  bytes[1] = pt;
  view.setUint16(2, seq);
  view.setUint32(4, ts);
  view.setUint32(8, ssrc);
  return bytes;
}

Deno.test("ArrivalTiming measures |arrival gap − timestamp gap| per stream", () => {
  const timing = new ArrivalTiming();
  timing.record(rtp(1, 0), 0n, 0n);
  timing.record(rtp(2, 160), 21n * MS, 21n * MS); // 1 ms late
  timing.record(rtp(3, 320), 40n * MS, 40n * MS); // on time against 20 ms
  timing.record(rtp(7, 0, 0x9999), 5n * MS, 5n * MS); // another stream, its first packet
  const report = timing.report("realtime");
  assert.equal(report.streams, 2);
  assert.equal(report.packets, 4);
  assert.deepEqual(report.interarrival_deviation_ms, { p50: 1, p99: 1, max: 1 });
  assert.equal(report.receiver_priority, "realtime");
});

Deno.test("ArrivalTiming counts a skipped sequence number as lost and as a break", () => {
  const timing = new ArrivalTiming();
  timing.record(rtp(65534, 0), 0n, 0n);
  timing.record(rtp(65535, 160), 20n * MS, 20n * MS);
  timing.record(rtp(2, 640), 80n * MS, 80n * MS); // 0 and 1 never came
  timing.record(rtp(1, 480), 81n * MS, 81n * MS); // late: a break, nothing lost
  const report = timing.report("normal");
  assert.equal(report.lost, 2);
  assert.equal(report.sequence_breaks, 2);
  assert.deepEqual(report.interarrival_deviation_ms, { p50: 0, p99: 0, max: 0 });
});

Deno.test("ArrivalTiming leaves out telephone events, RTCP and what is not RTP", () => {
  const timing = new ArrivalTiming();
  timing.record(rtp(1, 0, 1, 101), 0n, 0n);
  timing.record(rtp(1, 0, 2, 200), 0n, 0n);
  const notRtp = rtp(1, 0, 3);
  notRtp[0] = 0x16;
  timing.record(notRtp, 0n, 0n);
  assert.equal(timing.report("normal").packets, 0);
});

Deno.test("ArrivalTiming reports how late packets were read, and starts afresh on reset", () => {
  const timing = new ArrivalTiming();
  timing.record(rtp(1, 0), 0n, 3n * MS);
  assert.equal(timing.report("normal").read_delay_ms.max, 3);
  timing.reset();
  const report = timing.report("normal");
  assert.equal(report.packets, 0);
  assert.equal(report.read_delay_ms.max, 0);
});
