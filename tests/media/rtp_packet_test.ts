import assert from "node:assert/strict";
import { isRtcpPacket, parseRtp, serializeRtp } from "../../src/media/mod.ts";

Deno.test("an RTP packet with marker, CSRCs, extension and padding survives a round trip", () => {
  const bytes = serializeRtp({
    marker: true,
    payloadType: 8,
    sequenceNumber: 65535,
    timestamp: 0xfffffff0,
    ssrc: 0xdeadbeef,
    csrc: [1, 0xffffffff],
    extension: { profile: 0xbede, data: new Uint8Array([1, 2, 3, 4]) },
    payload: new Uint8Array([9, 8, 7]),
    paddingLength: 5,
  });
  assert.equal(bytes.length, 12 + 8 + 8 + 3 + 5);
  const result = parseRtp(bytes);
  assert.ok(result.ok);
  const p = result.packet;
  assert.equal(p.marker, true);
  assert.equal(p.payloadType, 8);
  assert.equal(p.sequenceNumber, 65535);
  assert.equal(p.timestamp, 0xfffffff0);
  assert.equal(p.ssrc, 0xdeadbeef);
  assert.deepEqual(p.csrc, [1, 0xffffffff]);
  assert.equal(p.extension?.profile, 0xbede);
  assert.deepEqual([...p.extension!.data], [1, 2, 3, 4]);
  assert.deepEqual([...p.payload], [9, 8, 7]);
  assert.equal(p.paddingLength, 5);
});

Deno.test("a plain PCMU packet has the RFC 3550 §5.1 header layout", () => {
  const bytes = serializeRtp({
    payloadType: 0,
    sequenceNumber: 0x1234,
    timestamp: 0x01020304,
    ssrc: 0x0a0b0c0d,
    payload: new Uint8Array(160),
  });
  assert.deepEqual(
    [...bytes.subarray(0, 12)],
    [0x80, 0x00, 0x12, 0x34, 1, 2, 3, 4, 0x0a, 0x0b, 0x0c, 0x0d],
  );
  assert.equal(bytes.length, 172);
});

Deno.test("parsing rejects malformed datagrams without throwing", () => {
  const good = serializeRtp({
    payloadType: 0,
    sequenceNumber: 1,
    timestamp: 1,
    ssrc: 1,
    payload: new Uint8Array([0, 0, 0, 9]),
  });
  const cases: Uint8Array[] = [
    new Uint8Array(0),
    new Uint8Array(11),
    Uint8Array.from(good, (b, i) => (i === 0 ? 0x40 : b)), // version 1
    Uint8Array.from(good, (b, i) => (i === 0 ? 0x8f : b)), // 15 CSRCs announced, none present
    Uint8Array.from(good, (b, i) => (i === 0 ? 0x90 : b)), // extension flagged, too short
    Uint8Array.from(good, (b, i) => (i === 0 ? 0xa0 : i === good.length - 1 ? 0 : b)), // pad 0
    Uint8Array.from(good, (b, i) => (i === 0 ? 0xa0 : i === good.length - 1 ? 200 : b)),
  ];
  for (const bytes of cases) {
    const result = parseRtp(bytes);
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(typeof result.reason, "string");
  }
});

Deno.test("parsing random bytes never throws", () => {
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  for (let n = 0; n < 2000; n++) {
    const bytes = Uint8Array.from({ length: rand() % 40 }, rand);
    if (bytes.length > 0) bytes[0] = 0x80 | (bytes[0] & 0x3f);
    parseRtp(bytes);
  }
});

Deno.test("serializing rejects fields that cannot be encoded", () => {
  const base = {
    payloadType: 0,
    sequenceNumber: 0,
    timestamp: 0,
    ssrc: 0,
    payload: new Uint8Array(),
  };
  assert.throws(() => serializeRtp({ ...base, payloadType: 128 }), RangeError);
  assert.throws(() => serializeRtp({ ...base, csrc: new Array(16).fill(0) }), RangeError);
  assert.throws(
    () => serializeRtp({ ...base, extension: { profile: 1, data: new Uint8Array(3) } }),
    RangeError,
  );
});

Deno.test("RTCP is told apart from RTP on a muxed port by the packet type octet", () => {
  assert.equal(isRtcpPacket(new Uint8Array([0x80, 200, 0, 6])), true);
  assert.equal(isRtcpPacket(new Uint8Array([0x81, 201, 0, 7])), true);
  assert.equal(isRtcpPacket(new Uint8Array([0x80, 0, 0, 1])), false);
  assert.equal(isRtcpPacket(new Uint8Array([0x80, 0x80 | 101, 0, 1])), false);
});
