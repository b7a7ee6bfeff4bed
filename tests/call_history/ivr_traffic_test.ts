import assert from "node:assert/strict";
import { countIvrStep, flowTraffic, type IvrStep } from "../../src/call_history/mod.ts";
import { Database } from "../../src/db/mod.ts";

function center(): Database {
  const db = new Database(":memory:");
  db.migrate();
  return db;
}

/** Appends a step as the IVR's event sink does: the event, then its count. */
function step(db: Database, callId: string, s: IvrStep): void {
  db.run(
    "INSERT INTO call_events (call_id, at, type, data) VALUES (?, ?, ?, ?)",
    callId,
    s.at,
    s.type,
    JSON.stringify(s.data),
  );
  countIvrStep(db, s);
}

/** A caller through menu → key → target at `at` (ISO), ending in `route`. */
function caller(db: Database, callId: string, at: string, key: string, route: object): void {
  const t = Date.parse(at);
  const iso = (ms: number) => new Date(t + ms).toISOString();
  step(db, callId, { at: iso(0), type: "ivr.node_entered", data: { node: "menu", flow_id: 1 } });
  step(db, callId, {
    at: iso(5000),
    type: "ivr.node_left",
    data: { node: "menu", exit: key, to: `k${key}`, fallback: false, flow_id: 1 },
  });
  step(db, callId, {
    at: iso(5001),
    type: "ivr.node_entered",
    data: { node: `k${key}`, flow_id: 1 },
  });
  step(db, callId, {
    at: iso(6000),
    type: "ivr.result",
    data: { node: `k${key}`, flow_id: 1, route, self_served: false },
  });
  db.flush();
}

Deno.test("traffic counts whole hours from the hourly counts and the ends of a period from the events", () => {
  const db = center();
  caller(db, "a", "2026-05-04T09:10:00.000Z", "1", { type: "queue", queue: "Sales" });
  caller(db, "b", "2026-05-04T10:30:00.000Z", "1", { type: "queue", queue: "Sales" });
  caller(db, "c", "2026-05-04T11:50:00.000Z", "9", { type: "hangup", reason: "caller" });
  // Another flow's caller is not counted.
  step(db, "d", {
    at: "2026-05-04T10:31:00.000Z",
    type: "ivr.node_entered",
    data: { node: "menu", flow_id: 2 },
  });

  const day = flowTraffic(db, 1, {
    from: "2026-05-04T00:00:00.000Z",
    to: "2026-05-05T00:00:00.000Z",
  });
  assert.equal(day.calls, 3);
  assert.equal(day.nodes.menu.entered, 3);
  assert.equal(day.nodes.k9.hung_up, 1);
  assert.equal(day.nodes.k1.ended.queue, 2);
  assert.deepEqual(day.exits.map((e) => [e.exit, e.to, e.callers]), [["1", "k1", 2], [
    "9",
    "k9",
    1,
  ]]);

  // 09:20–11:55: a, who entered at 09:10 and left at 09:10:05, is outside; b is in
  // a whole hour; c is in the minutes after 11:00, counted from the events.
  const part = flowTraffic(db, 1, {
    from: "2026-05-04T09:20:00.000Z",
    to: "2026-05-04T11:55:00.000Z",
  });
  assert.equal(part.nodes.menu.entered, 2);
  assert.deepEqual(part.exits.map((e) => [e.exit, e.callers]), [["1", 1], ["9", 1]]);
  assert.equal(part.calls, 2);

  // Within one hour, everything comes from the events.
  const minutes = flowTraffic(db, 1, {
    from: "2026-05-04T11:45:00.000Z",
    to: "2026-05-04T11:59:00.000Z",
  });
  assert.equal(minutes.nodes.menu.entered, 1);
  assert.equal(minutes.nodes.k9.hung_up, 1);
  db.close();
});
