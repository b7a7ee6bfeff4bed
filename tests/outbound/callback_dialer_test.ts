import assert from "node:assert/strict";
import type { PlaceCallRequest, PlaceOutcome } from "../../src/calls/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";
import { Crm } from "../../src/crm/mod.ts";
import { Database } from "../../src/db/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import {
  afterAttempt,
  CallbackDialer,
  OutboundPolicySchema,
  RetryRulesSchema,
} from "../../src/outbound/mod.ts";
import type { Trunk } from "../../src/sip/mod.ts";

const TRUNK = {
  id: 1,
  name: "pbx",
  host: "198.51.100.7",
  port: 5060,
  transport: "udp",
  username: "4008",
  defaultCountry: "86",
  maxCalls: 5,
  enabled: true,
} as Trunk;

function dialler(options: { waiting?: number; agents?: number; placing?: "fails" } = {}) {
  // Wednesday 2 December 2026, 10:00 in Shanghai.
  const clock = new VirtualClock(Date.UTC(2026, 11, 2, 2));
  const dir = Deno.makeTempDirSync();
  const db = new Database(":memory:");
  db.migrate();
  db.run(
    "INSERT INTO queues (id, name, created_at, updated_at) VALUES (3, 'care', ?, ?)",
    "2026-01-01T00:00:00Z",
    "2026-01-01T00:00:00Z",
  );
  for (const id of [10, 11]) {
    db.run(
      `INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at)
       VALUES (?, ?, ?, 'agent', 'x', '2026-01-01', '2026-01-01')`,
      id,
      `agent${id}`,
      `Agent ${id}`,
    );
  }
  const crm = new Crm({ db, clock, dataDir: dir });
  const placed: PlaceCallRequest[] = [];
  const finish: ((o: PlaceOutcome) => void)[] = [];
  const end: (() => void)[] = [];
  const seatLog: string[] = [];
  const dnc = new Set<string>();
  const agents = Array.from({ length: options.agents ?? 1 }, (_, i) => ({
    userId: 10 + i,
    username: `agent${i + 1}`,
    extension: String(1001 + i),
  }));
  const taken = new Set<number>();
  let lines = 0;
  const d = new CallbackDialer({
    callbacks: crm.callbacks,
    interactions: crm.interactions,
    calls: {
      placeCall: (request) => {
        if (options.placing === "fails") throw new Error("The call layer refused the call");
        placed.push(request);
        db.run(
          "INSERT INTO calls (id, direction, state, started_at) VALUES (?, 'outbound', 'offered', ?)",
          `call-${placed.length}`,
          "2026-12-02T02:00:00Z",
        );
        return {
          callId: `call-${placed.length}`,
          outcome: new Promise((r) => finish.push(r)),
          ended: new Promise((r) => end.push(r)),
          cancel: () => {},
        };
      },
    },
    seats: {
      outboundSeats: () => ({
        agents: agents.filter((a) => !taken.has(a.userId)),
        waiting: options.waiting ?? 0,
      }),
      take: (id) => (seatLog.push(`take:${id}`), taken.add(id), true),
      release: (id) => (seatLog.push(`release:${id}`), taken.delete(id)),
    },
    dnc: { has: (n) => dnc.has(n) },
    trunks: {
      byId: () => TRUNK,
      list: () => [TRUNK],
      acquire: () => (lines++, true),
      release: () => lines--,
    },
    policy: () => OutboundPolicySchema.parse({ callbacks: { max_attempts: 2, busy_s: 300 } }),
    queueCallerId: () => "4008003333",
    clock,
    log: createLogger("outbound", { sink: () => {} }),
  });
  const request = (number: string, placeAt: number, priority = 0) =>
    crm.callbacks.request({
      callId: `in-${number}`,
      customerId: null,
      number,
      queueId: 3,
      priority,
      placeAt,
    });
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  };
  return {
    d,
    crm,
    db,
    clock,
    placed,
    seatLog,
    lines: () => lines,
    dnc,
    request,
    settle,
    finish: (i: number, o: PlaceOutcome) => finish[i](o),
    end: (i: number) => end[i](),
    [Symbol.dispose]: () => db.close(),
  };
}

