import assert from "node:assert/strict";
import { Database, isoTime } from "../../../src/db/mod.ts";
import { pickColumns, type ReportList, reportList } from "../../../src/reports/mod.ts";
import { peakConcurrent } from "../../../src/reports/lists/trunk_usage.ts";
import {
  at,
  SALES,
  SUPPORT,
  T0,
  T30,
  writeCallEvents,
  writeCenter,
  writeCrmContacts,
} from "../_fixture.ts";

function center(): Database {
  const db = new Database(":memory:");
  db.migrate();
  writeCenter(db);
  return db;
}

/** The list as objects keyed by column id, to compare whole rows. */
function rowsOf(list: ReportList): Record<string, unknown>[] {
  return list.rows.map((r) => Object.fromEntries(list.columns.map((c, i) => [c.id, r[i]])));
}

const HALF_HOUR = { fromMs: T0, toMs: T30 };

function ivrEvent(db: Database, call: string, time: string, type: string, data: object) {
  db.run(
    "INSERT INTO call_events (call_id, at, type, data) VALUES (?, ?, ?, ?)",
    call,
    isoTime(at(time)),
    type,
    JSON.stringify(data),
  );
}

function ivrRun(
  db: Database,
  call: string,
  time: string,
  flow: string,
  route: object,
  node = "menu",
) {
  ivrEvent(db, call, time, "ivr.started", { flow, flow_id: 1, version: 1 });
  ivrEvent(db, call, time, "ivr.result", { node, route, self_served: false, steps: 3 });
}

Deno.test("the IVR report counts entries per flow by where callers left it", () => {
  const db = center();
  ivrRun(db, "i1", "09:01:00", "Main", { type: "queue", queue: "Sales" });
  ivrRun(db, "i2", "09:02:00", "Main", { type: "self_service" });
  ivrRun(db, "i3", "09:03:00", "Main", { type: "hangup", reason: "caller" });
  ivrRun(db, "i4", "09:04:00", "Main", { type: "hangup", reason: "flow" }, "closed");
  ivrEvent(db, "i4", "09:04:10", "call.blocked", { reason: "closed", node: "hours" });
  ivrRun(db, "i5", "09:05:00", "Main", { type: "hangup", reason: "caller" }, "welcome");
  ivrRun(db, "i6", "09:06:00", "Sales line", { type: "voicemail", id: 3 });
  ivrRun(db, "i7", "09:07:00", "Sales line", { type: "hangup", reason: "error" });
  // Before the period: not counted.
  ivrRun(db, "i0", "08:59:59", "Main", { type: "queue", queue: "Sales" });

  assert.deepEqual(rowsOf(reportList(db, "ivr", HALF_HOUR)), [
    {
      flow: "Main",
      entries: 5,
      to_queue: 1,
      self_service: 1,
      voicemail: 0,
      callback: 0,
      transfer: 0,
      caller_hung_up: 2,
      closed_blocked: 1,
      failed: 0,
      self_service_rate: 20.0, // 1 ÷ 5
    },
    {
      flow: "Sales line",
      entries: 2,
      to_queue: 0,
      self_service: 0,
      voicemail: 1,
      callback: 0,
      transfer: 0,
      caller_hung_up: 0,
      closed_blocked: 0,
      failed: 1,
      self_service_rate: 0.0,
    },
  ]);
  assert.deepEqual(rowsOf(reportList(db, "ivr-hangups", HALF_HOUR)), [
    { flow: "Main", node: "menu", hangups: 1, share: 50.0 },
    { flow: "Main", node: "welcome", hangups: 1, share: 50.0 },
  ]);
});

Deno.test("abandoned calls are listed newest first with their wait, short flag and queue", () => {
  const db = center();
  writeCallEvents(db);
  const all = rowsOf(reportList(db, "abandoned", HALF_HOUR));
  assert.deepEqual(all.map((r) => [r.call_id, r.queue, r.wait_s, r.short]), [
    ["c10", "Fixture support", 90, 0],
    ["c4", "Fixture sales", 60, 0],
    ["c3", "Fixture sales", 10, 1],
  ]);
  assert.equal(all[0].abandoned_at, "2026-03-02T09:21:30.000Z");
  assert.equal(all[0].callback, null);
  const sales = rowsOf(reportList(db, "abandoned", { ...HALF_HOUR, queueId: SALES }));
  assert.deepEqual(sales.map((r) => r.call_id), ["c4", "c3"]);
});

