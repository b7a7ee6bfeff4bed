import assert from "node:assert/strict";
import type { RecordingWriter } from "../../src/calls/mod.ts";
import { QueueDeskError } from "../../src/queues/mod.ts";
import { deskWorld } from "./_desk.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

/** A recording that only says where it is: 20 ms per frame written. */
function fakeRecording() {
  let frames = 0;
  let pausedAt = 0;
  const writer: RecordingWriter & { paused: boolean } = {
    paused: false,
    write: () => void frames++,
    pause() {
      writer.paused = true;
      pausedAt = frames;
      return { recording_id: 1, at_ms: frames * 20 };
    },
    resume() {
      writer.paused = false;
      return { recording_id: 1, at_ms: frames * 20, paused_ms: (frames - pausedAt) * 20 };
    },
    close: () => Promise.resolve(),
  };
  return { writer, recordings: { start: () => Promise.resolve(writer) } };
}

Deno.test({
  name:
    "the call's agent pauses and resumes its recording; the marks name them, and another agent may not",
  ...options,
  async fn() {
    const { writer, recordings } = fakeRecording();
    await using world = await deskWorld({ recordings });
    world.register("agent2");
    world.ready("agent2");
    const { call } = world.placeCall({ queueName: "Sales" });
    await world.ringing(1);
    world.legs[0].answer();
    await world.settle();
    const agent2 = { userId: world.ids.get("agent2")!, username: "agent2", supervisor: false };
    const agent5 = { userId: world.ids.get("agent5")!, username: "agent5", supervisor: false };
    assert.throws(
      () => world.desk.setRecordingPaused(call.id, agent5, true),
      (e) => e instanceof QueueDeskError && e.kind === "forbidden",
    );
    assert.equal(world.desk.setRecordingPaused(call.id, agent2, true), true);
    assert.equal(writer.paused, true);
    for (let i = 0; i < 5; i++) writer.write(new Int16Array(160));
    assert.equal(world.desk.setRecordingPaused(call.id, agent2, false), false);
    assert.equal(writer.paused, false);
    const lead = { userId: world.ids.get("lead1")!, username: "lead1", supervisor: true };
    assert.equal(world.desk.setRecordingPaused(call.id, lead, true), true, "a supervisor may");
    const marks = world.app.calls.journal.events(call.id)
      .filter((e) => e.type.startsWith("recording."))
      .map((e) => [e.type, e.data.by, e.data.paused_ms ?? null]);
    assert.deepEqual(marks, [
      ["recording.paused", "agent2", null],
      ["recording.resumed", "agent2", 100],
      ["recording.paused", "lead1", null],
    ]);
  },
});

Deno.test({
  name: "pausing a call nobody records, or no live call, is refused",
  ...options,
  async fn() {
    await using world = await deskWorld();
    const lead = { userId: world.ids.get("lead1")!, username: "lead1", supervisor: true };
    assert.throws(
      () => world.desk.setRecordingPaused(crypto.randomUUID(), lead, true),
      (e) => e instanceof QueueDeskError && e.kind === "not_found",
    );
    world.register("agent2");
    world.ready("agent2");
    const { call } = world.placeCall({ queueName: "Sales" });
    await world.ringing(1);
    world.legs[0].answer();
    await world.settle();
    assert.throws(
      () => world.desk.setRecordingPaused(call.id, lead, true),
      (e) => e instanceof QueueDeskError && e.kind === "conflict",
    );
  },
});
