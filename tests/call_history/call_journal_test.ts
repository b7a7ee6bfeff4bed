import assert from "node:assert/strict";
import { agentDaysSince, TodayQueueCounters } from "../../src/queues/acd_figures.ts";
import { listCalls } from "../../src/call_history/mod.ts";
import { CallJournal, END_RETRY_MS } from "../../src/call_history/mod.ts";
import { SystemClock, VirtualClock } from "../../src/clock/mod.ts";
import { Database, isoTime } from "../../src/db/mod.ts";
import { EventHub, type HubEvent } from "../../src/events/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { canMountTmpfs, withTmpfs } from "../support/tmpfs.ts";
import { testAppliance } from "../support/test_appliance.ts";

const quiet = createLogger("calls", { sink: () => {} });

function idOf(db: Database, sql: string, name: string): number {
  return db.get<{ id: number }>(sql, name)!.id;
}

function callRow(db: Database, id: string) {
  const row = db.get<{ state: string; ended_at: string | null; end_cause: string | null }>(
    "SELECT state, ended_at, end_cause FROM calls WHERE id = ?",
    id,
  );
  return row && { ...row };
}

/** Commits the open write group as its timer would: a refusal is the journal's to handle. */
function commitGroup(db: Database): void {
  try {
    db.flush();
  } catch {
    // Refused by the disk.
  }
}

function typesOf(journal: CallJournal, id: string): string[] {
  return journal.events(id).map((e) => e.type);
}

Deno.test("calls an earlier process left open end with cause restart, their queue and agent figures closed", async () => {
  await using app = await testAppliance({ demo: true });
  const { db } = app;
  const sales = idOf(db, "SELECT id FROM queues WHERE name = ?", "Sales");
  const agent1 = idOf(db, "SELECT id FROM users WHERE username = ?", "agent1");
  const agent2 = idOf(db, "SELECT id FROM users WHERE username = ?", "agent2");
  const agent3 = idOf(db, "SELECT id FROM users WHERE username = ?", "agent3");

  // The earlier process, an hour before this one started.
  const t = app.clock.now() - 3600_000;
  const then = new VirtualClock(t);
  const earlier = new CallJournal(db, then, new EventHub(() => then.now()), quiet);
  const agentState = (userId: number, state: string, at: number) =>
    db.run(
      "INSERT INTO agent_state_log (user_id, at, state, reason) VALUES (?, ?, ?, NULL)",
      userId,
      isoTime(at),
      state,
    );
  earlier.open({ id: "waiting", direction: "inbound", state: "offered", caller: "+1" });
  earlier.open({ id: "talking", direction: "inbound", state: "offered", caller: "+2" });
  earlier.open({ id: "done", direction: "inbound", state: "offered", caller: "+3" });
  earlier.update("talking", { state: "answered", answered: true });
  earlier.event("talking", "queue.entered", { queue: "Sales" }, { queueId: sales });
  agentState(agent3, "ready", t);
  agentState(agent2, "ready", t + 1000);
  then.advance(5000);
  earlier.event(
    "talking",
    "queue.answered",
    { queue: "Sales", agent: "agent1", wait_ms: 5000, outcome: "answered" },
    { queueId: sales, agentId: agent1 },
  );
  earlier.update("talking", { state: "connected", agentId: agent1 });
  agentState(agent1, "on_call", t + 5000);
  then.advance(5000);
  earlier.event("waiting", "queue.entered", { queue: "Sales" }, { queueId: sales });
  earlier.update("waiting", { state: "queued", queueId: sales });
  earlier.update("done", { state: "ended", ended: true, endCause: "caller_hangup" });
  earlier.event("done", "call.ended", { cause: "caller_hangup", by: "remote", sip_status: null });
  agentState(agent3, "logged_out", t + 20_000);
  then.advance(30_000);
  earlier.event("waiting", "queue.announced", { queue: "Sales", position: 1 }, { queueId: sales });
  db.flush(); // and then the process died
  const lastSeen = isoTime(t + 40_000);

  // This process: a call of its own comes in before the sweep.
  const journal = new CallJournal(db, app.clock, app.hub, quiet);
  journal.open({ id: "new", direction: "inbound", state: "offered", caller: "+4" });
  assert.equal(journal.endUnfinishedCalls(), 2);

  for (const id of ["waiting", "talking"]) {
    assert.deepEqual(callRow(db, id), { state: "ended", ended_at: lastSeen, end_cause: "restart" });
    const ended = journal.events(id).filter((e) => e.type === "call.ended");
    assert.deepEqual(ended.map((e) => [e.at, e.data]), [
      [lastSeen, { cause: "restart", by: "local", sip_status: null }],
    ]);
  }
  assert.equal(callRow(db, "done")?.end_cause, "caller_hangup");
  assert.equal(callRow(db, "new")?.state, "offered", "this process's call is left alone");
  assert.deepEqual(
    listCalls(db, { state: "live", limit: 50 }).map((c) => c.id),
    ["new"],
  );

  const abandoned = journal.events("waiting").find((e) => e.type === "queue.abandoned");
  assert.deepEqual(abandoned?.data, {
    queue: "Sales",
    reason: "restart",
    wait_ms: 30_000,
    outcome: "abandoned",
    short: false,
  });
  assert.equal(abandoned?.queue_id, sales);
  assert.deepEqual(typesOf(journal, "talking").filter((t) => t.startsWith("queue.")), [
    "queue.entered",
    "queue.answered",
  ]);
  const counters = new TodayQueueCounters(db).at(t + 60_000).get(sales)!;
  assert.deepEqual(
    [counters.offered, counters.answered, counters.abandoned],
    [2, 1, 1],
    "every call offered to the queue has its outcome",
  );
  const day = agentDaysSince(db, t - 1000).get(agent1)!;
  assert.deepEqual([day.calls, day.handled, day.talk_s, day.acw_s], [1, 1, 35, 0]);

  const states = db.all<{ user_id: number; state: string; reason: string | null; at: string }>(
    "SELECT user_id, state, reason, at FROM agent_state_log WHERE reason = 'restart' ORDER BY user_id",
  ).map((row) => ({ ...row }));
  assert.deepEqual(
    states,
    [
      { user_id: agent1, state: "logged_out", reason: "restart", at: lastSeen },
      { user_id: agent2, state: "logged_out", reason: "restart", at: lastSeen },
    ].sort((a, b) => a.user_id - b.user_id),
  );

  const events = db.get<{ n: number }>("SELECT count(*) AS n FROM call_events")!.n;
  assert.equal(journal.endUnfinishedCalls(), 0, "a second sweep finds nothing");
  assert.equal(db.get<{ n: number }>("SELECT count(*) AS n FROM call_events")!.n, events);
});

