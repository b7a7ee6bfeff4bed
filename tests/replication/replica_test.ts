import assert from "node:assert/strict";
import { SystemClock } from "../../src/clock/mod.ts";
import { Database, Settings } from "../../src/db/mod.ts";
import { type Change, ChangeFeed, Replica, ReplicationError } from "../../src/replication/mod.ts";

const clock = new SystemClock();

/** A migrated primary with its feed, and a standby database made from its snapshot. */
async function pair(
  options: {
    keep?: number;
    recordFrom?: "now" | "first_snapshot";
    before?: (db: Database) => void;
  } = {},
) {
  const dir = await Deno.makeTempDir({ prefix: "replica_test_" });
  const primary = new Database(`${dir}/primary.db`);
  primary.migrate();
  const feed = new ChangeFeed({
    db: primary,
    clock,
    keep: options.keep,
    recordFrom: options.recordFrom,
  });
  options.before?.(primary);
  const replica = new Replica(`${dir}/standby.db`);
  const at = feed.snapshot(`${dir}/snapshot.db`);
  await replica.restore(`${dir}/snapshot.db`, at);
  // What the standby's domains read through: the same file, read-only.
  const standby = new Database(`${dir}/standby.db`, { readOnly: true });
  const catchUp = () => {
    const position = replica.position()!;
    const read = feed.read(position.feedId, position.seq);
    assert.equal(read.kind, "changes");
    return replica.apply(position.feedId, read.changes);
  };
  return {
    dir,
    primary,
    feed,
    replica,
    standby,
    catchUp,
    [Symbol.asyncDispose]: async () => {
      feed.close();
      replica.close();
      standby.close();
      primary.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

function changesAfter(feed: ChangeFeed, seq: number): Change[] {
  const read = feed.read(feed.feedId, seq);
  assert.equal(read.kind, "changes");
  return read.kind === "changes" ? read.changes : [];
}

function setting(db: Database, key: string): string | undefined {
  return db.get<{ value: string }>("SELECT value FROM settings WHERE key = ?", key)?.value;
}

Deno.test("committed writes on the primary appear on the standby once applied", async () => {
  await using boxes = await pair();
  const settings = new Settings(boxes.primary, clock);
  settings.set("crm.default_country", "DE");
  boxes.primary.transaction(() => {
    settings.set("a", "1");
    settings.set("b", "2");
  });
  assert.equal(boxes.feed.head, 2, "one change per commit");
  assert.equal(boxes.catchUp(), 2);
  assert.equal(setting(boxes.standby, "crm.default_country"), "DE");
  assert.equal(setting(boxes.standby, "b"), "2");
  assert.deepEqual(boxes.replica.position(), { feedId: boxes.feed.feedId, seq: 2 });
});

Deno.test("a feed that starts with the first snapshot records nothing before it and loses nothing after", async () => {
  await using boxes = await pair({
    recordFrom: "first_snapshot",
    before: (db) => {
      const settings = new Settings(db, clock);
      settings.set("before.snapshot", "1");
      db.runGrouped("INSERT INTO settings (key, value, updated_at) VALUES ('open', 'g', 'now')");
    },
  });
  assert.equal(boxes.feed.recording, true);
  assert.equal(boxes.feed.head, 0, "writes before the snapshot are in the copy, not the feed");
  assert.equal(setting(boxes.standby, "before.snapshot"), "1");
  assert.equal(
    setting(boxes.standby, "open"),
    "g",
    "an open write group is committed into the copy",
  );
  new Settings(boxes.primary, clock).set("after.snapshot", "2");
  assert.equal(boxes.catchUp(), 1);
  assert.equal(setting(boxes.standby, "after.snapshot"), "2");
});

Deno.test("before its first snapshot a lazy feed sends a reader to take one", () => {
  const db = new Database(":memory:");
  db.migrate();
  const feed = new ChangeFeed({ db, clock, recordFrom: "first_snapshot" });
  try {
    new Settings(db, clock).set("x", "1");
    assert.equal(feed.recording, false);
    assert.equal(feed.head, 0);
    assert.deepEqual(feed.read(feed.feedId, 0), {
      kind: "snapshot_needed",
      reason: "the feed starts with the first snapshot",
    });
  } finally {
    feed.close();
    db.close();
  }
});

Deno.test("a write group's history reaches the standby as one change when it commits", async () => {
  await using boxes = await pair();
  boxes.primary.runGrouped(
    "INSERT INTO settings (key, value, updated_at) VALUES ('g1', 'x', 'now')",
  );
  boxes.primary.runGrouped(
    "INSERT INTO settings (key, value, updated_at) VALUES ('g2', 'y', 'now')",
  );
  assert.equal(boxes.feed.head, 0, "nothing is sent before the group commits");
  boxes.primary.flush();
  assert.equal(boxes.feed.head, 1);
  boxes.catchUp();
  assert.equal(setting(boxes.standby, "g2"), "y");
});

Deno.test("a rolled-back transaction sends nothing", async () => {
  await using boxes = await pair();
  assert.throws(() =>
    boxes.primary.transaction(() => {
      new Settings(boxes.primary, clock).set("lost", "1");
      throw new Error("Refused");
    })
  );
  new Settings(boxes.primary, clock).set("kept", "1");
  boxes.catchUp();
  assert.equal(setting(boxes.standby, "lost"), undefined);
  assert.equal(setting(boxes.standby, "kept"), "1");
});

Deno.test("a change delivered twice is applied once", async () => {
  await using boxes = await pair();
  boxes.primary.run(
    "INSERT INTO audit_log (at, actor, action, entity) VALUES ('now', 'system', 'x', 'settings')",
  );
  const changes = changesAfter(boxes.feed, 0);
  assert.equal(boxes.replica.apply(boxes.feed.feedId, changes), 1);
  assert.equal(boxes.replica.apply(boxes.feed.feedId, changes), 0);
  const count = boxes.standby.get<{ n: number }>("SELECT count(*) AS n FROM audit_log")!.n;
  assert.equal(count, 1);
});

Deno.test("a gap in the changes stops replication", async () => {
  await using boxes = await pair();
  const settings = new Settings(boxes.primary, clock);
  settings.set("a", "1");
  settings.set("b", "2");
  assert.throws(
    () => boxes.replica.apply(boxes.feed.feedId, changesAfter(boxes.feed, 0).slice(1)),
    ReplicationError,
  );
  assert.equal(boxes.replica.position()!.seq, 0);
});

Deno.test("a change that conflicts with the standby's rows stops replication, applying nothing", async () => {
  await using boxes = await pair();
  new Settings(boxes.primary, clock).set("a", "1");
  boxes.catchUp();
  new Settings(boxes.primary, clock).set("a", "2");
  // The standby's row was changed behind replication's back.
  const sideways = new Database(`${boxes.dir}/standby.db`);
  sideways.run("UPDATE settings SET value = 'local' WHERE key = 'a'");
  sideways.close();
  assert.throws(() => boxes.catchUp(), /does not apply \(a row differs/);
  assert.equal(setting(boxes.standby, "a"), "local");
  assert.equal(boxes.replica.position()!.seq, 1);
});

Deno.test("a read's changes are applied all together or not at all", async () => {
  await using boxes = await pair();
  const settings = new Settings(boxes.primary, clock);
  settings.set("a", "1");
  boxes.catchUp();
  settings.set("b", "1");
  settings.set("a", "2");
  settings.set("c", "1");
  // The second of the three conflicts: the standby's row was changed behind replication's back.
  const sideways = new Database(`${boxes.dir}/standby.db`);
  sideways.run("UPDATE settings SET value = 'local' WHERE key = 'a'");
  sideways.close();
  assert.throws(() => boxes.catchUp(), /Change 3 does not apply/);
  assert.equal(setting(boxes.standby, "b"), undefined, "the change before the conflict is undone");
  assert.equal(boxes.replica.position()!.seq, 1);

  const repair = new Database(`${boxes.dir}/standby.db`);
  repair.run("UPDATE settings SET value = '1' WHERE key = 'a'");
  repair.close();
  assert.equal(boxes.catchUp(), 3);
  assert.deepEqual(["a", "b", "c"].map((key) => setting(boxes.standby, key)), ["2", "1", "1"]);
  assert.equal(boxes.replica.position()!.seq, 4);
});

Deno.test("a standby that fell behind what the feed keeps is told to take a snapshot", async () => {
  await using boxes = await pair({ keep: 2 });
  const settings = new Settings(boxes.primary, clock);
  for (const key of ["a", "b", "c", "d"]) settings.set(key, key);
  const read = boxes.feed.read(boxes.feed.feedId, 0);
  assert.equal(read.kind, "snapshot_needed");
  const at = boxes.feed.snapshot(`${boxes.dir}/again.db`);
  await boxes.replica.restore(`${boxes.dir}/again.db`, at);
  assert.equal(setting(boxes.standby, "d"), "d", "the read-only connection sees the snapshot");
  settings.set("e", "e");
  assert.equal(boxes.catchUp(), 1);
  assert.equal(setting(boxes.standby, "e"), "e");
});

Deno.test("a standby that followed another feed is told to take a snapshot", async () => {
  await using boxes = await pair();
  assert.deepEqual(boxes.feed.read("another", 0), {
    kind: "snapshot_needed",
    reason: "the standby read another feed",
  });
});

Deno.test("a full-text index on the standby follows the replicated rows", async () => {
  await using boxes = await pair();
  boxes.primary.run(
    `INSERT INTO kb_articles (title, body, created_at, updated_at)
     VALUES ('Refunds', 'How to refund a parcel', 'now', 'now')`,
  );
  boxes.catchUp();
  const found = boxes.standby.all<{ rowid: number }>(
    "SELECT rowid FROM kb_articles_fts WHERE kb_articles_fts MATCH 'parcel'",
  );
  assert.equal(found.length, 1);
});

Deno.test("the primary sees how far behind the standby's last read was", async () => {
  await using boxes = await pair();
  const settings = new Settings(boxes.primary, clock);
  assert.equal(boxes.feed.readerLag().lastReadAt, undefined);
  settings.set("a", "1");
  boxes.catchUp();
  assert.equal(boxes.feed.readerLag().lagChanges, 1, "the read saw one change it lacked");
  boxes.catchUp();
  assert.deepEqual(
    { ...boxes.feed.readerLag(), lastReadAt: 0 },
    { lagChanges: 0, lagSeconds: 0, lastReadAt: 0 },
  );
});
