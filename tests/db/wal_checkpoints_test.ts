import assert from "node:assert/strict";
import {
  AUTO_CHECKPOINT_FRAMES,
  type CheckpointResult,
  Database,
  WAL_LIMIT_BYTES,
  walBound,
  WalCheckpoints,
} from "../../src/db/mod.ts";

const PAGE = 4096;
/** Where the committing connection checkpoints itself while the thread runs: half the WAL bound. */
const SELF_FRAMES = walBound(WAL_LIMIT_BYTES, PAGE).selfFrames;

async function opened(): Promise<{ dir: string; db: Database }> {
  const dir = await Deno.makeTempDir({ prefix: "cc-wal-" });
  const db = new Database(`${dir}/callcenter.db`);
  db.migrate();
  db.exec("CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB)");
  // Start from an empty WAL: the frames counted below are the test's own, however many
  // pages the migrations happen to write.
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return { dir, db };
}

/** Writes about `pages` new pages, a transaction per 100 rows as the appliance would. */
function fill(db: Database, pages: number): void {
  for (let done = 0; done < pages; done += 100) {
    db.transaction(() => {
      for (let i = 0; i < 100; i++) {
        db.run("INSERT INTO filler (body) VALUES (randomblob(?))", PAGE);
      }
    });
  }
}

const autoCheckpoint = (db: Database) =>
  db.get<{ wal_autocheckpoint: number }>("PRAGMA wal_autocheckpoint")!.wal_autocheckpoint;

/** "checkpointed" once `checkpoint` settles, or what went wrong after 10 s. */
async function within10s(checkpoint: Promise<void>): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = await Promise.race([
    checkpoint.then(() => "checkpointed"),
    new Promise<string>((done) => timer = setTimeout(() => done("nothing within 10 s"), 10_000)),
  ]);
  clearTimeout(timer);
  return waited;
}

const walBytes = (dir: string) => Deno.statSync(`${dir}/callcenter.db-wal`).size;