Deno.test("an end whose write group did not commit is written again, as it happened", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cc-journal-" });
  const db = new Database(`${dir}/callcenter.db`, { log: createLogger("db", { sink: () => {} }) });
  db.migrate();
  // A write in the same group that makes its COMMIT fail, as a full disk would.
  db.exec(`CREATE TABLE spoiler (
    user_id INTEGER REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED
  )`);
  const spoil = () => db.runGrouped("INSERT INTO spoiler (user_id) VALUES (999)");
  const clock = new VirtualClock(Date.UTC(2026, 4, 1, 9));
  const journal = new CallJournal(db, clock, new EventHub(() => clock.now()), quiet);

  journal.open({ id: "kept", direction: "inbound", state: "offered" });
  db.flush();
  clock.advance(60_000);
  const endedAt = isoTime(clock.now());
  journal.update("kept", { state: "ended", ended: true, endCause: "caller_hangup" });
  journal.event("kept", "call.ended", { cause: "caller_hangup", by: "remote", sip_status: null });
  // This one's row goes with the same group.
  journal.open({ id: "unborn", direction: "inbound", state: "offered", caller: "+44" });
  journal.update("unborn", { state: "ended", ended: true, endCause: "caller_cancel" });
  journal.event("unborn", "call.ended", { cause: "caller_cancel", by: "remote", sip_status: 487 });
  spoil();
  assert.throws(() => db.flush(), /FOREIGN KEY/);
  assert.equal(callRow(db, "kept")?.state, "offered", "the end was lost with its group");
  assert.equal(callRow(db, "unborn"), undefined);

  clock.advance(END_RETRY_MS);
  assert.deepEqual(callRow(db, "kept"), {
    state: "ended",
    ended_at: endedAt,
    end_cause: "caller_hangup",
  });
  assert.deepEqual(callRow(db, "unborn"), {
    state: "ended",
    ended_at: endedAt,
    end_cause: "caller_cancel",
  });
  assert.deepEqual(
    journal.events("unborn").map((e) => [e.type, e.at, e.data]),
    [["call.ended", endedAt, { cause: "caller_cancel", by: "remote", sip_status: 487 }]],
  );
  assert.deepEqual(typesOf(journal, "kept"), ["call.ended"]);

  db.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("an end whose group committed is not written twice", async () => {
  await using app = await testAppliance();
  const journal = new CallJournal(app.db, app.clock, app.hub, quiet);
  journal.open({ id: "one", direction: "inbound", state: "offered" });
  journal.update("one", { state: "ended", ended: true, endCause: "caller_hangup" });
  journal.event("one", "call.ended", { cause: "caller_hangup", by: "remote", sip_status: null });
  app.db.flush();
  // A later group that fails does not make the committed end look lost.
  app.db.runGrouped("INSERT INTO call_events (call_id, at, type) VALUES ('x', 'now', 'x')");
  app.db.raw.exec("ROLLBACK");
  app.db.flush();
  app.clock.advance(END_RETRY_MS * 3);
  assert.deepEqual(typesOf(journal, "one"), ["call.ended"]);
});

Deno.test({
  name:
    "on a full disk calls go on, live views hear it, and their ends are stored once space returns",
  ignore: !canMountTmpfs(),
  fn: () =>
    withTmpfs(8 * 1024 * 1024, async (fs) => {
      const lines: string[] = [];
      const db = new Database(`${fs.dir}/callcenter.db`, {
        log: createLogger("db", { sink: (l) => lines.push(l) }),
      });
      db.migrate();
      const clock = new SystemClock();
      const hub = new EventHub(() => clock.now());
      const heard: HubEvent[] = [];
      hub.subscribe((e) => heard.push(e));
      const journal = new CallJournal(db, clock, hub, quiet);

      journal.open({ id: "before", direction: "inbound", state: "offered" });
      db.flush();
      await fs.fill();
      const ids: string[] = [];
      // Until the disk refuses; every call's writes return normally meanwhile.
      for (let i = 0; db.storage.state === "ok"; i++) {
        assert.ok(i < 5000, "the disk never filled");
        const id = `full-${i}`;
        ids.push(id);
        journal.open({ id, direction: "inbound", state: "offered", caller: "x".repeat(500) });
        journal.event(id, "call.offered", { note: "y".repeat(2000) });
        journal.update(id, { state: "ended", ended: true, endCause: "caller_hangup" });
        journal.event(id, "call.ended", { cause: "caller_hangup", by: "remote", sip_status: null });
        commitGroup(db);
      }
      journal.update("before", { state: "ended", ended: true, endCause: "caller_hangup" });
      journal.event("before", "call.ended", { cause: "caller_hangup", by: "remote" });
      commitGroup(db);
      assert.ok(heard.some((e) => e.type === "storage.state" && e.data.state === "full"));
      assert.ok(heard.some((e) => e.type === "call.ended" && e.data.call_id === "before"));

      await fs.free();
      const deadline = performance.now() + 5000;
      const live = () => listCalls(db, { state: "live", limit: 500 }).map((c) => c.id);
      const heardOk = () => heard.some((e) => e.type === "storage.state" && e.data.state === "ok");
      // The flag turns back to ok only after writes have gone through for a while.
      while ((live().length > 0 || !heardOk()) && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.deepEqual(live(), [], "no call stays live once space returned");
      assert.equal(callRow(db, "before")?.end_cause, "caller_hangup");
      for (const id of ["before", ...ids]) {
        assert.deepEqual(typesOf(journal, id).filter((t) => t === "call.ended"), ["call.ended"]);
      }
      assert.ok(heardOk(), "live views hear that writes work again");
      assert.equal(lines.filter((l) => l.includes("the data disk is full")).length, 1);
      db.close();
    }),
});

Deno.test("a standby promoted long after it started ends what the primary left open since, at the primary's last write", async () => {
  await using app = await testAppliance({ demo: true });
  const { db } = app;
  const agent1 = idOf(db, "SELECT id FROM users WHERE username = ?", "agent1");
  // The standby's process starts (its journal with it), then follows the primary for an hour.
  const standbyClock = new VirtualClock(app.clock.now());
  const journal = new CallJournal(db, standbyClock, new EventHub(() => standbyClock.now()), quiet);
  const t = standbyClock.now() + 3600_000;
  const primaryClock = new VirtualClock(t);
  const primary = new CallJournal(db, primaryClock, new EventHub(() => primaryClock.now()), quiet);
  db.run(
    "INSERT INTO agent_state_log (user_id, at, state, reason) VALUES (?, ?, 'ready', NULL)",
    agent1,
    isoTime(t),
  );
  primary.open({ id: "replicated", direction: "inbound", state: "offered", caller: "+5" });
  primaryClock.advance(2000);
  primary.update("replicated", { state: "answered", answered: true });
  primary.event("replicated", "call.answered", {});
  db.flush(); // and then the primary died; the standby takes over 10 s later
  standbyClock.advanceTo(t + 12_000);

  assert.equal(journal.endUnfinishedCalls(true), 1);
  const lastSeen = isoTime(t + 2000);
  assert.deepEqual(callRow(db, "replicated"), {
    state: "ended",
    ended_at: lastSeen,
    end_cause: "restart",
  });
  const out = db.get<{ state: string; at: string }>(
    "SELECT state, at FROM agent_state_log WHERE user_id = ? ORDER BY id DESC LIMIT 1",
    agent1,
  );
  assert.deepEqual({ ...out }, { state: "logged_out", at: lastSeen });
});