Deno.test("trunk usage gives calls, connected time, the peak against capacity and refusals", () => {
  const db = center();
  const now = isoTime(T0);
  db.run(
    `INSERT INTO trunks (id, name, host, max_calls, created_at, updated_at)
     VALUES (1, 'PBX', '10.0.0.1', 2, ?, ?), (2, 'Spare', '10.0.0.2', 10, ?, ?)`,
    now,
    now,
    now,
    now,
  );
  const call = (
    id: string,
    direction: string,
    started: string,
    answered: string | null,
    ended: string,
    cause: string | null = null,
  ) =>
    db.run(
      `INSERT INTO calls (id, direction, state, trunk_id, started_at, answered_at, ended_at, end_cause)
       VALUES (?, ?, 'ended', 1, ?, ?, ?, ?)`,
      id,
      direction,
      isoTime(at(started)),
      answered ? isoTime(at(answered)) : null,
      isoTime(at(ended)),
      cause,
    );
  call("t0", "inbound", "08:55:00", "08:55:05", "09:02:00"); // overlaps the start
  call("t1", "inbound", "09:00:00", "09:00:10", "09:10:00");
  call("t2", "outbound", "09:05:00", "09:05:30", "09:20:00");
  call("t3", "inbound", "09:06:00", null, "09:06:00", "blocked_trunk_capacity");
  call("t4", "outbound", "09:29:00", null, "09:29:20"); // never answered
  assert.deepEqual(rowsOf(reportList(db, "trunks", HALF_HOUR)), [
    {
      trunk: "PBX",
      calls: 3, // t1, t2, t4 started in the period
      inbound: 1,
      outbound: 2,
      connected_s: 120 + 590 + 870, // t0 from 09:00 to 09:02, t1, t2
      peak_calls: 2, // t0 and t1 at 09:00:00
      peak_at: "2026-03-02T09:00:00.000Z",
      capacity: 2,
      peak_use: 100.0,
      blocked: 1,
    },
    {
      trunk: "Spare",
      calls: 0,
      inbound: 0,
      outbound: 0,
      connected_s: 0,
      peak_calls: 0,
      peak_at: null,
      capacity: 10,
      peak_use: 0.0,
      blocked: 0,
    },
  ]);
});

Deno.test("a call ending as another starts does not overlap it", () => {
  const calls = [
    { started_at: "2026-03-02T09:00:00Z", ended_at: "2026-03-02T09:05:00Z" },
    { started_at: "2026-03-02T09:05:00Z", ended_at: "2026-03-02T09:06:00Z" },
  ];
  assert.deepEqual(peakConcurrent(calls, T0, T30), { calls: 1, atMs: T0 });
});

Deno.test("dispositions are counted with their share and whether they resolve", () => {
  const db = center();
  writeCrmContacts(db);
  // In the half hour: contacts 1, 2 and 9 solved, 8 still open.
  assert.deepEqual(rowsOf(reportList(db, "dispositions", HALF_HOUR)), [
    { code: "fixture_solved", label: "Solved", resolves: 1, contacts: 3, share: 75.0 },
    { code: "fixture_open", label: "Still open", resolves: 0, contacts: 1, share: 25.0 },
  ]);
  assert.deepEqual(
    rowsOf(reportList(db, "dispositions", { ...HALF_HOUR, queueId: SUPPORT })).map((r) => [
      r.code,
      r.share,
    ]),
    [["fixture_open", 50.0], ["fixture_solved", 50.0]],
  );
});

Deno.test("a list keeps the columns asked for, in the order asked", () => {
  const db = center();
  writeCrmContacts(db);
  const list = pickColumns(reportList(db, "dispositions", HALF_HOUR), ["share", "code", "nope"]);
  assert.deepEqual(list.columns.map((c) => c.id), ["share", "code"]);
  assert.deepEqual(list.rows[0], [75.0, "fixture_solved"]);
});
