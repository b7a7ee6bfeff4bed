import assert from "node:assert/strict";
import dgram from "node:dgram";
import { VirtualClock } from "../../src/clock/mod.ts";
import {
  PortPool,
  type ReceivedAudio,
  type ReceivedRtpDigit,
  RtpEndpoint,
  type RtpEndpointOptions,
  serializeRtp,
} from "../../src/media/mod.ts";

// A random even base keeps parallel runs from colliding on the same ports.
function pool(size = 20): PortPool {
  const base = 20000 + 2 * Math.floor(Math.random() * 15000);
  return new PortPool(base, base + size * 2 - 1);
}

/** Waits for real UDP delivery, polling at most `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited >= timeoutMs) throw new Error("Timed out waiting for packets");
    await new Promise((r) => setTimeout(r, 5));
  }
}

function tone(k: number): Int16Array {
  return Int16Array.from({ length: 160 }, (_, i) => Math.round(8000 * Math.sin((k * 160 + i) / 4)));
}

async function pair(extra: Partial<RtpEndpointOptions> = {}) {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1));
  const ports = pool();
  const base = { clock, ports, bindAddress: "127.0.0.1", telephoneEventPayloadType: 101, ...extra };
  const b = await RtpEndpoint.open(base);
  const a = await RtpEndpoint.open({ ...base, remote: { address: "127.0.0.1", port: b.port } });
  return { clock, ports, a, b };
}

Deno.test("two endpoints exchange PCMU frames and the answerer latches onto the caller", async () => {
  const { a, b, ports } = await pair();
  try {
    const atB: ReceivedAudio[] = [];
    const atA: ReceivedAudio[] = [];
    // Received audio lasts while listeners run: kept frames are copies.
    b.onAudio((f) => atB.push({ ...f, pcm: f.pcm.slice() }));
    a.onAudio((f) => atA.push({ ...f, pcm: f.pcm.slice() }));
    for (let k = 0; k < 50; k++) a.sendFrame(tone(k));
    await until(() => atB.length === 50);
    assert.deepEqual(b.remote, { address: "127.0.0.1", port: a.port, rtcpPort: a.port + 1 });
    for (let k = 0; k < 50; k++) {
      assert.equal(atB[k].sequenceNumber, (atB[0].sequenceNumber + k) & 0xffff);
      assert.equal(atB[k].timestamp, (atB[0].timestamp + k * 160) >>> 0);
      const sent = tone(k);
      for (let i = 0; i < 160; i += 16) assert.ok(Math.abs(atB[k].pcm[i] - sent[i]) < 300);
    }
    for (let k = 0; k < 10; k++) b.sendFrame(tone(k));
    await until(() => atA.length === 10);
    assert.equal(a.counters.packetsOut, 50);
    assert.equal(b.counters.packetsIn, 50);
    assert.equal(b.counters.lost, 0);
    assert.equal(a.counters.packetsIn, 10);
    assert.equal(ports.inUse, 2);
  } finally {
    await a.close();
    await b.close();
  }
  assert.equal(ports.inUse, 0);
});

Deno.test("digits sent as RFC 4733 events arrive once each, in order", async () => {
  const { a, b } = await pair();
  try {
    const digits: ReceivedRtpDigit[] = [];
    let audio = 0;
    b.onDigit((d) => digits.push(d));
    b.onAudio(() => audio++);
    a.sendDigits("159#", { durationMs: 80, gapMs: 40 });
    for (let k = 0; k < 60; k++) a.sendFrame(tone(k));
    await until(() => digits.length === 4 && b.counters.packetsIn === a.counters.packetsOut);
    assert.deepEqual(digits.map((d) => d.digit), ["1", "5", "9", "#"]);
    assert.ok(audio < 60, "audio is suppressed while digits are sent");
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("after latching, packets from another address are counted and ignored", async () => {
  const { a, b } = await pair();
  const intruder = dgram.createSocket("udp4");
  try {
    let frames = 0;
    b.onAudio(() => frames++);
    a.sendFrame(tone(0));
    await until(() => frames === 1);
    const fake = serializeRtp({
      payloadType: 0,
      sequenceNumber: 1,
      timestamp: 1,
      ssrc: 9,
      payload: new Uint8Array(160),
    });
    await new Promise<void>((r) => intruder.send(fake, b.port, "127.0.0.1", () => r()));
    await new Promise<void>((r) =>
      intruder.send(new Uint8Array([1, 2, 3]), b.port, "127.0.0.1", () => r())
    );
    await until(() => b.counters.foreign === 1 && b.counters.malformed === 1);
    assert.equal(frames, 1);
    assert.equal(b.remote?.port, a.port);
  } finally {
    await new Promise<void>((r) => intruder.close(() => r()));
    await a.close();
    await b.close();
  }
});

Deno.test("sender and receiver reports flow over RTCP and carry the peer's view", async () => {
  const { a, b, clock } = await pair({ rtcpIntervalMs: 1000 });
  try {
    let frames = 0;
    b.onAudio(() => frames++);
    for (let k = 0; k < 20; k++) a.sendFrame(tone(k));
    await until(() => frames === 20);
    clock.advance(1600); // both report at least once
    await until(() => b.counters.rtcpIn >= 1 && a.counters.rtcpIn >= 1);
    const report = a.remoteReport;
    assert.ok(report, "A learns how B receives it");
    assert.equal(report.cumulativeLost, 0);
    assert.equal(report.extendedHighestSeq & 0xffff, b.receiveStats!.extendedHighestSeq & 0xffff);
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("with rtcp-mux, RTP and RTCP share one port", async () => {
  const { a, b, clock, ports } = await pair({ rtcpMux: true, rtcpIntervalMs: 1000 });
  try {
    assert.equal(a.rtcpPort, a.port);
    let frames = 0;
    b.onAudio(() => frames++);
    for (let k = 0; k < 5; k++) a.sendFrame(tone(k));
    await until(() => frames === 5);
    clock.advance(1600);
    await until(() => b.counters.rtcpIn >= 1);
    assert.equal(b.counters.malformed, 0);
    assert.equal(ports.inUse, 2);
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("PCMA is decoded by payload type", async () => {
  const { a, b } = await pair({ codec: "PCMA" });
  try {
    const got: ReceivedAudio[] = [];
    b.onAudio((f) => got.push({ ...f, pcm: f.pcm.slice() }));
    a.sendFrame(tone(3));
    await until(() => got.length === 1);
    assert.ok(Math.abs(got[0].pcm[40] - tone(3)[40]) < 300);
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("the port pool hands out even ports, skips busy ones and runs out cleanly", async () => {
  const ports = pool(2);
  const first = ports.min + (ports.min % 2);
  const squatter = dgram.createSocket("udp4");
  await new Promise<void>((r) => squatter.bind(first, "127.0.0.1", () => r()));
  const clock = new VirtualClock(0);
  try {
    const e = await RtpEndpoint.open({ clock, ports, bindAddress: "127.0.0.1" });
    assert.equal(e.port % 2, 0);
    assert.notEqual(e.port, first);
    await assert.rejects(
      () => RtpEndpoint.open({ clock, ports, bindAddress: "127.0.0.1" }),
      RangeError,
    );
    await e.close();
    assert.equal(ports.inUse, 0);
  } finally {
    await new Promise<void>((r) => squatter.close(() => r()));
  }
  assert.throws(() => new PortPool(1000, 2000), RangeError);
  assert.throws(() => new PortPool(3001, 3001), RangeError);
});
