import assert from "node:assert/strict";
import type { PlaceCallRequest, PlaceOutcome } from "../../src/calls/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import {
  ClickToCall,
  OutboundPolicySchema,
  OutboundRefused,
  type RefusalReason,
} from "../../src/outbound/mod.ts";
import type { Trunk } from "../../src/sip/mod.ts";

const TRUNK: Trunk = {
  id: 3,
  name: "pbx",
  host: "198.51.100.7",
  port: 5060,
  transport: "udp",
  allowCidrs: [],
  username: "4008",
  hasPassword: true,
  register: false,
  defaultCountry: "86",
  maxCalls: 1,
  optionsIntervalS: 0,
  enabled: true,
};

function desk(policy: Record<string, unknown> = {}) {
  const clock = new VirtualClock(Date.UTC(2026, 11, 2, 2)); // Wednesday 10:00 in Shanghai
  const placed: PlaceCallRequest[] = [];
  const recorded: string[] = [];
  const interactions: Record<string, unknown>[] = [];
  const updates: [number, Record<string, unknown>][] = [];
  let active = 0;
  let finish!: (o: PlaceOutcome) => void;
  let end!: () => void;
  const dnc = new Set<string>();
  const seats: string[] = [];
  const attempts: [number, string][] = [];
  const tasks = new Map([[9, { id: 9, customer_id: 12, case_id: 4 }]]);
  const c2c = new ClickToCall({
    calls: {
      placeCall: (request) => {
        placed.push(request);
        return {
          callId: "call-1",
          outcome: new Promise((r) => finish = r),
          ended: new Promise((r) => end = r),
          cancel: () => {},
        };
      },
      get: () => ({ id: "call-1" }) as never,
      record: (call) => {
        recorded.push(call.id);
        return Promise.resolve();
      },
    },
    interactions: {
      record: (input) => {
        interactions.push(input);
        return { id: 41 } as never;
      },
      update: (id, change) => {
        updates.push([id, change]);
        return {} as never;
      },
    },
    followUps: {
      get: (id) => tasks.get(id) as never,
      recordAttempt: (id, callId) => (attempts.push([id, callId]), undefined),
    },
    dnc: { has: (n) => dnc.has(n) },
    trunks: {
      byId: (id) => id === TRUNK.id ? TRUNK : undefined,
      list: () => [TRUNK],
      acquire: () => active < TRUNK.maxCalls ? (active++, true) : false,
      release: () => active--,
    },
    policy: () => OutboundPolicySchema.parse(policy),
    queueCallerId: (id) => {
      // A queue removed while the agent's screen still offered it.
      if (id === 13) throw new Error("There is no queue 13");
      return id === 5 ? "4008005555" : null;
    },
    findCustomer: (n) => n === "+8613900139000" ? 33 : null,
    seats: {
      take: (id) => (seats.push(`take:${id}`), true),
      release: (id) => seats.push(`release:${id}`),
    },
    clock,
    log: createLogger("outbound", { sink: () => {} }),
  });
  const agent = { userId: 7, username: "alice", extension: "1001" };
  return {
    c2c,
    agent,
    placed,
    recorded,
    interactions,
    updates,
    dnc,
    clock,
    active: () => active,
    seats,
    attempts,
    finish: (o: PlaceOutcome) => finish(o),
    end: () => end(),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

function refusal(fn: () => unknown): RefusalReason | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof OutboundRefused) return error.reason;
    throw error;
  }
  return undefined;
}

Deno.test("click-to-call rings the agent first, then the E.164 number with the queue's caller ID, and logs the contact", async () => {
  const d = desk();
  const started = d.c2c.start(d.agent, {
    number: "138 0013 8000",
    customer_id: 12,
    case_id: 4,
    queue_id: 5,
  });
  assert.deepEqual(started, {
    call_id: "call-1",
    number: "+8613800138000",
    caller_id: "4008005555",
    interaction_id: 41,
  });
  const [request] = d.placed;
  assert.equal(request.agentExtension, "1001");
  assert.equal(request.agentPartyId, "agent:alice");
  assert.equal(request.trunk, TRUNK);
  assert.deepEqual(d.interactions[0], {
    customer_id: 12,
    channel: "call",
    direction: "outbound",
    call_id: "call-1",
    queue_id: 5,
    agent_id: 7,
    case_id: 4,
    started_at: "2026-12-02T02:00:00.000Z",
  });
  d.finish("connected");
  await settle();
  assert.deepEqual(d.recorded, ["call-1"]);
  assert.equal(d.updates[0][1].answered_at, "2026-12-02T02:00:00.000Z");
  assert.equal(d.active(), 1, "the trunk's line is held for the call");
  d.end();
  await settle();
  assert.equal(d.active(), 0);
  assert.ok(d.updates.at(-1)![1].ended_at);
  assert.deepEqual(d.seats, ["take:7", "release:7"], "no inbound call is offered meanwhile");
});

