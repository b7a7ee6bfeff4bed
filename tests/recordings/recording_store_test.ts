import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { VirtualClock } from "../../src/clock/mod.ts";
import { Database } from "../../src/db/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { parseWav } from "../../src/media/mod.ts";
import { RecordingStore } from "../../src/recordings/mod.ts";

async function withStore(
  fn: (
    store: RecordingStore,
    db: Database,
    clock: VirtualClock,
    dir: string,
  ) => Promise<void> | void,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "cc-recordings-" });
  const db = new Database(`${dir}/test.db`);
  db.migrate();
  const clock = new VirtualClock(Date.UTC(2026, 4, 1, 23, 59, 0));
  const store = new RecordingStore({
    db,
    clock,
    dataDir: dir,
    log: createLogger("test", { sink: () => {} }),
  });
  for (const id of ["call-a", "call-b"]) {
    db.run(
      "INSERT INTO calls (id, direction, state, started_at) VALUES (?, 'inbound', 'answered', ?)",
      id,
      new Date(clock.now()).toISOString(),
    );
  }
  try {
    await fn(store, db, clock, dir);
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const frame = (value: number) => new Int16Array(160).fill(value);

Deno.test("a recording is indexed when it starts and completed with duration, size and SHA-256 when it closes", () =>
  withStore(async (store, _db, _clock, dir) => {
    const writer = await store.start("call-a", { channels: 1, legs: ["caller"] });
    const [started] = store.forCall("call-a");
    assert.equal(started.path, "recordings/2026/05/01/call-a.wav");
    assert.equal(started.channels, 1);
    assert.deepEqual(started.legs, ["caller"]);
    assert.equal(started.started_at, "2026-05-01T23:59:00.000Z");
    assert.equal(started.duration_ms, null);

    for (let i = 0; i < 100; i++) writer.write(frame(i));
    await writer.close();
    await writer.close(); // closing twice is harmless

    const row = store.get(started.id)!;
    assert.equal(row.duration_ms, 2000);
    const bytes = await Deno.readFile(`${dir}/${row.path}`);
    assert.equal(row.size_bytes, bytes.length);
    assert.equal(row.size_bytes, 44 + 100 * 160 * 2);
    assert.equal(row.sha256, createHash("sha256").update(bytes).digest("hex"));
    const wav = parseWav(bytes);
    assert.equal(wav.channels, 1);
    assert.equal(wav.samples[160 * 42], 42);
  }));

Deno.test("a second recording of the same call gets its own file; stereo keeps the agent on the right", () =>
  withStore(async (store, _db, clock) => {
    const ivr = await store.start("call-b", { channels: 1, legs: ["caller"] });
    ivr.write(frame(1));
    await ivr.close();
    clock.advance(120_000); // past midnight: the day of the start names the folder
    const agent = await store.start("call-b", { channels: 2, legs: ["caller", "agent:1001"] });
    agent.write(frame(100), frame(-100));
    assert.deepEqual(agent.pause(), { recording_id: 2, at_ms: 20 });
    assert.equal(agent.paused, true);
    agent.write(frame(100), frame(-100));
    assert.deepEqual(agent.resume(), { recording_id: 2, at_ms: 40, paused_ms: 20 });
    assert.equal(agent.paused, false);
    await agent.close();
    const rows = store.forCall("call-b");
    assert.deepEqual(rows.map((r) => r.path), [
      "recordings/2026/05/01/call-b.wav",
      "recordings/2026/05/02/call-b-2.wav",
    ]);
    const wav = parseWav(await Deno.readFile(store.file(rows[1])));
    assert.equal(wav.channels, 2);
    assert.deepEqual([wav.samples[0], wav.samples[1]], [100, -100]);
    // Paused audio is kept as silence, so the file still spans the call.
    assert.deepEqual([wav.samples[320], wav.samples[321]], [0, 0]);
    assert.equal(rows[1].duration_ms, 40);
    assert.deepEqual(rows[1].pauses, [{ at_ms: 20, duration_ms: 20 }], "the gap is kept");
  }));

Deno.test("the agent who handled a call may hear it; others may not", () =>
  withStore((store, db) => {
    const agent = 7;
    assert.equal(store.handledBy("call-a", agent), false);
    db.run(
      "INSERT INTO call_events (call_id, at, type, agent_id) VALUES ('call-a', '2026-05-01', 'agent.answered', ?)",
      agent,
    );
    assert.equal(store.handledBy("call-a", agent), true);
    assert.equal(store.handledBy("call-b", agent), false);
  }));
