import assert from "node:assert/strict";
import {
  Call,
  type CallRecordings,
  CallService,
  IllegalPartyMove,
  Party,
  type RecordingWriter,
} from "../../src/calls/mod.ts";
import { CallJournal } from "../../src/call_history/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";
import { Database } from "../../src/db/mod.ts";
import { EventHub } from "../../src/events/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { MediaClock, Player, PortPool, silenceSource } from "../../src/media/mod.ts";
import { NumberDirectory } from "../../src/numbers/mod.ts";
import type { Leg } from "../../src/sip/mod.ts";
import { LevelLeg } from "../support/level_leg.ts";

/** A writer that counts what is done to it; its audio position is 20 ms per frame. */
class CountingWriter implements RecordingWriter {
  frames = 0;
  pauses = 0;
  resumes = 0;
  closed = 0;
  paused = false;
  write() {
    this.frames++;
  }
  pause() {
    this.pauses++;
    this.paused = true;
    return { recording_id: 5, at_ms: this.frames * 20 };
  }
  resume() {
    this.resumes++;
    this.paused = false;
    return { recording_id: 5, at_ms: this.frames * 20, paused_ms: 40 };
  }
  close() {
    this.closed++;
    return Promise.resolve();
  }
}

function control(recordings?: CallRecordings) {
  const clock = new VirtualClock(Date.UTC(2026, 11, 6, 8));
  const db = new Database(":memory:");
  db.migrate();
  const mediaClock = new MediaClock(clock);
  const logs: string[] = [];
  const calls = new CallService({
    clock,
    log: createLogger("calls", { sink: (line) => logs.push(line) }),
    journal: new CallJournal(db, clock, new EventHub(() => clock.now())),
    numbers: new NumberDirectory(db, clock),
    media: {
      clock,
      mediaClock,
      ports: new PortPool(40000, 40010),
      bindAddress: "127.0.0.1",
      advertisedAddress: "127.0.0.1",
    },
    sip: {
      onIncomingCall: () => () => {},
      contactsOf: () => [],
      originate: () => {
        throw new Error("nothing is rung in these tests");
      },
    },
    recordings,
  });
  const answeredCall = () => {
    const hungUp: string[] = [];
    const leg = {
      listen() {},
      hangup: () => hungUp.push("caller"),
      ended: false,
    } as unknown as Leg;
    const call = new Call(crypto.randomUUID(), leg, { did: "1000", caller: "+8613800138000" });
    call.transition("answered");
    const player = new Player();
    call.attachMedia(
      { player, endpoint: new LevelLeg(), yieldSending: () => () => {} } as never,
      mediaClock,
    );
    return { call, player, hungUp };
  };
  return { calls, clock, db, logs, answeredCall, [Symbol.dispose]: () => db.close() };
}

Deno.test("play() queues audio on the caller's player and refuses other parties and ended calls", () => {
  using c = control();
  const { call, player } = c.answeredCall();
  c.calls.play(call, "caller", [{ source: silenceSource(100) }]);
  assert.equal(player.playing, true);
  call.join(new Party("agent:7", "agent", new LevelLeg()));
  assert.throws(
    () => c.calls.play(call, "agent:7", [{ source: silenceSource(100) }]),
    IllegalPartyMove,
  );
  call.transition("ended");
  assert.throws(
    () => c.calls.play(call, "caller", [{ source: silenceSource(100) }]),
    IllegalPartyMove,
  );
});

Deno.test("record() starts one recording per call, and pauses and resumes it", async () => {
  const writers: CountingWriter[] = [];
  const started: { channels: number; legs: string[] }[] = [];
  using c = control({
    start: (_callId, options) => {
      started.push(options);
      const writer = new CountingWriter();
      writers.push(writer);
      return Promise.resolve(writer);
    },
  });
  const { call } = c.answeredCall();
  assert.equal(c.calls.pauseRecording(call), false, "nothing records the call yet");
  await c.calls.record(call, ["caller", "agent:ann"]);
  await c.calls.record(call, ["caller", "agent:ann"]);
  assert.equal(writers.length, 1, "a second record() keeps the first recording");
  assert.deepEqual(started, [{ channels: 2, legs: ["caller", "agent:ann"] }]);
  assert.equal(c.calls.pauseRecording(call), true);
  assert.equal(c.calls.pauseRecording(call), true, "a paused recording stays paused");
  assert.equal(c.calls.recordingPaused(call), true);
  assert.equal(c.calls.resumeRecording(call, "agent:ann"), true);
  assert.equal(c.calls.recordingPaused(call), false);
  assert.deepEqual([writers[0].pauses, writers[0].resumes], [1, 1]);
  const marks = c.calls.journal.events(call.id).filter((e) => e.type.startsWith("recording."));
  assert.deepEqual(marks.map((e) => [e.type, e.data]), [
    ["recording.paused", { by: "api", recording_id: 5, at_ms: 0 }],
    ["recording.resumed", { by: "agent:ann", recording_id: 5, at_ms: 0, paused_ms: 40 }],
  ]);
});

