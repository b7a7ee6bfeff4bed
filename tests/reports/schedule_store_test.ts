import assert from "node:assert/strict";
import { Database } from "../../src/db/mod.ts";
import { ManagerInputError, ScheduleStore } from "../../src/reports/mod.ts";
import { ANN, at, BOB, writeCenter } from "./_fixture.ts";

function centerDb(): Database {
  const db = new Database(":memory:");
  db.migrate();
  writeCenter(db);
  db.run("DELETE FROM schedule_blocks");
  return db;
}

function store(db = centerDb()) {
  return new ScheduleStore(db);
}

Deno.test("shifts and the breaks inside them are planned and listed in time order", () => {
  const s = store();
  const shift = s.add({
    userId: ANN,
    kind: "shift",
    startsMs: at("09:00:00"),
    endsMs: at("17:00:00"),
  });
  s.add({ userId: ANN, kind: "break", startsMs: at("12:00:00"), endsMs: at("12:30:00") });
  s.add({ userId: BOB, kind: "shift", startsMs: at("08:00:00"), endsMs: at("16:00:00") });
  assert.deepEqual(
    s.list(at("00:00:00"), at("23:59:00")).map((b) => [b.userId, b.kind]),
    [[BOB, "shift"], [ANN, "shift"], [ANN, "break"]],
  );
  assert.equal(s.list(at("00:00:00"), at("23:59:00"), ANN).length, 2);
  assert.equal(s.remove(shift.id), true);
  assert.equal(s.list(at("00:00:00"), at("23:59:00"), ANN).length, 0);
  assert.equal(s.remove(shift.id), false);
});

Deno.test("a break outside a shift, overlapping shifts and empty blocks are refused", () => {
  const s = store();
  s.add({ userId: ANN, kind: "shift", startsMs: at("09:00:00"), endsMs: at("17:00:00") });
  assert.throws(
    () => s.add({ userId: ANN, kind: "break", startsMs: at("16:30:00"), endsMs: at("17:30:00") }),
    /inside one of the agent's shifts/,
  );
  assert.throws(
    () => s.add({ userId: ANN, kind: "shift", startsMs: at("16:00:00"), endsMs: at("20:00:00") }),
    /overlaps another shift/,
  );
  assert.throws(
    () => s.add({ userId: ANN, kind: "shift", startsMs: at("20:00:00"), endsMs: at("20:00:00") }),
    /end after it starts/,
  );
  assert.throws(
    () => s.add({ userId: 9999, kind: "shift", startsMs: at("20:00:00"), endsMs: at("21:00:00") }),
    /no user 9999/,
  );
});

Deno.test("a break overlapping another break of the agent is refused at its start", () => {
  const s = store();
  s.add({ userId: ANN, kind: "shift", startsMs: at("09:00:00"), endsMs: at("17:00:00") });
  s.add({ userId: ANN, kind: "break", startsMs: at("12:00:00"), endsMs: at("12:30:00") });
  try {
    s.add({ userId: ANN, kind: "break", startsMs: at("12:15:00"), endsMs: at("12:45:00") });
    assert.fail("the overlapping break was planned");
  } catch (error) {
    assert.ok(error instanceof ManagerInputError);
    assert.match(error.message, /overlaps another break/);
    assert.deepEqual(error.about, { field: "starts_at", code: "overlaps_break" });
  }
  // One that starts as the other ends is a second break, not an overlap.
  s.add({ userId: ANN, kind: "break", startsMs: at("12:30:00"), endsMs: at("12:45:00") });
  assert.equal(
    s.list(at("00:00:00"), at("23:59:00"), ANN).filter((b) => b.kind === "break").length,
    2,
  );
});

Deno.test("a deactivated user's shift is refused at the user", () => {
  const db = centerDb();
  db.run("UPDATE users SET active = 0 WHERE id = ?", BOB);
  const s = store(db);
  try {
    s.add({ userId: BOB, kind: "shift", startsMs: at("09:00:00"), endsMs: at("17:00:00") });
    assert.fail("the deactivated user's shift was planned");
  } catch (error) {
    assert.ok(error instanceof ManagerInputError);
    assert.match(error.message, new RegExp(`User ${BOB} is deactivated`));
    assert.deepEqual(error.about, { field: "user_id", code: "unknown_user" });
  }
});

Deno.test("each refused block names the field it is about and a code clients can word", () => {
  const s = store();
  s.add({ userId: ANN, kind: "shift", startsMs: at("09:00:00"), endsMs: at("17:00:00") });
  const about = (block: Parameters<ScheduleStore["add"]>[0]) => {
    try {
      s.add(block);
    } catch (error) {
      assert.ok(error instanceof ManagerInputError);
      assert.ok(error instanceof RangeError, "still a RangeError for callers that catch those");
      return error.about;
    }
    assert.fail("the block was planned");
  };
  const hour = 3600_000;
  assert.deepEqual(
    about({ userId: ANN, kind: "shift", startsMs: at("20:00:00"), endsMs: at("19:00:00") }),
    { field: "ends_at", code: "ends_before_start" },
  );
  assert.deepEqual(
    about({
      userId: BOB,
      kind: "shift",
      startsMs: at("00:00:00"),
      endsMs: at("00:00:00") + 17 * hour,
    }),
    { field: "ends_at", code: "block_too_long", maximum: 16 },
  );
  assert.deepEqual(
    about({ userId: 9999, kind: "shift", startsMs: at("20:00:00"), endsMs: at("21:00:00") }),
    { field: "user_id", code: "unknown_user" },
  );
  assert.deepEqual(
    about({ userId: ANN, kind: "shift", startsMs: at("16:00:00"), endsMs: at("20:00:00") }),
    { field: "starts_at", code: "overlaps_shift" },
  );
  assert.deepEqual(
    about({ userId: ANN, kind: "break", startsMs: at("16:30:00"), endsMs: at("17:30:00") }),
    { field: "starts_at", code: "break_outside_shift" },
  );
  assert.equal(s.list(at("00:00:00"), at("23:59:00")).length, 1, "nothing else was planned");
});