Deno.test("without a queue the caller ID is the policy's, then the trunk's account", () => {
  assert.equal(
    desk({ caller_id: "+862150001000" }).c2c.start(desk().agent, {
      number: "13800138000",
    }).caller_id,
    "+862150001000",
  );
  assert.equal(desk().c2c.start(desk().agent, { number: "13800138000" }).caller_id, "4008");
});

Deno.test("a number on the do-not-call list is never dialled", () => {
  const d = desk();
  d.dnc.add("+8613800138000");
  assert.equal(refusal(() => d.c2c.start(d.agent, { number: "+86 138 0013 8000" })), "do_not_call");
  assert.equal(d.placed.length, 0);
  assert.equal(d.active(), 0);
});

Deno.test("calling hours bind agents only when the policy says so", () => {
  const d = desk({ hours_for_agents: true });
  d.clock.advance(12 * 3600_000); // 22:00 in Shanghai
  assert.equal(refusal(() => d.c2c.start(d.agent, { number: "13800138000" })), "outside_hours");
  const free = desk();
  free.clock.advance(12 * 3600_000);
  assert.equal(refusal(() => free.c2c.start(free.agent, { number: "13800138000" })), undefined);
});

Deno.test("a bad number, an agent without a phone and a full trunk are refused with their reason", () => {
  const d = desk();
  assert.equal(refusal(() => d.c2c.start(d.agent, { number: "call me" })), "bad_number");
  assert.equal(
    refusal(() => d.c2c.start({ ...d.agent, extension: null }, { number: "13800138000" })),
    "no_phone",
  );
  d.c2c.start(d.agent, { number: "13800138000" });
  assert.equal(refusal(() => d.c2c.start(d.agent, { number: "13800138001" })), "trunk_full");
});

Deno.test("a call that fails before it is placed gives its trunk line and the agent's seat back", () => {
  const d = desk();
  assert.throws(
    () => d.c2c.start(d.agent, { number: "13800138000", queue_id: 13 }),
    /no queue 13/,
  );
  assert.equal(d.active(), 0, "the trunk's one line is free again");
  assert.deepEqual(d.seats, ["take:7", "release:7"]);
  assert.equal(d.placed.length, 0);
  d.c2c.start(d.agent, { number: "13800138001" });
  assert.equal(d.placed.length, 1, "the next call gets the line");
});

Deno.test("a number dialled by hand is logged on the timeline of the customer it belongs to", () => {
  const d = desk();
  d.c2c.start(d.agent, { number: "13900139000" });
  assert.equal(d.interactions[0].customer_id, 33);
  assert.equal(d.placed[0].customerId, 33);
});

Deno.test("a call made for a task is an attempt on it, on the timeline of the task's customer and case", () => {
  const d = desk();
  d.c2c.start(d.agent, { number: "13800138000", follow_up_id: 9 });
  assert.deepEqual(d.attempts, [[9, "call-1"]]);
  assert.equal(d.interactions[0].customer_id, 12);
  assert.equal(d.interactions[0].case_id, 4);
  assert.equal(d.placed[0].customerId, 12);
});

Deno.test("a refused call is no attempt on its task, and an unknown task is no reason to refuse", () => {
  const d = desk();
  d.dnc.add("+8613800138000");
  assert.equal(
    refusal(() => d.c2c.start(d.agent, { number: "13800138000", follow_up_id: 9 })),
    "do_not_call",
  );
  assert.deepEqual(d.attempts, []);
  d.c2c.start(d.agent, { number: "13900139000", follow_up_id: 404 });
  assert.deepEqual(d.attempts, []);
  assert.equal(d.interactions[0].customer_id, 33, "found by the number instead");
});
