import assert from "node:assert/strict";
import { BRAKE_REST_MS, Database, WalBrake, type WalBrakeParts } from "../../src/db/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { DatabaseSync } from "node:sqlite";

const LIMIT = 64 * 1024 * 1024;

/** A WAL of `bytes` on a fake clock, whose checkpoint lock is taken for the first `busyTries` tries. */
function fakeWal(bytes: number, busyTries: number) {
  const wal = { bytes, clock: 1000, tries: 0, paused: 0 };
  const parts: WalBrakeParts = {
    walBytes: () => wal.bytes,
    truncate: () => {
      wal.tries++;
      if (wal.tries <= busyTries) return { busy: 1 };
      wal.bytes = 0;
      return { busy: 0 };
    },
    pause: (ms) => {
      wal.paused++;
      wal.clock += ms;
    },
    now: () => wal.clock,
  };
  return { wal, parts };
}

function logLines() {
  const lines: string[] = [];
  return { lines, log: createLogger("db", { sink: (line) => lines.push(line) }) };
}

Deno.test("a commit is not held while the WAL is under three quarters of its bound", () => {
  const { wal, parts } = fakeWal(LIMIT * 3 / 4 - 1, 0);
  const brake = new WalBrake(parts, { limitBytes: LIMIT });
  assert.equal(brake.committed(), 0);
  assert.equal(wal.tries, 0, "no checkpoint was tried");
});

Deno.test("a commit that finds the WAL near its bound waits until a checkpoint starts it over", () => {
  const { wal, parts } = fakeWal(LIMIT * 7 / 8, 3);
  const { lines, log } = logLines();
  const brake = new WalBrake(parts, { limitBytes: LIMIT, log });
  const waited = brake.committed();
  assert.equal(wal.tries, 4, "three tries found the lock taken, the fourth started the WAL over");
  assert.equal(wal.paused, 3);
  assert.equal(wal.bytes, 0);
  assert.ok(waited > 0, `held the commit ${waited} ms`);
  assert.equal(lines.length, 1);
  assert.match(lines[0], /writes waited for the WAL to be copied back/);
});

Deno.test("a commit waits no longer than its limit when the checkpoint lock stays taken, and says so", () => {
  const { wal, parts } = fakeWal(LIMIT, Infinity);
  const { lines, log } = logLines();
  const brake = new WalBrake(parts, { limitBytes: LIMIT, waitMs: 200, log });
  const waited = brake.committed();
  assert.ok(waited >= 200 && waited < 220, `held the commit ${waited} ms`);
  assert.equal(wal.bytes, LIMIT, "the WAL was not started over");
  assert.equal(lines.length, 1);
  assert.match(lines[0], /could not be started over near its bound/);
  assert.match(lines[0], /rest_ms=60000/);
});

Deno.test("after a wait that could not start the WAL over, commits go unheld for a minute", () => {
  const { wal, parts } = fakeWal(LIMIT, Infinity);
  const brake = new WalBrake(parts, { limitBytes: LIMIT, waitMs: 200 });
  brake.committed();
  const tries = wal.tries;
  wal.clock += BRAKE_REST_MS - 1000;
  assert.equal(brake.committed(), 0, "resting");
  assert.equal(wal.tries, tries);
  wal.clock += 1000;
  assert.ok(brake.committed() >= 200, "held again once the rest is over");
});

Deno.test("the WAL's size is looked at once per 10 ms of commits, and a run of waits is logged once", () => {
  const { wal, parts } = fakeWal(LIMIT, 0);
  const looks: number[] = [];
  const { lines, log } = logLines();
  const brake = new WalBrake({
    ...parts,
    walBytes: () => {
      looks.push(wal.clock);
      return parts.walBytes();
    },
  }, { limitBytes: LIMIT, log });
  brake.committed();
  for (let ms = 1; ms <= 25; ms++) {
    wal.clock++;
    wal.bytes = LIMIT;
    brake.committed();
  }
  assert.deepEqual(looks, [1000, 1010, 1020]);
  assert.equal(wal.tries, 3, "each look found the WAL near its bound and started it over");
  assert.equal(lines.length, 1, "the waits within a minute are one line");
});

Deno.test("a full disk ends the wait at once", () => {
  const { parts } = fakeWal(LIMIT, 0);
  let tries = 0;
  const brake = new WalBrake({
    ...parts,
    truncate: () => {
      tries++;
      throw new Error("database or disk is full");
    },
  }, { limitBytes: LIMIT });
  assert.equal(brake.committed(), 0);
  assert.equal(tries, 1);
});

Deno.test("held on a real database, a commit past three quarters of the bound empties the WAL", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cc-wal-brake-" });
  const db = new Database(`${dir}/callcenter.db`);
  db.exec("CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB)");
  // No checkpoints of the connection's own: only the brake can start the WAL over.
  db.exec("PRAGMA wal_autocheckpoint = 0");
  const limitBytes = 4 * 1024 * 1024;
  const release = WalBrake.hold(db, { limitBytes });
  const walBytes = () => Deno.statSync(`${dir}/callcenter.db-wal`).size;
  let largest = 0;
  for (let i = 0; i < 400; i++) {
    db.run("INSERT INTO filler (body) VALUES (randomblob(?))", 16 * 1024);
    largest = Math.max(largest, walBytes());
    // The brake looks once per 10 ms of commits.
    if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 11));
  }
  assert.ok(largest <= limitBytes, `the WAL reached ${largest} bytes`);
  assert.ok(
    largest >= limitBytes * 3 / 4,
    `the WAL grew to ${largest} bytes before it started over`,
  );

  release();
  const before = walBytes();
  for (let i = 0; i < 400; i++) {
    db.run("INSERT INTO filler (body) VALUES (randomblob(?))", 16 * 1024);
  }
  assert.ok(walBytes() > before + limitBytes, "released, the brake holds nothing");
  assert.equal(
    db.get<{ timeout: number }>("PRAGMA busy_timeout")!.timeout,
    5000,
    "the connection's busy timeout is its own again",
  );
  db.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a reader that keeps an old snapshot makes the brake give up within its limit and rest", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cc-wal-brake-" });
  const db = new Database(`${dir}/callcenter.db`);
  db.exec("CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB)");
  db.exec("PRAGMA wal_autocheckpoint = 0");
  db.run("INSERT INTO filler (body) VALUES (randomblob(10))");
  const reader = new DatabaseSync(`${dir}/callcenter.db`);
  reader.exec("BEGIN");
  reader.prepare("SELECT count(*) FROM filler").get();

  const limitBytes = 1024 * 1024;
  const { lines, log } = logLines();
  const release = WalBrake.hold(db, { limitBytes, waitMs: 200, log });
  const held: number[] = [];
  for (let i = 0; i < 100; i++) {
    const start = performance.now();
    db.run("INSERT INTO filler (body) VALUES (randomblob(?))", 16 * 1024);
    held.push(performance.now() - start);
    if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 11));
  }
  const longest = Math.max(...held);
  assert.ok(longest >= 200, `the longest commit took ${longest.toFixed(0)} ms`);
  // One try waiting out the connection's own 5 s busy timeout would show here.
  assert.ok(longest < 1000, `the longest commit took ${longest.toFixed(0)} ms`);
  assert.equal(held.filter((ms) => ms >= 200).length, 1, "held once, then resting");
  assert.equal(lines.length, 1);
  assert.match(lines[0], /could not be started over/);

  release();
  reader.exec("COMMIT");
  reader.close();
  db.close();
  await Deno.remove(dir, { recursive: true });
});
