import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import { Database, isoTime } from "../../src/db/mod.ts";
import { ReportService, RollupFeed } from "../../src/reports/mod.ts";
import { FOLLOW_SLICE } from "../../src/reports/rollup_feed.ts";
import { REPORT_CATCH_UP_ROWS } from "../../src/reports/report_service.ts";
import { SALES, T0, T30, writeCallEvents, writeCenter, writeStates, ZONE } from "./_fixture.ts";
import { CENTER_TOTAL } from "./_expected.ts";

function center() {
  const db = new Database(":memory:");
  db.migrate();
  writeCenter(db);
  return db;
}

/** `n` calls entering Sales in the first quarter hour. */
function manyEntries(db: Database, n: number): void {
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      db.run(
        "INSERT INTO call_events (call_id, at, type, queue_id, data) VALUES (?, ?, 'queue.entered', ?, '{}')",
        `bulk${i}`,
        isoTime(T0 + (i % 900) * 1000),
        SALES,
      );
    }
  });
}

Deno.test("a pass reads at most the rows it is allowed, and the backlog says what is left", () => {
  const db = center();
  writeCallEvents(db);
  writeStates(db);
  const feed = new RollupFeed(db);
  const total = feed.backlog();
  assert.equal(total, 99);
  const read = feed.catchUp(10);
  assert.ok(read > 0 && read <= 10, `${read}`);
  assert.equal(feed.backlog(), total - read);
  feed.catchUp();
  assert.equal(feed.backlog(), 0);
});

Deno.test("a slice reads all it is allowed from whichever log is behind", () => {
  const db = center();
  manyEntries(db, 3 * FOLLOW_SLICE);
  const feed = new RollupFeed(db);
  assert.equal(feed.catchUp(FOLLOW_SLICE), FOLLOW_SLICE);
  writeStates(db);
  const states = feed.backlog() - 2 * FOLLOW_SLICE;
  assert.ok(states > 0 && states < FOLLOW_SLICE / 2, `${states}`);
  // Both behind: the state log's few rows are read, and calls get the rest of the slice.
  assert.equal(feed.catchUp(FOLLOW_SLICE), FOLLOW_SLICE);
  assert.equal(feed.backlog(), FOLLOW_SLICE + states);
  const cursor = (log: string) =>
    db.get<{ last_id: number }>("SELECT last_id FROM report_cursor WHERE log = ?", log)!.last_id;
  const lastState = db.get<{ id: number }>("SELECT max(id) AS id FROM agent_state_log")!.id;
  assert.equal(cursor("agent_state_log"), lastState);
});

Deno.test("following the logs works a long backlog off in slices on the clock", () => {
  const db = center();
  manyEntries(db, 3 * FOLLOW_SLICE);
  writeCallEvents(db);
  writeStates(db);
  const clock = new VirtualClock(T30);
  const feed = new RollupFeed(db, clock);
  const stop = feed.follow(clock, 5000);
  clock.advance(5000);
  assert.equal(feed.backlog(), 3 * FOLLOW_SLICE + 99 - FOLLOW_SLICE);
  // The rest follows in short pauses, not at the next 5-second tick.
  clock.advance(400);
  assert.equal(feed.backlog(), 0);
  stop();
  const offered = db.get<{ n: number }>(
    "SELECT sum(offered) AS n FROM report_intervals WHERE queue_id = ?",
    SALES,
  )!.n;
  assert.equal(offered, 3 * FOLLOW_SLICE + 4);
});

Deno.test("a report on a long backlog answers at once and says how far behind it is", () => {
  const db = center();
  manyEntries(db, REPORT_CATCH_UP_ROWS + 1);
  const feed = new RollupFeed(db);
  const reports = new ReportService({ db, feed, clock: new VirtualClock(T30) });
  const ask = () =>
    reports.report({
      from: T0,
      to: T30,
      granularity: "30m",
      scope: { kind: "center" },
      timeZone: ZONE,
    });
  const early = ask();
  assert.equal(early.behind, REPORT_CATCH_UP_ROWS + 1);
  assert.equal(early.total.counts.offered, 0);
  feed.catchUp();
  writeCallEvents(db);
  writeStates(db);
  const caughtUp = ask();
  assert.equal(caughtUp.behind, 0);
  assert.equal(caughtUp.total.counts.offered, REPORT_CATCH_UP_ROWS + 1 + 7);
  assert.notDeepEqual(caughtUp.total.metrics, CENTER_TOTAL); // the bulk calls count too
});
