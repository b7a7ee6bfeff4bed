import assert from "node:assert/strict";
import { CallService, PlaceOutcome } from "../../src/calls/mod.ts";
import { CallJournal } from "../../src/call_history/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";
import { Database } from "../../src/db/mod.ts";
import { EventHub } from "../../src/events/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { MediaClock, PortPool } from "../../src/media/mod.ts";
import { NumberDirectory } from "../../src/numbers/mod.ts";
import {
  type LegEndCause,
  type LegListener,
  type Trunk,
  TrunkDirectory,
  TrunkInputSchema,
} from "../../src/sip/mod.ts";

const ANSWER = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
  "m=audio 41000 RTP/AVP 0\r\n";

/** A leg the test answers, rejects or lets ring, standing in for a phone. */
class FakeLeg {
  ended = false;
  hungUp = false;
  sipCallId = crypto.randomUUID();
  #listeners: LegListener[] = [];
  constructor(readonly options: Record<string, unknown>) {}
  listen(listener: LegListener) {
    this.#listeners.push(listener);
    return () => {};
  }
  answer() {
    for (const l of this.#listeners) l.answered?.(ANSWER);
  }
  end(cause: LegEndCause) {
    if (this.ended) return;
    this.ended = true;
    for (const l of this.#listeners) l.ended?.(cause);
  }
  hangup() {
    this.hungUp = true;
    this.end({ reason: "cancel", by: "local" });
  }
}

const TRUNK: Trunk = {
  id: 1,
  name: "pbx",
  host: "198.51.100.7",
  port: 5060,
  transport: "udp",
  allowCidrs: [],
  username: "4008",
  hasPassword: true,
  register: false,
  defaultCountry: "86",
  maxCalls: 10,
  optionsIntervalS: 0,
  enabled: true,
};

function service() {
  const clock = new VirtualClock(Date.UTC(2026, 11, 6, 8));
  const db = new Database(":memory:");
  db.migrate();
  new TrunkDirectory(db, clock).create(TrunkInputSchema.parse({
    name: "pbx",
    host: "198.51.100.7",
    allow_cidrs: ["198.51.100.7/32"],
  }));
  const legs: FakeLeg[] = [];
  const ports = new PortPool(42000, 42020);
  const calls = new CallService({
    clock,
    log: createLogger("calls", { sink: () => {} }),
    journal: new CallJournal(db, clock, new EventHub(() => clock.now())),
    numbers: new NumberDirectory(db, clock),
    media: {
      clock,
      mediaClock: new MediaClock(clock),
      ports,
      bindAddress: "127.0.0.1",
      advertisedAddress: "127.0.0.1",
    },
    sip: {
      onIncomingCall: () => () => {},
      contactsOf: (ext) =>
        ext === "1001"
          ? [{
            contact: "sip:1001@127.0.0.1:5070",
            flow: { transport: "udp", host: "127.0.0.1", port: 5070 },
          }] as never
          : [],
      originate: (options) => {
        const leg = new FakeLeg(options as never);
        legs.push(leg);
        return leg as never;
      },
    },
    trunkCredentials: (trunk) => ({ username: trunk.username!, password: "secret" }),
  });
  const request = {
    agentExtension: "1001",
    agentPartyId: "agent:7",
    number: "+8613800138000",
    trunk: TRUNK,
    callerId: "4008001234",
    customerId: undefined,
  };
  const row = (id: string) =>
    db.get<{ direction: string; state: string; end_cause: string | null; did: string }>(
      "SELECT direction, state, end_cause, did FROM calls WHERE id = ?",
      id,
    )!;
  const events = (id: string) =>
    db.all<{ type: string }>("SELECT type FROM call_events WHERE call_id = ? ORDER BY seq", id)
      .map((e) => e.type);
  return {
    calls,
    clock,
    legs,
    ports,
    request,
    row,
    events,
    [Symbol.dispose]: () => db.close(),
  };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

/** Waits (in real time: sockets open) until `n` legs have been rung. */
async function rung(legs: FakeLeg[], n: number): Promise<void> {
  for (let i = 0; i < 200 && legs.length < n; i++) await new Promise((r) => setTimeout(r, 5));
  await settle();
}

Deno.test("a placed call rings the agent first, then the number with the caller ID and the trunk's credentials", async () => {
  using s = service();
  const placed = s.calls.placeCall(s.request);
  await rung(s.legs, 1);
  assert.equal(s.legs.length, 1, "only the agent rings at first");
  assert.equal(s.legs[0].options.requestUri, "sip:1001@127.0.0.1:5070");
  s.legs[0].answer();
  await rung(s.legs, 2);
  assert.equal(s.legs.length, 2);
  const number = s.legs[1];
  assert.equal(number.options.requestUri, "sip:+8613800138000@198.51.100.7:5060");
  assert.deepEqual(number.options.from, { user: "4008001234" });
  assert.deepEqual(number.options.credentials, { username: "4008", password: "secret" });
  number.answer();
  assert.equal(await placed.outcome, PlaceOutcome.connected);
  const call = s.calls.get(placed.callId)!;
  assert.equal(call.state, "connected");
  assert.deepEqual(call.parties.map((p) => [p.id, p.mode]), [["caller", "talk"], [
    "agent:7",
    "talk",
  ]]);
  assert.equal(s.row(placed.callId).direction, "outbound");
  number.end({ reason: "bye", by: "remote" });
  await placed.ended;
  assert.equal(s.legs[0].hungUp, true, "the agent's leg ends with the call");
  assert.deepEqual(s.events(placed.callId), [
    "call.dialing",
    "call.agent_answered",
    "call.answered",
    "call.ended",
  ]);
  assert.equal(s.row(placed.callId).end_cause, "caller_hangup");
});

Deno.test("a busy number ends the attempt as busy and hangs up the agent", async () => {
  using s = service();
  const placed = s.calls.placeCall(s.request);
  await rung(s.legs, 1);
  s.legs[0].answer();
  await rung(s.legs, 2);
  s.legs[1].end({ reason: "rejected", by: "remote", status: 486 });
  assert.equal(await placed.outcome, PlaceOutcome.busy);
  await placed.ended;
  assert.equal(s.legs[0].hungUp, true);
  assert.equal(s.row(placed.callId).end_cause, "rejected_486");
  assert.equal(s.calls.get(placed.callId), undefined);
});

Deno.test("an agent who does not answer in time is dropped and the number is never rung", async () => {
  using s = service();
  const placed = s.calls.placeCall({ ...s.request, agentRingS: 20 });
  await rung(s.legs, 1);
  s.clock.advance(20_000);
  assert.equal(await placed.outcome, PlaceOutcome.agentNoAnswer);
  assert.equal(s.legs.length, 1);
  assert.equal(s.legs[0].hungUp, true);
  assert.equal(s.row(placed.callId).state, "ended");
  assert.equal(s.row(placed.callId).end_cause, "agent_no_answer");
});

Deno.test("an agent without a registered phone fails the attempt at once", async () => {
  using s = service();
  const placed = s.calls.placeCall({ ...s.request, agentExtension: "1999" });
  assert.equal(await placed.outcome, PlaceOutcome.agentUnreachable);
  assert.equal(s.legs.length, 0);
});

Deno.test("a number that rings past its limit is given up as not answered", async () => {
  using s = service();
  const placed = s.calls.placeCall({ ...s.request, customerRingS: 10 });
  await rung(s.legs, 1);
  s.legs[0].answer();
  await rung(s.legs, 2);
  s.clock.advance(10_000);
  assert.equal(await placed.outcome, PlaceOutcome.noAnswer);
  assert.equal(s.legs[1].hungUp, true);
  assert.equal(s.row(placed.callId).end_cause, "no_answer");
});

Deno.test("a customer-first call rings only the number and leaves the answered customer alone on the call", async () => {
  using s = service();
  const { agentExtension: _e, agentPartyId: _p, ...request } = s.request;
  const placed = s.calls.callCustomer(request);
  await rung(s.legs, 1);
  assert.equal(s.legs.length, 1);
  assert.equal(s.legs[0].options.requestUri, "sip:+8613800138000@198.51.100.7:5060");
  assert.deepEqual(s.legs[0].options.credentials, { username: "4008", password: "secret" });
  s.legs[0].answer();
  assert.equal(await placed.outcome, PlaceOutcome.connected);
  const call = s.calls.get(placed.callId)!;
  assert.equal(call.state, "connected");
  assert.deepEqual(call.parties.map((p) => p.id), ["caller"]);
  assert.equal(s.legs[0].hungUp, false, "nobody hangs up the customer for want of an agent");
  s.calls.hangup(placed.callId);
  await placed.ended;
  assert.deepEqual(s.events(placed.callId), ["call.dialing", "call.answered", "call.ended"]);
  assert.equal(s.row(placed.callId).direction, "outbound");
});

Deno.test("a customer-first call that is not answered ends with the number's outcome", async () => {
  using s = service();
  const { agentExtension: _e, agentPartyId: _p, ...request } = s.request;
  const placed = s.calls.callCustomer({ ...request, customerRingS: 10 });
  await rung(s.legs, 1);
  s.clock.advance(10_000);
  assert.equal(await placed.outcome, PlaceOutcome.noAnswer);
  await placed.ended;
  assert.equal(s.row(placed.callId).state, "ended");
  const busy = s.calls.callCustomer(request);
  await rung(s.legs, 2);
  s.legs[1].end({ reason: "rejected", by: "remote", status: 486 });
  assert.equal(await busy.outcome, PlaceOutcome.busy);
});

Deno.test("every media port of a customer-first call joined by an agent goes back to the pool when the call ends", async () => {
  using s = service();
  const { agentExtension: _e, agentPartyId: _p, ...request } = s.request;
  for (const endedBy of ["customer", "agent"] as const) {
    const placed = s.calls.callCustomer(request);
    await rung(s.legs, s.legs.length + 1);
    const customer = s.legs[s.legs.length - 1];
    customer.answer();
    assert.equal(await placed.outcome, PlaceOutcome.connected);
    const call = s.calls.get(placed.callId)!;
    const { outcome } = await s.calls.dial(call, {
      partyId: "agent:7",
      role: "agent",
      to: { extension: "1001" },
      answered: (party) => call.join(party),
      unusable: () => {},
      ended: () => s.calls.hangup(call.id),
    });
    assert.equal(outcome, "ringing");
    const agent = s.legs[s.legs.length - 1];
    agent.answer();
    await settle();
    assert.deepEqual(call.parties.map((p) => p.id), ["caller", "agent:7"]);
    assert.equal(s.ports.inUse, 2, "the customer's pair and the agent's pair");
    (endedBy === "customer" ? customer : agent).end({ reason: "bye", by: "remote" });
    await placed.ended;
    for (let i = 0; i < 100 && s.ports.inUse > 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(s.ports.inUse, 0, `no pair left behind when the ${endedBy} hangs up`);
  }
});
