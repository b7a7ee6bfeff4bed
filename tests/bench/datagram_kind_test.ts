import assert from "node:assert/strict";
import { datagramKind } from "../../bench/_datagram_kind.ts";

const datagram = (...head: number[]) => {
  const bytes = new Uint8Array(20);
  bytes.set(head);
  return bytes;
};

Deno.test("datagramKind() reads a STUN binding request by its first byte", () => {
  assert.equal(datagramKind(datagram(0x00, 0x01)), "stun");
  assert.equal(datagramKind(datagram(0x01, 0x01)), "stun");
});

Deno.test("datagramKind() reads DTLS records from handshake to application data", () => {
  assert.equal(datagramKind(datagram(22, 0xfe, 0xfd)), "dtls");
  assert.equal(datagramKind(datagram(20)), "dtls");
  assert.equal(datagramKind(datagram(23, 0xfe, 0xfd)), "dtls");
  assert.equal(datagramKind(datagram(63)), "dtls");
});

Deno.test("datagramKind() tells SRTP from SRTCP by the second byte", () => {
  assert.equal(datagramKind(datagram(0x80, 8)), "rtp"); // PCMA
  assert.equal(datagramKind(datagram(0x80, 0x80 | 0)), "rtp"); // PCMU with the marker
  assert.equal(datagramKind(datagram(0x80, 101)), "rtp"); // telephone-event
  assert.equal(datagramKind(datagram(0x81, 200)), "rtcp"); // sender report
  assert.equal(datagramKind(datagram(0x81, 201)), "rtcp"); // receiver report
  assert.equal(datagramKind(datagram(0xbf, 206)), "rtcp");
});

Deno.test("datagramKind() calls the unassigned ranges and a short RTP datagram other", () => {
  assert.equal(datagramKind(datagram(4)), "other");
  assert.equal(datagramKind(datagram(16)), "other"); // ZRTP
  assert.equal(datagramKind(datagram(64)), "other"); // TURN channel
  assert.equal(datagramKind(datagram(0x7b)), "other"); // "{", the relay's control
  assert.equal(datagramKind(datagram(192)), "other");
  assert.equal(datagramKind(datagram(0x80, 8), 11), "other");
  assert.equal(datagramKind(new Uint8Array(0)), "other");
});
