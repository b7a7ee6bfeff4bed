import assert from "node:assert/strict";
import dgram from "node:dgram";
import { CallMedia } from "../../src/calls/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";
import {
  encodeG711,
  encodeTelephoneEvent,
  MediaClock,
  PortPool,
  serializeRtp,
} from "../../src/media/mod.ts";

/** A PBX on a UDP socket sending PCMA frames and RFC 4733 events to the call's endpoint. */
async function withCall(
  fn: (
    media: CallMedia,
    send: (
      payloadType: number,
      timestamp: number,
      payload: Uint8Array,
      marker?: boolean,
    ) => Promise<void>,
    tick: (frames: number) => void,
    received: (count: number) => Promise<void>,
  ) => Promise<void>,
  offers = { telephoneEvent: true },
): Promise<void> {
  const clock = new VirtualClock();
  const mediaClock = new MediaClock(clock);
  const base = 40000 + 2 * Math.floor(Math.random() * 5000);
  const pbx = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => pbx.bind(0, "127.0.0.1", resolve));
  const offer = [
    "v=0",
    "o=pbx 1 1 IN IP4 127.0.0.1",
    "s=-",
    "c=IN IP4 127.0.0.1",
    "t=0 0",
    `m=audio ${pbx.address().port} RTP/AVP 8${offers.telephoneEvent ? " 101" : ""}`,
    "a=rtpmap:8 PCMA/8000",
    ...(offers.telephoneEvent ? ["a=rtpmap:101 telephone-event/8000"] : []),
    "",
  ].join("\r\n");
  const { media } = await CallMedia.answer(offer, {
    clock,
    mediaClock,
    ports: new PortPool(base, base + 9),
    bindAddress: "127.0.0.1",
    advertisedAddress: "127.0.0.1",
  });
  mediaClock.start();
  let seq = 1;
  // One send at a time: node:dgram sends in Deno may overtake each other.
  const send = (payloadType: number, timestamp: number, payload: Uint8Array, marker = false) =>
    new Promise<void>((resolve) =>
      pbx.send(
        serializeRtp({ payloadType, marker, sequenceNumber: seq++, timestamp, ssrc: 77, payload }),
        media.endpoint.port,
        "127.0.0.1",
        () => resolve(),
      )
    );
  const tick = (frames: number) => clock.advance(frames * 20);
  const received = async (count: number) => {
    for (let i = 0; i < 200 && media.endpoint.counters.packetsIn < count; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.equal(media.endpoint.counters.packetsIn, count);
  };
  try {
    await fn(media, send, tick, received);
  } finally {
    mediaClock.stop();
    await media.close();
    await new Promise<void>((resolve) => pbx.close(() => resolve()));
  }
}

/** 20 ms of the DTMF tone for `5` (770 + 1336 Hz), A-law. */
function toneFrame(index: number): Uint8Array {
  const pcm = Int16Array.from({ length: 160 }, (_, i) => {
    const t = (index * 160 + i) / 8000;
    return Math.round(6000 * (Math.sin(2 * Math.PI * 770 * t) + Math.sin(2 * Math.PI * 1336 * t)));
  });
  return encodeG711("PCMA", pcm);
}

const silence = () => encodeG711("PCMA", new Int16Array(160));

/**
 * The peer sends 100 ms of the tone for `5` then 100 ms of silence; 15 ticks run. Returns the
 * keys reported and the caller's frames.
 */
async function playToneForFive(
  media: CallMedia,
  send: Parameters<Parameters<typeof withCall>[0]>[1],
  tick: (frames: number) => void,
  received: (count: number) => Promise<void>,
) {
  const digits: { digit: string; source: string }[] = [];
  media.onDigit((digit, info) => digits.push({ digit, source: info.source }));
  const frames: Int16Array[] = [];
  media.onCallerAudio((frame) => frames.push(frame));
  for (let i = 0; i < 10; i++) await send(8, i * 160, i < 5 ? toneFrame(i) : silence());
  await received(10);
  tick(15);
  return { digits, frames };
}

Deno.test(
  "the caller's audio comes out one frame per tick, and an in-band key is heard from a peer without telephone-event",
  () =>
    withCall(async (media, send, tick, received) => {
      const { digits, frames } = await playToneForFive(media, send, tick, received);
      assert.equal(frames.length, 15);
      assert.ok(frames.every((f) => f.length === 160));
      assert.ok(frames.some((f) => f.some((s) => Math.abs(s) > 3000)), "the tone came through");
      assert.deepEqual(digits, [{ digit: "5", source: "inband" }]);
    }, { telephoneEvent: false }),
);

Deno.test("a peer that negotiated telephone-event has its keys taken from events, not from tones in its audio", () =>
  withCall(async (media, send, tick, received) => {
    const { digits, frames } = await playToneForFive(media, send, tick, received);
    assert.ok(frames.some((f) => f.some((s) => Math.abs(s) > 3000)), "the tone came through");
    assert.deepEqual(digits, []);
    await send(
      101,
      1600,
      encodeTelephoneEvent({ event: 7, end: true, volume: 10, duration: 800 }),
      true,
    );
    await received(11);
    assert.deepEqual(digits, [{ digit: "7", source: "rfc4733" }]);
  }));

Deno.test("a key sent both as an RFC 4733 event and in band is reported once", () =>
  withCall(async (media, send, tick, received) => {
    const digits: { digit: string; source: string }[] = [];
    media.onDigit((digit, info) => digits.push({ digit, source: info.source }));
    await send(
      101,
      0,
      encodeTelephoneEvent({ event: 5, end: false, volume: 10, duration: 160 }),
      true,
    );
    for (let i = 0; i < 8; i++) await send(8, i * 160, i < 5 ? toneFrame(i) : silence());
    await received(9);
    tick(12);
    assert.deepEqual(digits, [{ digit: "5", source: "rfc4733" }]);
    // The same key pressed again later is a new press.
    tick(25);
    media.injectDigit("5");
    assert.deepEqual(digits.map((d) => d.source), ["rfc4733", "info"]);
  }));