Deno.test("the committing connection leaves checkpoints to the thread and takes them back when it stops", async () => {
  const { dir, db } = await opened();
  const checkpoints = new WalCheckpoints(db, { everyMs: 60_000 });
  checkpoints.start();
  assert.equal(autoCheckpoint(db), SELF_FRAMES);
  assert.ok(SELF_FRAMES > 2 * AUTO_CHECKPOINT_FRAMES);

  fill(db, 2 * AUTO_CHECKPOINT_FRAMES);
  // Left to itself the connection would have started over at 1,000 frames.
  assert.ok(walBytes(dir) > 2 * AUTO_CHECKPOINT_FRAMES * PAGE, `WAL is ${walBytes(dir)} bytes`);

  const result = await checkpoints.now();
  assert.equal(result.busy, 0);
  assert.ok(result.log >= 2 * AUTO_CHECKPOINT_FRAMES, `${result.log} frames in the WAL`);
  assert.equal(result.checkpointed, result.log, "every frame copied back");

  await checkpoints.stop();
  assert.equal(checkpoints.running, false);
  assert.equal(autoCheckpoint(db), AUTO_CHECKPOINT_FRAMES);
  db.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("after a checkpoint that found a burst of writes, the next one comes soon", async () => {
  const { dir, db } = await opened();
  const heard: CheckpointResult[] = [];
  const { promise: second, resolve } = Promise.withResolvers<void>();
  const checkpoints = new WalCheckpoints(db, {
    everyMs: 60_000,
    soonMs: 20,
    onCheckpoint: (result) => {
      heard.push(result);
      if (heard.length === 2) resolve();
    },
  });
  checkpoints.start();
  fill(db, AUTO_CHECKPOINT_FRAMES + 100);
  await checkpoints.now();
  fill(db, 100);

  assert.equal(await within10s(second), "checkpointed");
  assert.ok(heard[1].checkpointed > 0, "the second checkpoint copied the later writes");

  await checkpoints.stop();
  db.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("after a checkpoint that started a busy WAL over, the next one comes soon", async () => {
  const { dir, db } = await opened();
  // A quarter of this bound is just over one automatic checkpoint's worth of frames.
  const limitBytes = 16 * 1024 * 1024;
  assert.ok(walBound(limitBytes, PAGE).truncateFrames > AUTO_CHECKPOINT_FRAMES);
  const heard: CheckpointResult[] = [];
  const { promise: second, resolve } = Promise.withResolvers<void>();
  const checkpoints = new WalCheckpoints(db, {
    everyMs: 60_000,
    soonMs: 20,
    limitBytes,
    onCheckpoint: (result) => {
      heard.push(result);
      if (heard.length === 2) resolve();
    },
  });
  checkpoints.start();
  fill(db, walBound(limitBytes, PAGE).truncateFrames + 100);
  const first = await checkpoints.now();
  assert.equal(first.mode, "TRUNCATE");
  assert.equal(first.log, 0, "a TRUNCATE reports an empty WAL");
  fill(db, 100);

  assert.equal(await within10s(second), "checkpointed");

  await checkpoints.stop();
  db.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("when the thread cannot open the database, the connection checkpoints itself again", async () => {
  const { dir, db } = await opened();
  // The connection's file stays open; the thread, opening by name, finds no directory.
  const moved = `${dir}-moved`;
  await Deno.rename(dir, moved);
  const checkpoints = new WalCheckpoints(db, { everyMs: 60_000 });
  checkpoints.start();
  assert.equal(autoCheckpoint(db), SELF_FRAMES);

  await assert.rejects(checkpoints.now(), /WAL checkpoint thread/);
  assert.equal(checkpoints.running, false);
  assert.equal(autoCheckpoint(db), AUTO_CHECKPOINT_FRAMES);

  await Deno.rename(moved, dir);
  db.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("in-memory and read-only databases have no checkpoint thread", async () => {
  const memory = new Database(":memory:");
  const inMemory = new WalCheckpoints(memory);
  inMemory.start();
  assert.equal(inMemory.running, false);
  memory.close();

  const { dir, db } = await opened();
  db.close();
  const readOnly = new Database(`${dir}/callcenter.db`, { readOnly: true });
  const checkpoints = new WalCheckpoints(readOnly);
  checkpoints.start();
  assert.equal(checkpoints.running, false);
  readOnly.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("once the WAL holds a quarter of its bound, the thread starts it over and empties the file", async () => {
  const { dir, db } = await opened();
  const limitBytes = 4 * 1024 * 1024;
  const checkpoints = new WalCheckpoints(db, { everyMs: 60_000, limitBytes });
  checkpoints.start();
  fill(db, walBound(limitBytes, PAGE).truncateFrames + 100);

  const result = await checkpoints.now();
  assert.deepEqual(result, { mode: "TRUNCATE", busy: 0, log: 0, checkpointed: 0 });
  assert.equal(walBytes(dir), 0);
  fill(db, 100);
  assert.ok(walBytes(dir) < limitBytes / 4, `WAL is ${walBytes(dir)} bytes`);

  await checkpoints.stop();
  db.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writes faster than the thread checkpoints keep the WAL file under its bound", async () => {
  const { dir, db } = await opened();
  const limitBytes = 4 * 1024 * 1024;
  // The thread never gets a turn here: the committing connection alone keeps the bound.
  const checkpoints = new WalCheckpoints(db, { everyMs: 60_000, limitBytes });
  checkpoints.start();
  let largest = 0;
  for (let written = 0; written < 5 * limitBytes; written += 100 * PAGE) {
    fill(db, 100);
    largest = Math.max(largest, walBytes(dir));
  }
  assert.ok(largest <= limitBytes, `the WAL reached ${largest} bytes`);
  assert.ok(largest > limitBytes / 4, `the WAL grew to ${largest} bytes before it started over`);

  await checkpoints.stop();
  db.close();
  await Deno.remove(dir, { recursive: true });
});