Deno.test("a recording fed from outside the bridges (the IVR's) is paused and resumed with the call's until it is taken off", async () => {
  const conversation = new CountingWriter();
  using c = control({ start: () => Promise.resolve(conversation) });
  const { call } = c.answeredCall();
  const ivr = new CountingWriter();
  const untrack = call.audio!.addOutsideRecording(ivr);
  assert.equal(c.calls.pauseRecording(call, "ivr"), true, "the IVR's recording is the call's");
  assert.equal(c.calls.recordingPaused(call), true);
  await c.calls.record(call, ["caller", "agent:ann"]);
  assert.equal(c.calls.pauseRecording(call), true);
  assert.deepEqual([ivr.pauses, conversation.pauses], [1, 1], "each is paused once");
  assert.equal(c.calls.resumeRecording(call), true);
  assert.deepEqual([ivr.resumes, conversation.resumes], [1, 1]);
  untrack();
  c.calls.pauseRecording(call);
  assert.deepEqual([ivr.pauses, conversation.pauses], [1, 2]);
  assert.equal(ivr.closed, 0, "its owner closes it");
});

Deno.test("a recording that opens after the call ended is closed at once", async () => {
  let open!: (writer: RecordingWriter) => void;
  const writer = new CountingWriter();
  using c = control({ start: () => new Promise((resolve) => (open = resolve)) });
  const { call } = c.answeredCall();
  const recording = c.calls.record(call, ["caller"]);
  call.transition("ended");
  open(writer);
  await recording;
  assert.equal(writer.closed, 1);
  assert.equal(call.audio?.recording, undefined);
});

Deno.test("handTo() tells every route listener, and a listener that fails is reported, not thrown", async () => {
  using c = control();
  const { call } = c.answeredCall();
  const routed: string[] = [];
  const stop = c.calls.onRoute({ route: (_call, target) => void routed.push(target.number) });
  const target = {
    number: "1000",
    target_type: "ivr" as const,
    target_id: 1,
    ring_s: 0,
    description: null,
  };
  await c.calls.handTo(call, target as never);
  assert.deepEqual(routed, ["1000"]);
  stop();
  c.calls.onRoute({
    route: () => {
      throw new Error("no flow");
    },
  });
  await c.calls.handTo(call, target as never);
  assert.deepEqual(routed, ["1000"], "an unsubscribed listener hears nothing more");
  assert.ok(c.logs.some((l) => l.includes("call routing failed")));
});

Deno.test("a number that answers at once sends its final answer with no 180 first; one that rings sends the 180", async () => {
  using c = control();
  const at = new Date(c.clock.now()).toISOString();
  c.db.run(
    "INSERT INTO dids (number, target_type, target_id, ring_s, created_at) VALUES (?, 'ivr', 1, ?, ?), (?, 'ivr', 1, ?, ?)",
    ...["1000", 0, at, "2000", 5, at],
  );
  c.db.run(
    "INSERT INTO trunks (id, name, host, created_at, updated_at) VALUES (1, 'pbx', '127.0.0.1', ?, ?)",
    at,
    at,
  );
  const place = (did: string) => {
    const sent: string[] = [];
    const leg = {
      sipCallId: `call-${did}`,
      ended: false,
      // No SDP: the answer fails, which is a final answer (488) as a 200 would be.
      remoteSdp: "",
      listen() {},
      ring: () => sent.push("180"),
      answer: () => sent.push("200"),
      reject: (status: number) => sent.push(String(status)),
    };
    const trunk = { id: 1, name: "pbx", default_country: "86" };
    c.calls.incomingCall({ leg, trunk, did, caller: "+8613800138000" } as never);
    return sent;
  };
  // The media is opened for real (a port pair bound) before the answer fails.
  const settled = async (sent: string[], count: number) => {
    for (let waited = 0; sent.length < count && waited < 3000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const atOnce = place("1000");
  await settled(atOnce, 1);
  assert.deepEqual(atOnce, ["488"]);
  const ringing = place("2000");
  assert.deepEqual(ringing, ["180"]);
  c.clock.advance(5000);
  await settled(ringing, 2);
  assert.deepEqual(ringing, ["180", "488"]);
});
