import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import { Database } from "../../src/db/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { parseWav } from "../../src/media/mod.ts";
import {
  isSealed,
  openSealed,
  RecordingKeyMissingError,
  RecordingKeys,
  RecordingStore,
  SEAL_CHUNK,
  SealedFileError,
  sealFile,
} from "../../src/recordings/mod.ts";

async function inTempDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "cc-sealed-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A plain file spanning several chunks, with a recognisable pattern. */
async function plainFile(path: string, size = SEAL_CHUNK * 3 + 1234): Promise<Uint8Array> {
  const bytes = new Uint8Array(size).map((_, i) => (i * 7 + (i >> 8)) & 0xff);
  bytes.set(new TextEncoder().encode("RIFF"), 0);
  await Deno.writeFile(path, bytes);
  return bytes;
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

Deno.test("a sealed file is not the plain file on disk, and any byte range reads back exactly", () =>
  inTempDir(async (dir) => {
    const keys = new RecordingKeys(`${dir}/keys`);
    const plain = await plainFile(`${dir}/a.wav`);
    await sealFile(`${dir}/a.wav`, `${dir}/a.wav.enc`, keys);
    await assert.rejects(Deno.stat(`${dir}/a.wav`), Deno.errors.NotFound, "the plain file is gone");
    const disk = await Deno.readFile(`${dir}/a.wav.enc`);
    assert.notEqual(new TextDecoder().decode(disk.subarray(0, 4)), "RIFF");
    assert.equal(await isSealed(`${dir}/a.wav.enc`), true);
    const audio = await openSealed(`${dir}/a.wav.enc`, keys);
    assert.equal(audio.size, plain.length);
    assert.deepEqual(await audio.readAll(), plain);
    for (
      const [start, end] of [[0, 99], [SEAL_CHUNK - 10, SEAL_CHUNK + 10], [1, plain.length - 1]]
    ) {
      assert.deepEqual(await collect(audio.range(start, end)), plain.subarray(start, end + 1));
    }
  }));

Deno.test("a damaged chunk fails authentication; a file whose key is gone says which key", () =>
  inTempDir(async (dir) => {
    const keys = new RecordingKeys(`${dir}/keys`);
    await plainFile(`${dir}/a.wav`);
    await sealFile(`${dir}/a.wav`, `${dir}/a.wav.enc`, keys);
    const disk = await Deno.readFile(`${dir}/a.wav.enc`);
    disk[32 + SEAL_CHUNK + 28 + 100] ^= 1; // inside the second chunk
    await Deno.writeFile(`${dir}/b.wav.enc`, disk);
    const damaged = await openSealed(`${dir}/b.wav.enc`, keys);
    assert.equal((await collect(damaged.range(0, 10))).length, 11, "the first chunk is intact");
    await assert.rejects(collect(damaged.range(SEAL_CHUNK, SEAL_CHUNK + 10)), SealedFileError);
    await Deno.remove(`${dir}/keys/recording-1.key`);
    await assert.rejects(
      openSealed(`${dir}/a.wav.enc`, new RecordingKeys(`${dir}/keys`)),
      (e) => e instanceof RecordingKeyMissingError && e.keyId === 1,
    );
  }));

Deno.test("seals asked together are all done, and one that fails says which file and stops no other", () =>
  inTempDir(async (dir) => {
    const keys = new RecordingKeys(`${dir}/keys`);
    const plains = await Promise.all([0, 1, 2].map((i) => plainFile(`${dir}/${i}.wav`, 900 + i)));
    const results = await Promise.allSettled([
      ...[0, 1, 2].map((i) => sealFile(`${dir}/${i}.wav`, `${dir}/${i}.wav.enc`, keys)),
      sealFile(`${dir}/missing.wav`, `${dir}/missing.wav.enc`, keys),
    ]);
    assert.deepEqual(results.slice(0, 3).map((r) => r.status), [
      "fulfilled",
      "fulfilled",
      "fulfilled",
    ]);
    const failed = results[3];
    assert.ok(
      failed.status === "rejected" && /missing\.wav/.test(String(failed.reason)),
      String(failed.status),
    );
    for (const i of [0, 1, 2]) {
      assert.deepEqual(await (await openSealed(`${dir}/${i}.wav.enc`, keys)).readAll(), plains[i]);
    }
    await assert.rejects(Deno.stat(`${dir}/missing.wav.enc`), Deno.errors.NotFound);
    // The thread is still there for the next one.
    const later = await plainFile(`${dir}/later.wav`, 64);
    await sealFile(`${dir}/later.wav`, `${dir}/later.wav.enc`, keys);
    assert.deepEqual(await (await openSealed(`${dir}/later.wav.enc`, keys)).readAll(), later);
  }));

Deno.test("after a key rotation new files use the new key and old ones still open", () =>
  inTempDir(async (dir) => {
    const keys = new RecordingKeys(`${dir}/keys`);
    const first = await plainFile(`${dir}/a.wav`, 500);
    await sealFile(`${dir}/a.wav`, `${dir}/a.wav.enc`, keys);
    assert.equal(await keys.rotate(), 2);
    const second = await plainFile(`${dir}/b.wav`, 700);
    await sealFile(`${dir}/b.wav`, `${dir}/b.wav.enc`, keys);
    const keyOf = async (path: string) =>
      new DataView((await Deno.readFile(path)).buffer).getUint32(8);
    assert.deepEqual([await keyOf(`${dir}/a.wav.enc`), await keyOf(`${dir}/b.wav.enc`)], [1, 2]);
    assert.deepEqual(await (await openSealed(`${dir}/a.wav.enc`, keys)).readAll(), first);
    assert.deepEqual(await (await openSealed(`${dir}/b.wav.enc`, keys)).readAll(), second);
  }));

Deno.test("recordings closing together on a new box share its first key instead of failing to seal", () =>
  inTempDir(async (dir) => {
    const keys = new RecordingKeys(`${dir}/keys`);
    const firsts = await Promise.all(Array.from({ length: 20 }, () => keys.current()));
    assert.deepEqual(new Set(firsts.map((k) => k.id)), new Set([1]));
    const rotated = await Promise.all([keys.rotate(), keys.rotate()]);
    assert.deepEqual(rotated.sort(), [2, 3], "two rotations at once pick different numbers");
    assert.equal((await keys.current()).id, 3);
  }));

Deno.test("a closed recording is sealed at rest and still reads back as its WAV", () =>
  inTempDir(async (dir) => {
    const db = new Database(`${dir}/test.db`);
    db.migrate();
    const clock = new VirtualClock(Date.UTC(2026, 4, 1, 12));
    db.run(
      "INSERT INTO calls (id, direction, state, started_at) VALUES ('call-s', 'inbound', 'answered', ?)",
      new Date(clock.now()).toISOString(),
    );
    const store = new RecordingStore({
      db,
      clock,
      dataDir: dir,
      log: createLogger("test", { sink: () => {} }),
      keys: new RecordingKeys(`${dir}/keys`),
    });
    try {
      const writer = await store.start("call-s", { channels: 2, legs: ["caller", "agent:1"] });
      for (let i = 0; i < 300; i++) {
        writer.write(new Int16Array(160).fill(1000 + i), new Int16Array(160).fill(-500));
      }
      await writer.close();
      const [row] = store.forCall("call-s");
      assert.match(row.path, /\.wav\.enc$/);
      const disk = await Deno.readFile(store.file(row));
      assert.notEqual(new TextDecoder().decode(disk.subarray(0, 4)), "RIFF");
      const wav = parseWav(await (await store.audio(row)).readAll());
      assert.equal(wav.channels, 2);
      assert.deepEqual([wav.samples[0], wav.samples[1]], [1000, -500]);
      assert.equal(wav.samples.length, 300 * 160 * 2);
    } finally {
      db.close();
    }
  }));

/** A database with one ended call and a closed plain recording of it holding `sample`. */
async function plainRecording(dir: string, callId: string, sample: number) {
  const db = new Database(`${dir}/test.db`);
  db.migrate();
  const clock = new VirtualClock(Date.UTC(2026, 4, 1, 12));
  db.run(
    "INSERT INTO calls (id, direction, state, started_at) VALUES (?, 'inbound', 'ended', ?)",
    callId,
    new Date(clock.now()).toISOString(),
  );
  const log = createLogger("test", { sink: () => {} });
  const plain = new RecordingStore({ db, clock, dataDir: dir, log });
  const writer = await plain.start(callId, { channels: 1, legs: ["caller"] });
  writer.write(new Int16Array(160).fill(sample));
  await writer.close();
  return { db, clock, log, plain };
}

Deno.test("closed recordings left plain are sealed by the leftover sweep; open ones are not", () =>
  inTempDir(async (dir) => {
    const { db, clock, log, plain } = await plainRecording(dir, "call-p", 7);
    const open = await plain.start("call-p", { channels: 1, legs: ["caller"] });
    const store = new RecordingStore({
      db,
      clock,
      dataDir: dir,
      log,
      keys: new RecordingKeys(`${dir}/keys`),
    });
    try {
      assert.equal(await store.sealLeftovers(), 1);
      const [closed, stillOpen] = store.forCall("call-p");
      assert.match(closed.path, /\.enc$/);
      assert.equal(await isSealed(store.file(closed)), true);
      assert.equal(parseWav(await (await store.audio(closed)).readAll()).samples[0], 7);
      assert.doesNotMatch(stillOpen.path, /\.enc$/);
      await open.close();
    } finally {
      db.close();
    }
  }));

Deno.test("a recording sealed just before the box stopped, its row still naming the plain file, is found again by the sweep", () =>
  inTempDir(async (dir) => {
    const { db, clock, log, plain } = await plainRecording(dir, "call-c", 9);
    const keys = new RecordingKeys(`${dir}/keys`);
    const [before] = plain.forCall("call-c");
    // What a stop between sealing and the row's commit leaves: the sealed file alone.
    await sealFile(`${dir}/${before.path}`, `${dir}/${before.path}.enc`, keys);
    const store = new RecordingStore({ db, clock, dataDir: dir, log, keys });
    try {
      assert.equal(await store.sealLeftovers(), 1);
      const [after] = store.forCall("call-c");
      assert.equal(after.path, `${before.path}.enc`);
      assert.equal(parseWav(await (await store.audio(after)).readAll()).samples[0], 9);
    } finally {
      db.close();
    }
  }));

Deno.test("with sealing turned off, new recordings stay plain WAV and sealed ones still play", () =>
  inTempDir(async (dir) => {
    const db = new Database(`${dir}/test.db`);
    db.migrate();
    const clock = new VirtualClock(Date.UTC(2026, 4, 1, 12));
    db.run(
      "INSERT INTO calls (id, direction, state, started_at) VALUES ('call-u', 'inbound', 'ended', ?)",
      new Date(clock.now()).toISOString(),
    );
    const log = createLogger("test", { sink: () => {} });
    const keys = new RecordingKeys(`${dir}/keys`);
    const sealing = new RecordingStore({ db, clock, dataDir: dir, log, keys });
    const sealed = await sealing.start("call-u", { channels: 1, legs: ["caller"] });
    sealed.write(new Int16Array(160).fill(3));
    await sealed.close();
    const plainStore = new RecordingStore({ db, clock, dataDir: dir, log, keys, seal: false });
    const plain = await plainStore.start("call-u", { channels: 1, legs: ["caller"] });
    plain.write(new Int16Array(160).fill(9));
    await plain.close();
    try {
      const [first, second] = plainStore.forCall("call-u");
      assert.match(first.path, /\.enc$/);
      assert.doesNotMatch(second.path, /\.enc$/);
      assert.equal(await isSealed(plainStore.file(second)), false);
      assert.equal(parseWav(await Deno.readFile(plainStore.file(second))).samples[0], 9);
      assert.equal(parseWav(await (await plainStore.audio(first)).readAll()).samples[0], 3);
      assert.equal(await plainStore.sealLeftovers(), 0);
    } finally {
      db.close();
    }
  }));

Deno.test("the current key's number is read from its file once, not at every seal", () =>
  inTempDir(async (dir) => {
    const keys = new RecordingKeys(`${dir}/keys`);
    assert.equal((await keys.current()).id, 1);
    assert.equal(await keys.rotate(), 2);
    // Written behind the appliance's back (it is not, while the appliance runs): ignored.
    await Deno.writeTextFile(`${dir}/keys/current`, "1\n");
    assert.equal((await keys.current()).id, 2);
    const reopened = new RecordingKeys(`${dir}/keys`);
    assert.equal((await reopened.current()).id, 1, "a new process reads the file");
  }));
