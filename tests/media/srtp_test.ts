import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { createHmac } from "node:crypto";
import { ProtectionProfileAes128CmHmacSha1_80, RtpHeader, SrtcpSession, SrtpSession } from "werift";
import { HmacSha1 } from "../../src/media/_hmac_sha1.ts";
import { serializeRtp, SrtpContext } from "../../src/media/mod.ts";
import { SRTP_AUTH_TAG_BYTES } from "../../src/media/srtp.ts";

function random(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

function rtp(seq: number, payload = random(160), ssrc = 0x11223344): Uint8Array {
  return serializeRtp({
    payloadType: 0,
    marker: false,
    sequenceNumber: seq,
    timestamp: seq * 160,
    ssrc,
    payload,
  });
}

/** werift's own SRTP, an independent implementation that browsers interoperate with. */
function weriftPair(key: Uint8Array, salt: Uint8Array) {
  const keys = {
    localMasterKey: Buffer.from(key),
    localMasterSalt: Buffer.from(salt),
    remoteMasterKey: Buffer.from(key),
    remoteMasterSalt: Buffer.from(salt),
  };
  const config = { keys, profile: ProtectionProfileAes128CmHmacSha1_80 };
  return { srtp: new SrtpSession(config), srtcp: new SrtcpSession(config) };
}

Deno.test("HmacSha1 matches node:crypto for RFC 2202 vectors and SRTP-sized input", () => {
  const cases: [Uint8Array, Uint8Array][] = [
    [new Uint8Array(20).fill(0x0b), new TextEncoder().encode("Hi There")],
    [new TextEncoder().encode("Jefe"), new TextEncoder().encode("what do ya want for nothing?")],
    [random(20), random(176)],
    [random(20), random(55)],
    [random(20), random(56)],
    [random(20), random(64)],
    [random(20), new Uint8Array(0)],
  ];
  const out = new Uint8Array(20);
  for (const [key, data] of cases) {
    const mac = new HmacSha1(key);
    // Twice, split unevenly, to check the keyed state is reused correctly.
    for (const split of [0, 7]) {
      mac.update(data, 0, Math.min(split, data.length));
      mac.update(data, Math.min(split, data.length));
      mac.digestInto(out, 0);
      assert.deepEqual(out, new Uint8Array(createHmac("sha1", key).update(data).digest()));
    }
  }
});

Deno.test("SrtpContext protects RTP that werift decrypts and decrypts werift's SRTP", () => {
  const key = random(16);
  const salt = random(14);
  const ours = new SrtpContext({ key, salt });
  const theirs = weriftPair(key, salt);
  // Through more than one prepared keystream run, and across a sequence number wrap.
  for (let n = 0; n < 100; n++) {
    const seq = (0xffc0 + n) & 0xffff;
    const plain = rtp(seq);
    const protectedPacket = ours.protectRtp(plain);
    assert.equal(protectedPacket.length, plain.length + 10);
    assert.deepEqual(new Uint8Array(theirs.srtp.decrypt(Buffer.from(protectedPacket))), plain);
  }

  const receiver = new SrtpContext({ key, salt });
  const sender = weriftPair(key, salt);
  for (let n = 0; n < 100; n++) {
    const seq = (0xffc0 + n) & 0xffff;
    const payload = random(160);
    const header = new RtpHeader({
      payloadType: 8,
      sequenceNumber: seq,
      timestamp: seq * 160,
      ssrc: 0x55667788,
    });
    const enc = new Uint8Array(sender.srtp.encrypt(Buffer.from(payload), header));
    const plain = receiver.unprotectRtp(enc);
    assert.ok(plain, `packet ${n} authenticated`);
    assert.deepEqual(plain.subarray(12), payload);
  }
  assert.equal(receiver.counters.authFailures, 0);
});

Deno.test("SrtpContext refuses tampered and replayed packets and accepts reordered ones", () => {
  const key = random(16);
  const salt = random(14);
  const tx = new SrtpContext({ key, salt });
  const rx = new SrtpContext({ key, salt });
  const packets = Array.from({ length: 40 }, (_, i) => tx.protectRtp(rtp(1000 + i)));
  assert.ok(rx.unprotectRtp(packets[0]));
  const bad = packets[1].slice();
  bad[20] ^= 1;
  assert.equal(rx.unprotectRtp(bad), undefined);
  assert.equal(rx.counters.authFailures, 1);
  // Out of order within the replay window is fine; a second copy is not.
  assert.ok(rx.unprotectRtp(packets[3]));
  assert.ok(rx.unprotectRtp(packets[2]));
  assert.ok(rx.unprotectRtp(packets[1]));
  assert.equal(rx.unprotectRtp(packets[2]), undefined);
  assert.equal(rx.counters.replays, 1);
  // A long payload (60 ms) and a packet from before the prepared run still decrypt.
  const long = rtp(1040, random(480));
  assert.deepEqual(rx.unprotectRtp(tx.protectRtp(long)), long);
  assert.ok(rx.unprotectRtp(packets[39]));
});

Deno.test("SrtpContext protects RTCP that werift decrypts, and the reverse", () => {
  const key = random(16);
  const salt = random(14);
  const ours = new SrtpContext({ key, salt });
  const theirs = weriftPair(key, salt);
  // A receiver report: V=2, RC=0, PT=201, length 1, SSRC.
  const rr = new Uint8Array([0x80, 201, 0, 1, 1, 2, 3, 4]);
  const sr = new Uint8Array(28);
  sr.set([0x80, 200, 0, 6, 9, 9, 9, 9]);
  sr.set(random(20), 8);
  for (const plain of [rr, sr, sr]) {
    const enc = ours.protectRtcp(plain);
    assert.deepEqual(new Uint8Array(theirs.srtcp.decrypt(Buffer.from(enc))), plain);
    const back = new SrtpContext({ key, salt });
    assert.deepEqual(
      back.unprotectRtcp(new Uint8Array(theirs.srtcp.encrypt(Buffer.from(plain)))),
      plain,
    );
  }
  const tampered = ours.protectRtcp(sr);
  tampered[10] ^= 0x40;
  assert.equal(ours.unprotectRtcp(tampered), undefined);
});

Deno.test("SrtpContext's in-place variants match the copying ones and leave refused packets as they were", () => {
  const key = random(16);
  const salt = random(14);
  const tx = new SrtpContext({ key, salt });
  const txInPlace = new SrtpContext({ key, salt });
  const rx = new SrtpContext({ key, salt });
  const buf = new Uint8Array(400);
  for (let seq = 65530; seq < 65540; seq++) {
    const plain = rtp(seq & 0xffff);
    const copied = tx.protectRtp(plain);
    buf.set(plain);
    const length = txInPlace.protectRtpInPlace(buf, plain.length);
    assert.equal(length, plain.length + SRTP_AUTH_TAG_BYTES);
    assert.deepEqual(buf.subarray(0, length), copied);
    const received = copied.slice();
    assert.equal(rx.unprotectRtpInPlace(received), plain.length);
    assert.deepEqual(received.subarray(0, plain.length), plain);
    const replayed = copied.slice();
    assert.equal(rx.unprotectRtpInPlace(replayed), -1);
    assert.deepEqual(replayed, copied, "a refused packet is not decrypted");
  }
  assert.throws(() => tx.protectRtpInPlace(new Uint8Array(180), 172), RangeError);
});

Deno.test("SrtpContext's replay window covers the 64 indices below the highest, across its halves", () => {
  const key = random(16);
  const salt = random(14);
  const tx = new SrtpContext({ key, salt });
  const packets = Array.from({ length: 300 }, (_, i) => tx.protectRtp(rtp(i)));
  const rx = new SrtpContext({ key, salt });
  // Every other index up to 100, then 100 itself: the skipped ones arrive late.
  for (let i = 0; i <= 100; i += 2) assert.ok(rx.unprotectRtp(packets[i]));
  for (const late of [99, 69, 67, 37]) {
    assert.ok(rx.unprotectRtp(packets[late]), `late index ${late} (delta ${100 - late})`);
    assert.equal(rx.unprotectRtp(packets[late]), undefined, `second copy of ${late}`);
  }
  for (const seen of [100, 98, 68, 66, 38]) {
    assert.equal(rx.unprotectRtp(packets[seen]), undefined, `replayed ${seen}`);
  }
  assert.equal(rx.unprotectRtp(packets[36]), undefined, "64 below the highest is too old");
  assert.equal(rx.unprotectRtp(packets[35]), undefined, "too old");
  // Jumps of 31, 32, 33 and more than 64 move the window without losing what it holds.
  assert.ok(rx.unprotectRtp(packets[131]));
  assert.ok(rx.unprotectRtp(packets[163]));
  assert.equal(rx.unprotectRtp(packets[131]), undefined, "seen 32 below the highest");
  assert.equal(rx.unprotectRtp(packets[100]), undefined, "seen 63 below the highest");
  assert.ok(rx.unprotectRtp(packets[101]), "not seen, 62 below the highest");
  assert.ok(rx.unprotectRtp(packets[196]));
  assert.equal(rx.unprotectRtp(packets[163]), undefined, "seen 33 below the highest");
  assert.ok(rx.unprotectRtp(packets[164]), "not seen, 32 below the highest");
  assert.equal(rx.unprotectRtp(packets[131]), undefined, "65 below the highest: too old");
  assert.ok(rx.unprotectRtp(packets[270]));
  assert.ok(rx.unprotectRtp(packets[269]), "after a jump past the window, nothing is marked");
  assert.equal(rx.unprotectRtp(packets[270]), undefined);
  assert.equal(rx.counters.authFailures, 0);
});
