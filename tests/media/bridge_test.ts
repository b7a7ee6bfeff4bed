import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import {
  CallRecorder,
  encodeG711,
  type G711Law,
  MediaBridge,
  MediaClock,
  type MediaLeg,
  parseWav,
  type ReceivedAudio,
  type ReceivedRtpDigit,
  type RtpPacket,
  transcodeG711,
} from "../../src/media/mod.ts";

/** A leg without a network: tests push packets in and read what the bridge sent. */
class FakeLeg implements MediaLeg {
  readonly codec: G711Law;
  readonly payloadType: number;
  readonly sentPayloads: Uint8Array[] = [];
  readonly sentFrames: Int16Array[] = [];
  readonly sentDigits: string[] = [];
  readonly counters = { packetsIn: 0, packetsOut: 0, bytesIn: 0, bytesOut: 0, lost: 0 };
  #packets: ((p: RtpPacket) => void)[] = [];
  #digits: ((d: ReceivedRtpDigit) => void)[] = [];
  #seq = 0;

  constructor(codec: G711Law, readonly dtmf = true) {
    this.codec = codec;
    this.payloadType = codec === "PCMU" ? 0 : 8;
  }
  onAudio(_l: (a: ReceivedAudio) => void) {
    return () => {};
  }
  onPacket(l: (p: RtpPacket) => void) {
    this.#packets.push(l);
    return () => this.#packets.splice(this.#packets.indexOf(l), 1);
  }
  onDigit(l: (d: ReceivedRtpDigit) => void) {
    this.#digits.push(l);
    return () => this.#digits.splice(this.#digits.indexOf(l), 1);
  }
  sendFrame(pcm: Int16Array) {
    this.sentFrames.push(pcm);
  }
  sendPayload(payload: Uint8Array) {
    this.sentPayloads.push(payload.slice());
  }
  sendDigits(digits: string) {
    if (!this.dtmf) throw new Error("no telephone-event");
    this.sentDigits.push(digits);
  }
  close() {
    return Promise.resolve();
  }
  /** Delivers a packet as if it came from the peer. */
  receive(payload: Uint8Array, payloadType = this.payloadType) {
    const packet: RtpPacket = {
      marker: false,
      payloadType,
      sequenceNumber: this.#seq++,
      timestamp: this.#seq * payload.length,
      ssrc: 1,
      csrc: [],
      payload,
      paddingLength: 0,
    };
    for (const l of this.#packets) l(packet);
  }
  digit(digit: string) {
    for (const l of this.#digits) l({ digit, rtpTimestamp: 0, atMs: 0 });
  }
}

function tone(samples: number, hz: number, offset = 0): Int16Array {
  return Int16Array.from(
    { length: samples },
    (_, i) => Math.round(6000 * Math.sin((2 * Math.PI * hz * (i + offset)) / 8000)),
  );
}

function setup(
  callerCodec: G711Law,
  agentCodec: G711Law,
  onFrames?: (c: Int16Array, a: Int16Array) => void,
) {
  const clock = new VirtualClock(0);
  const media = new MediaClock(clock);
  const caller = new FakeLeg(callerCodec);
  const agent = new FakeLeg(agentCodec);
  const bridge = new MediaBridge(media, caller, agent, { onFrames });
  bridge.start();
  media.start();
  return { clock, media, caller, agent, bridge };
}

Deno.test("MediaBridge relays same-law payloads byte for byte, paced by the media clock", () => {
  const { clock, caller, agent, bridge } = setup("PCMA", "PCMA");
  const sent: Uint8Array[] = [];
  for (let i = 0; i < 10; i++) {
    const payload = encodeG711("PCMA", tone(160, 440, i * 160));
    sent.push(payload);
    caller.receive(payload);
    clock.advance(20);
  }
  // 40 ms prebuffer: the first frames out are silence-free copies starting at tick 2.
  assert.ok(agent.sentPayloads.length >= 8);
  const relayed = agent.sentPayloads.filter((p) => p.some((b) => b !== 0xd5));
  assert.deepEqual(relayed, sent.slice(0, relayed.length));
  assert.equal(bridge.stats.caller.transcoded, 0);
  assert.equal(caller.sentPayloads.length, 0, "nothing heard from the agent yet, nothing sent");
});

Deno.test("MediaBridge converts PCMU to PCMA and re-frames 30 ms packets into 20 ms", () => {
  const { clock, caller, agent, bridge } = setup("PCMU", "PCMA");
  const all = tone(240 * 20, 700);
  for (let t = 0, n = 0; t < 600; t += 10) {
    // One 30 ms packet every 30 ms, on a 10 ms grid so the clock interleaves.
    if (t % 30 === 0) caller.receive(encodeG711("PCMU", all.subarray(n * 240, ++n * 240)));
    clock.advance(10);
  }
  assert.ok(bridge.stats.caller.transcoded >= 19);
  assert.ok(agent.sentPayloads.length >= 27);
  assert.ok(agent.sentPayloads.every((p) => p.length === 160));
  const joined = new Uint8Array(agent.sentPayloads.length * 160);
  agent.sentPayloads.forEach((p, i) => joined.set(p, i * 160));
  const expected = transcodeG711("PCMU", "PCMA", encodeG711("PCMU", all));
  // After the prebuffer the stream is continuous: no underrun, no drop.
  const start = 160 * agent.sentPayloads.findIndex((p) => p.some((b) => b !== 0xd5));
  const body = joined.subarray(start, start + 160 * 20);
  assert.deepEqual(body, expected.subarray(0, body.length));
  assert.equal(bridge.stats.caller.droppedSamples, 0);
});

Deno.test("MediaBridge feeds the recorder caller left and agent right every tick", () => {
  const frames: [Int16Array, Int16Array][] = [];
  const { clock, caller, agent } = setup("PCMU", "PCMU", (c, a) => frames.push([c, a]));
  for (let i = 0; i < 10; i++) {
    caller.receive(encodeG711("PCMU", tone(160, 500, i * 160)));
    if (i >= 5) agent.receive(encodeG711("PCMU", tone(160, 900, i * 160)));
    clock.advance(20);
  }
  assert.equal(frames.length, 10);
  const energy = (f: Int16Array) => f.reduce((s, v) => s + Math.abs(v), 0);
  assert.ok(energy(frames[9][0]) > 0, "caller heard on the left");
  assert.ok(energy(frames[9][1]) > 0, "agent heard on the right");
  assert.equal(energy(frames[3][1]), 0, "agent silent before it spoke");
});

Deno.test("MediaBridge forwards digits and reports them even when the far leg cannot send them", () => {
  const clock = new VirtualClock(0);
  const media = new MediaClock(clock);
  const caller = new FakeLeg("PCMU");
  const agent = new FakeLeg("PCMU", false);
  const bridge = new MediaBridge(media, caller, agent);
  const heard: string[] = [];
  bridge.onDigit((side, d) => heard.push(`${side}:${d.digit}`));
  bridge.start();
  caller.digit("5");
  agent.digit("#");
  assert.deepEqual(heard, ["caller:5", "agent:#"]);
  assert.deepEqual(caller.sentDigits, ["#"]);
  assert.deepEqual(agent.sentDigits, []);
  bridge.stop();
  caller.digit("6");
  assert.equal(heard.length, 2);
});

Deno.test("CallRecorder writes stereo WAV, pauses as silence and reports size and sha256", async () => {
  const dir = await Deno.makeTempDir({ prefix: "recorder_" });
  try {
    const path = `${dir}/call.wav`;
    const rec = await CallRecorder.create(path);
    for (let i = 0; i < 50; i++) {
      if (i === 20) rec.pause();
      if (i === 30) rec.resume();
      rec.write(tone(160, 400, i * 160), tone(160, 1000, i * 160));
    }
    const result = await rec.close();
    assert.equal(result.durationMs, 1000);
    assert.equal(result.channels, 2);
    assert.deepEqual(result.pauses, [{ atMs: 400, durationMs: 200 }]);
    const bytes = await Deno.readFile(path);
    assert.equal(result.bytes, bytes.length);
    assert.equal(result.bytes, 44 + 8000 * 4);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    assert.equal(
      result.sha256,
      Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(""),
    );
    const wav = parseWav(bytes);
    assert.equal(wav.channels, 2);
    const left = (i: number) => wav.samples[2 * i];
    const right = (i: number) => wav.samples[2 * i + 1];
    const span = (from: number, to: number, ch: (i: number) => number) => {
      let e = 0;
      for (let i = from; i < to; i++) e += Math.abs(ch(i));
      return e;
    };
    assert.ok(span(0, 3200, left) > 0 && span(0, 3200, right) > 0);
    assert.equal(span(3200, 4800, left) + span(3200, 4800, right), 0, "paused span is silent");
    assert.ok(span(4800, 8000, left) > 0 && span(4800, 8000, right) > 0);
    assert.equal(await rec.close(), await rec.close(), "close is idempotent");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
