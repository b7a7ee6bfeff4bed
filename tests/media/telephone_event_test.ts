import assert from "node:assert/strict";
import { hasPeer } from "../support/peers.ts";
import {
  decodeTelephoneEvent,
  dtmfEventCode,
  encodeTelephoneEvent,
  parseRtp,
  planTelephoneEvent,
  TelephoneEventReceiver,
  TelephoneEventSender,
} from "../../src/media/mod.ts";
import { udpPayloadsFromPcap } from "./_pcap.ts";

Deno.test("an event payload has the RFC 4733 §2.3 layout and survives a round trip", () => {
  const bytes = encodeTelephoneEvent({ event: 11, end: true, volume: 10, duration: 800 });
  assert.deepEqual([...bytes], [11, 0x80 | 10, 0x03, 0x20]);
  assert.deepEqual(decodeTelephoneEvent(bytes), {
    event: 11,
    end: true,
    volume: 10,
    duration: 800,
  });
  assert.equal(decodeTelephoneEvent(new Uint8Array(3)), undefined);
  assert.throws(
    () => encodeTelephoneEvent({ event: 1, end: false, volume: 64, duration: 0 }),
    RangeError,
  );
});

Deno.test("DTMF keys map to event codes 0–15 and nothing else does", () => {
  assert.equal(dtmfEventCode("0"), 0);
  assert.equal(dtmfEventCode("9"), 9);
  assert.equal(dtmfEventCode("*"), 10);
  assert.equal(dtmfEventCode("#"), 11);
  assert.equal(dtmfEventCode("a"), 12);
  assert.equal(dtmfEventCode("D"), 15);
  assert.equal(dtmfEventCode("E"), undefined);
  assert.equal(dtmfEventCode("12"), undefined);
});

Deno.test("a digit is planned as a marked start, 50 ms updates and three end packets", () => {
  const plan = planTelephoneEvent("5", { durationMs: 160 });
  assert.deepEqual(plan.map((p) => p.offsetMs), [0, 50, 100, 150, 160, 180, 200]);
  assert.deepEqual(plan.map((p) => p.marker), [true, false, false, false, false, false, false]);
  const events = plan.map((p) => decodeTelephoneEvent(p.payload)!);
  assert.deepEqual(events.map((e) => e.duration), [160, 400, 800, 1200, 1280, 1280, 1280]);
  assert.deepEqual(events.map((e) => e.end), [false, false, false, false, true, true, true]);
  assert.ok(events.every((e) => e.event === 5));
  assert.throws(() => planTelephoneEvent("x"), RangeError);
  assert.throws(() => planTelephoneEvent("1", { durationMs: 9000 }), RangeError);
});

Deno.test("the receiver reports one digit per event despite updates and repeated end packets", () => {
  const receiver = new TelephoneEventReceiver();
  const digits: string[] = [];
  let ts = 1000;
  for (const d of "12#") {
    for (const p of planTelephoneEvent(d)) {
      const got = receiver.receive({ timestamp: ts, marker: p.marker, payload: p.payload });
      if (got) digits.push(got.digit);
    }
    ts += 1600;
  }
  assert.deepEqual(digits, ["1", "2", "#"]);
});

Deno.test("the receiver reports a digit whose start packet was lost", () => {
  const receiver = new TelephoneEventReceiver();
  const plan = planTelephoneEvent("7");
  const got = plan.slice(1).map((p) =>
    receiver.receive({ timestamp: 500, marker: p.marker, payload: p.payload })
  ).filter((d) => d !== undefined);
  assert.deepEqual(got, [{ digit: "7", rtpTimestamp: 500 }]);
});

Deno.test("the receiver treats the same key pressed twice as two digits", () => {
  const receiver = new TelephoneEventReceiver();
  const got: string[] = [];
  for (const ts of [0, 2000]) {
    for (const p of planTelephoneEvent("3")) {
      const d = receiver.receive({ timestamp: ts, marker: p.marker, payload: p.payload });
      if (d) got.push(d.digit);
    }
  }
  assert.deepEqual(got, ["3", "3"]);
});

Deno.test("the receiver ignores a straggler from an earlier event and long-event segments", () => {
  const receiver = new TelephoneEventReceiver();
  const start = encodeTelephoneEvent({ event: 4, end: false, volume: 10, duration: 160 });
  const update = encodeTelephoneEvent({ event: 4, end: false, volume: 10, duration: 65535 });
  assert.equal(receiver.receive({ timestamp: 100, marker: true, payload: start })?.digit, "4");
  // §2.5.1.3: a long event continues under a new timestamp without the marker bit.
  assert.equal(receiver.receive({ timestamp: 65635, marker: false, payload: update }), undefined);
  assert.equal(receiver.receive({ timestamp: 50, marker: true, payload: start }), undefined);
});

Deno.test({
  name: "the receiver reads SIPp's RFC 4733 captures as the expected digits",
  // The captures come with sip-tester; without it the test is skipped (or fails in CI).
  ignore: !hasPeer("sipp"),
}, async () => {
  const names = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "star", "pound"];
  const expected = "0123456789*#";
  const dir = "/usr/share/sip-tester";
  for (let i = 0; i < names.length; i++) {
    const receiver = new TelephoneEventReceiver();
    const digits: string[] = [];
    const udp = udpPayloadsFromPcap(await Deno.readFile(`${dir}/dtmf_2833_${names[i]}.pcap`));
    for (const { payload } of udp) {
      const parsed = parseRtp(payload);
      if (!parsed.ok || parsed.packet.payloadType !== 101) continue;
      const d = receiver.receive(parsed.packet);
      if (d) digits.push(d.digit);
    }
    assert.deepEqual(digits, [expected[i]], names[i]);
  }
});

Deno.test("the sender suppresses audio during a digit and marks the frame where it starts", () => {
  const sender = new TelephoneEventSender();
  sender.enqueue("19", { durationMs: 100, gapMs: 40 });
  assert.throws(() => sender.enqueue("1x"), RangeError);
  const ticks = [];
  for (let i = 0; i < 40 && sender.busy; i++) ticks.push(sender.tick());
  assert.equal(sender.busy, false);
  const starts = ticks.flatMap((t, i) => (t.eventStart ? [i] : []));
  assert.equal(starts.length, 2);
  const first = ticks.slice(starts[0], starts[1]);
  const packets = first.flatMap((t) => t.packets);
  assert.equal(packets.length, 2 + 3);
  assert.equal(packets.filter((p) => p.marker).length, 1);
  // 8 frames carry the event (0–140 ms), then 2 frames of gap with audio.
  assert.deepEqual(first.map((t) => t.suppressAudio), [
    true,
    true,
    true,
    true,
    true,
    true,
    true,
    true,
    false,
    false,
  ]);
  const second = ticks.slice(starts[1]).flatMap((t) => t.packets);
  assert.equal(decodeTelephoneEvent(second[0].payload)?.event, 9);
});