Deno.test("a callback is returned agent first when an agent of its queue is free, by the caller's place", async () => {
  using t = dialler();
  t.request("+8613800000002", Date.UTC(2026, 11, 2, 1, 50));
  t.request("+8613800000001", Date.UTC(2026, 11, 2, 1, 40));
  assert.equal(t.d.tick(), 1, "one agent, one call");
  assert.equal(t.placed[0].number, "+8613800000001", "the earlier caller first");
  assert.equal(t.placed[0].agentExtension, "1001");
  assert.equal(t.placed[0].callerId, "4008003333");
  assert.deepEqual(t.seatLog, ["take:10"]);
  assert.equal(t.d.tick(), 0, "the agent is busy now");
  t.finish(0, "connected");
  t.end(0);
  await t.settle();
  const row = t.crm.callbacks.get(1)!;
  assert.equal(row.status, "pending", "the other request waits");
  const done = t.db.get<{ status: string; attempts: number; last_outcome: string }>(
    "SELECT status, attempts, last_outcome FROM callbacks WHERE number = '+8613800000001'",
  );
  assert.deepEqual({ ...done }, { status: "done", attempts: 1, last_outcome: "connected" });
  assert.deepEqual(t.seatLog, ["take:10", "release:10"]);
  const contact = t.db.get<{ channel: string; direction: string; answered_at: string | null }>(
    "SELECT channel, direction, answered_at FROM interactions WHERE call_id = 'call-1'",
  );
  assert.equal(contact?.channel, "callback");
  assert.equal(contact?.direction, "outbound");
  assert.ok(contact?.answered_at);
});

Deno.test("inbound callers come first: no callback is dialled while one waits in the queue", () => {
  using t = dialler({ waiting: 1 });
  t.request("+8613800000001", Date.UTC(2026, 11, 2, 1, 40));
  assert.equal(t.d.tick(), 0);
  assert.equal(t.placed.length, 0);
});

Deno.test("a busy number is tried again after the rule's wait, and given up after the maximum", async () => {
  using t = dialler();
  t.request("+8613800000001", Date.UTC(2026, 11, 2, 1, 40));
  t.d.tick();
  t.finish(0, "busy");
  t.end(0);
  await t.settle();
  let row = t.crm.callbacks.get(1)!;
  assert.equal(row.status, "pending");
  assert.equal(row.attempts, 1);
  assert.equal(row.next_attempt_at, "2026-12-02T02:05:00.000Z");
  assert.equal(t.d.tick(), 0, "not before its time");
  t.clock.advance(300_000);
  assert.equal(t.d.tick(), 1);
  t.finish(1, "no_answer");
  t.end(1);
  await t.settle();
  row = t.crm.callbacks.get(1)!;
  assert.equal(row.status, "failed");
  assert.equal(row.attempts, 2);
  const notes = t.db.all<{ notes: string }>("SELECT notes FROM interactions ORDER BY id")
    .map((r) => r.notes);
  assert.deepEqual(notes, ["Not reached: busy", "Not reached: no_answer"]);
});

Deno.test("a callback whose call cannot be placed gives its line and seat back and counts a failed attempt", () => {
  using t = dialler({ placing: "fails" });
  t.request("+8613800000001", Date.UTC(2026, 11, 2, 1, 40));
  assert.equal(t.d.tick(), 0, "nothing was dialled");
  assert.equal(t.lines(), 0, "the trunk line is free again");
  assert.deepEqual(t.seatLog, ["take:10", "release:10"]);
  const row = t.crm.callbacks.get(1)!;
  assert.equal(row.status, "pending", "it is tried again later");
  assert.equal(row.attempts, 1);
});

Deno.test("a number put on the do-not-call list after the request is never dialled", () => {
  using t = dialler();
  t.request("+8613800000001", Date.UTC(2026, 11, 2, 1, 40));
  t.dnc.add("+8613800000001");
  assert.equal(t.d.tick(), 0);
  assert.equal(t.placed.length, 0);
  assert.equal(t.crm.callbacks.get(1)!.status, "cancelled");
});

Deno.test("outside calling hours a callback waits without losing an attempt", () => {
  using t = dialler();
  t.clock.advance(12 * 3600_000); // 22:00 in Shanghai
  t.request("+8613800000001", Date.UTC(2026, 11, 2, 13));
  assert.equal(t.d.tick(), 0);
  const row = t.crm.callbacks.get(1)!;
  assert.equal(row.status, "pending");
  assert.equal(row.attempts, 0);
  assert.equal(row.last_outcome, "outside_hours");
});

Deno.test("afterAttempt: an agent's miss is not counted against the customer", () => {
  const rules = RetryRulesSchema.parse({ max_attempts: 1 });
  assert.deepEqual(afterAttempt("agent_no_answer", 0, rules, 0), {
    status: "pending",
    counted: false,
    nextAt: 30_000,
  });
  assert.deepEqual(afterAttempt("failed", 0, rules, 0), { status: "failed", counted: true });
});
