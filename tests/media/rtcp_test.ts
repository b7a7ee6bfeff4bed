import assert from "node:assert/strict";
import {
  buildReportPackets,
  ntpFromUnixMs,
  ntpMiddle32,
  parseRtcp,
  type ReportBlock,
  RtpReceiveStats,
  serializeRtcp,
} from "../../src/media/mod.ts";

const block: ReportBlock = {
  ssrc: 0x11223344,
  fractionLost: 25,
  cumulativeLost: -3,
  extendedHighestSeq: 0x1_0005,
  jitter: 42,
  lastSr: 0xabcd1234,
  delaySinceLastSr: 65536,
};

Deno.test("a compound SR + SDES packet survives a round trip", () => {
  const bytes = serializeRtcp([
    {
      type: "sr",
      ssrc: 7,
      ntpSeconds: 0xe0000000,
      ntpFraction: 0x80000000,
      rtpTimestamp: 160000,
      packetCount: 1000,
      octetCount: 160000,
      reports: [block],
    },
    { type: "sdes", chunks: [{ ssrc: 7, cname: "leg-7@callcenter" }] },
  ]);
  assert.equal(bytes.length % 4, 0);
  assert.equal(bytes[1], 200);
  const result = parseRtcp(bytes);
  assert.ok(result.ok);
  assert.equal(result.packets.length, 2);
  const [sr, sdes] = result.packets;
  assert.equal(sr.type, "sr");
  if (sr.type === "sr") {
    assert.equal(sr.ntpSeconds, 0xe0000000);
    assert.equal(sr.packetCount, 1000);
    assert.deepEqual(sr.reports, [block]);
  }
  assert.deepEqual(sdes, { type: "sdes", chunks: [{ ssrc: 7, cname: "leg-7@callcenter" }] });
});

Deno.test("a receiver report and a BYE with a reason survive a round trip", () => {
  const bytes = serializeRtcp([
    { type: "rr", ssrc: 9, reports: [block, { ...block, ssrc: 5, cumulativeLost: 70000 }] },
    { type: "bye", ssrcs: [9], reason: "call ended" },
  ]);
  const result = parseRtcp(bytes);
  assert.ok(result.ok);
  assert.deepEqual(result.packets[0], {
    type: "rr",
    ssrc: 9,
    reports: [block, { ...block, ssrc: 5, cumulativeLost: 70000 }],
  });
  assert.deepEqual(result.packets[1], { type: "bye", ssrcs: [9], reason: "call ended" });
});

Deno.test("SDES chunks of every CNAME length are padded to 32-bit words", () => {
  for (let n = 0; n < 9; n++) {
    const cname = "x".repeat(n);
    const bytes = serializeRtcp([{ type: "sdes", chunks: [{ ssrc: 1, cname }, { ssrc: 2 }] }]);
    assert.equal(bytes.length % 4, 0);
    const result = parseRtcp(bytes);
    assert.ok(result.ok);
    assert.deepEqual(result.packets[0], {
      type: "sdes",
      chunks: [{ ssrc: 1, cname }, { ssrc: 2 }],
    });
  }
});

Deno.test("RTCP parsing rejects truncated input and skips unknown packet types", () => {
  const rr = serializeRtcp([{ type: "rr", ssrc: 1, reports: [block] }]);
  assert.equal(parseRtcp(rr.subarray(0, rr.length - 4)).ok, false);
  assert.equal(parseRtcp(new Uint8Array([0x80])).ok, false);
  const app = new Uint8Array([0x80, 204, 0, 2, 0, 0, 0, 1, 0x41, 0x42, 0x43, 0x44]);
  const both = new Uint8Array([...app, ...rr]);
  const result = parseRtcp(both);
  assert.ok(result.ok);
  assert.equal(result.packets.length, 1);
  assert.equal(result.packets[0].type, "rr");
});

Deno.test("NTP conversion puts the Unix epoch at 2208988800 s", () => {
  assert.deepEqual(ntpFromUnixMs(0), { seconds: 2208988800, fraction: 0 });
  const half = ntpFromUnixMs(1500);
  assert.equal(half.seconds, 2208988801);
  assert.equal(half.fraction, 0x80000000);
  assert.equal(ntpMiddle32(0x12345678, 0x9abcdef0), 0x56789abc);
});

Deno.test("receive stats count loss and extend the sequence across a wrap", () => {
  const stats = new RtpReceiveStats(1);
  let ts = 0;
  let t = 0;
  for (let seq = 65530; seq < 65536 + 10; seq++) {
    ts += 160;
    t += 20;
    if (seq % 65536 === 2 || seq % 65536 === 3) continue; // two lost after the wrap
    stats.update(seq % 65536, ts, 160, t);
  }
  assert.equal(stats.extendedHighestSeq, 65536 + 9);
  assert.equal(stats.expected, 16);
  assert.equal(stats.received, 14);
  assert.equal(stats.lost, 2);
  const report = stats.reportBlock(t);
  assert.equal(report.fractionLost, Math.floor((2 * 256) / 16));
  assert.equal(report.cumulativeLost, 2);
  // A second report with nothing new reports no fresh loss.
  assert.equal(stats.reportBlock(t).fractionLost, 0);
});

Deno.test("receive stats classify reordered and duplicate packets as late", () => {
  const stats = new RtpReceiveStats(1);
  assert.equal(stats.update(10, 0, 160, 0), "in-order");
  assert.equal(stats.update(12, 320, 160, 40), "in-order");
  assert.equal(stats.update(11, 160, 160, 45), "late");
  assert.equal(stats.update(12, 320, 160, 46), "late");
  assert.equal(stats.late, 2);
  assert.equal(stats.lost, -1); // RFC 3550 §A.3: duplicates can make loss negative
});

Deno.test("receive stats accept a sequence restart only once it is confirmed", () => {
  const stats = new RtpReceiveStats(1);
  stats.update(100, 0, 160, 0);
  stats.update(101, 160, 160, 20);
  assert.equal(stats.update(30000, 320, 160, 40), "restart-pending");
  assert.equal(stats.update(30001, 480, 160, 60), "restarted");
  assert.equal(stats.update(30002, 640, 160, 80), "in-order");
  assert.equal(stats.expected, 2);
  assert.equal(stats.lost, 0);
});

Deno.test("jitter stays zero for perfectly paced packets and follows RFC 3550 §A.8 otherwise", () => {
  const steady = new RtpReceiveStats(1);
  for (let i = 0; i < 50; i++) steady.update(i, i * 160, 160, i * 20);
  assert.equal(steady.jitter, 0);

  const jittery = new RtpReceiveStats(1);
  let expected = 0;
  for (let i = 0; i < 50; i++) {
    const late = i % 2 === 0 ? 0 : 5; // every other packet 5 ms (40 units) late
    jittery.update(i, i * 160, 160, i * 20 + late);
    if (i > 0) expected += (40 - expected) / 16;
  }
  assert.ok(Math.abs(jittery.jitter - expected) < 1e-9);
  assert.ok(Math.abs(jittery.jitterMs - expected / 8) < 1e-9);
});

Deno.test("the report block carries LSR and the delay since it in 1/65536 s", () => {
  const stats = new RtpReceiveStats(1);
  stats.update(1, 0, 160, 1000);
  stats.noteSenderReport(0x12345678, 1000);
  const block = stats.reportBlock(1500);
  assert.equal(block.lastSr, 0x12345678);
  assert.equal(block.delaySinceLastSr, 32768);
});

Deno.test("a report interval yields SR + SDES after sending, RR + SDES before", () => {
  const state = {
    ssrc: 5,
    nowMs: 0,
    rtpTimestamp: 1234,
    packetsSent: 0,
    octetsSent: 0,
    reports: [block],
    cname: "leg@host",
  };
  const before = buildReportPackets(state);
  assert.deepEqual(before.map((p) => p.type), ["rr", "sdes"]);
  const after = buildReportPackets({ ...state, packetsSent: 10, octetsSent: 1600 }, [
    { type: "bye", ssrcs: [5] },
  ]);
  assert.deepEqual(after.map((p) => p.type), ["sr", "sdes", "bye"]);
  const sr = after[0];
  assert.ok(sr.type === "sr");
  assert.equal(sr.ntpSeconds, 2208988800);
  assert.equal(sr.rtpTimestamp, 1234);
  assert.equal(sr.octetCount, 1600);
});
