import assert from "node:assert/strict";
import type { CustomerCallRequest, DialRequest, PlaceOutcome } from "../../src/calls/mod.ts";
import {
  ABANDON_REST_MS,
  CampaignDialer,
  CampaignInputSchema,
  CampaignStore,
  CustomerFirstLine,
} from "../../src/campaigns/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";
import { Database } from "../../src/db/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { type PlayItem, wavSamples } from "../../src/media/mod.ts";
import { OutboundPolicySchema } from "../../src/outbound/mod.ts";
import type { Trunk } from "../../src/sip/mod.ts";

const TRUNK = {
  id: 1,
  name: "pbx",
  username: "4008",
  defaultCountry: "86",
  enabled: true,
} as Trunk;

/** One customer-first call as the fake call core sees it. */
interface FakeCall {
  request: CustomerCallRequest;
  id: string;
  ended: boolean;
  endCause?: string;
  joined: string[];
  hear: ((frame: Int16Array) => void)[];
  keys: ((digit: string) => void)[];
  settle(o: PlaceOutcome): void;
  finish(): void;
}

/** A predictive campaign over a fake call core, on a virtual clock (Wednesday in Shanghai). */
function predictiveDay(
  agentCount = 2,
  options: Record<string, unknown> = {},
  mode: "predictive" | "agentless" = "predictive",
) {
  const clock = new VirtualClock(Date.UTC(2026, 11, 2, 2));
  const db = new Database(":memory:");
  db.migrate();
  db.run(
    "INSERT INTO queues (id, name, created_at, updated_at) VALUES (3, 'sales', '2026-01-01', '2026-01-01')",
  );
  for (let i = 0; i < agentCount; i++) {
    db.run(
      `INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at)
       VALUES (?, ?, ?, 'agent', 'x', '2026-01-01', '2026-01-01')`,
      10 + i,
      `agent${i}`,
      `agent${i}`,
    );
  }
  const store = new CampaignStore(db, clock);
  const campaign = store.create(CampaignInputSchema.parse({
    name: "Win-back",
    mode,
    queue_id: 3,
    caller_id: "4008007777",
    options,
  }));
  const agents = Array.from({ length: agentCount }, (_, i) => ({
    userId: 10 + i,
    username: `agent${i}`,
    extension: String(1001 + i),
  }));
  const busy = new Set<number>();
  const calls: FakeCall[] = [];
  const agentDials: { call: string; request: DialRequest; dropped: boolean }[] = [];
  const played: { call: string; items: readonly PlayItem[] }[] = [];
  const events: [string, string][] = [];
  const fakeCalls = {
    callCustomer(request: CustomerCallRequest) {
      let settle!: (o: PlaceOutcome) => void;
      let finish!: () => void;
      const outcome = new Promise<PlaceOutcome>((r) => settle = r);
      const ended = new Promise<void>((r) => finish = r);
      const call: FakeCall = {
        request,
        id: `call-${calls.length + 1}`,
        ended: false,
        joined: [],
        hear: [],
        keys: [],
        settle,
        finish,
      };
      calls.push(call);
      return { callId: call.id, outcome, ended, cancel: () => {} };
    },
    get(id: string) {
      const call = calls.find((c) => c.id === id);
      return call && {
        id,
        get ended() {
          return call.ended;
        },
        set endCause(cause: string) {
          call.endCause = cause;
        },
        join: (party: { id: string }) => call.joined.push(party.id),
        media: {
          onCallerAudio: (listener: (frame: Int16Array) => void) => {
            call.hear.push(listener);
            return () => call.hear.splice(call.hear.indexOf(listener), 1);
          },
          onDigit: (listener: (digit: string) => void) => {
            call.keys.push(listener);
            return () => call.keys.splice(call.keys.indexOf(listener), 1);
          },
          player: { stop: () => played.push({ call: id, items: [] }) },
        },
      };
    },
    dial(call: { id: string }, request: DialRequest) {
      const dial = { call: call.id, request, dropped: false };
      agentDials.push(dial);
      return Promise.resolve({
        outcome: "ringing" as const,
        dialed: { drop: () => (dial.dropped = true) },
      });
    },
    play(call: { id: string }, _party: string, items: readonly PlayItem[]) {
      played.push({ call: call.id, items });
    },
    hangup(id: string) {
      const call = calls.find((c) => c.id === id)!;
      if (call.ended) return false;
      call.ended = true;
      call.finish();
      return true;
    },
    journal: { event: (id: string, type: string) => events.push([id, type]) },
  };
  const queue = { waiting: 0, serviceLevel: null as number | null };
  const seats = {
    outboundSeats: () => ({
      agents: agents.filter((a) => !busy.has(a.userId)),
      waiting: queue.waiting,
    }),
    blendFacts: () => ({ onOutbound: busy.size, serviceLevel: queue.serviceLevel }),
    take: (id: number) => !busy.has(id) && (busy.add(id), true),
    release: (id: number) => busy.delete(id),
  };
  const log = createLogger("campaigns", { sink: () => {} });
  const listed = new Map<string, { reason?: string; source?: string | null }>();
  const spoken: string[] = [];
  const line = new CustomerFirstLine({
    calls: fakeCalls as never,
    seats,
    dnc: { add: (n, entry) => (listed.set(n, entry), undefined as never) },
    speak: (text) => (spoken.push(text), Promise.resolve([new Int16Array(800)])),
    clock,
    log,
  });
  const dialer = new CampaignDialer({
    store,
    calls: { placeCall: () => assert.fail("predictive never rings an agent first") },
    seats,
    dnc: { has: () => false },
    consent: () => true,
    trunks: { byId: () => TRUNK, list: () => [TRUNK], acquire: () => true, release: () => {} },
    policy: () => OutboundPolicySchema.parse({}),
    clock,
    log,
    customerFirst: line,
  });
  const rows = Array.from({ length: 80 }, (_, i) => ({
    number: `+86139000000${String(i).padStart(2, "0")}`,
  }));
  store.addContacts(campaign.id, rows, { defaultCountry: "86" });
  store.setState(campaign.id, "running");
  return {
    clock,
    store,
    campaign,
    dialer,
    line,
    calls,
    agentDials,
    played,
    events,
    busy,
    listed,
    spoken,
    queue,
    [Symbol.dispose]: () => db.close(),
  };
}

const settle = async () => {
  for (let k = 0; k < 10; k++) await new Promise((r) => setTimeout(r, 0));
};

Deno.test("a predictive campaign rings customers first, more lines than free agents as the abandon budget allows", () => {
  using t = predictiveDay(2, { abandon_cap: 0.2 });
  // 19 answered of 40, none abandoned today: floor(0.2 × 20) = 4 abandons of room.
  for (let i = 0; i < 40; i++) {
    const contact = t.store.due(t.campaign.id, t.clock.now(), 1)[0];
    t.store.startDialing(contact.id);
    const outcome = i < 19 ? "connected" : "no_answer";
    t.store.recordAttempt(contact, { outcome, state: "done", counted: true });
  }
  const started = t.dialer.tick();
  // Two free agents at the paced answer rate, (19 + 6) / (40 + 20): floor(2 / 0.417) = 4.
  assert.equal(started, 4);
  assert.equal(t.line.linesOut(t.campaign.id), 4);
  assert.equal(t.busy.size, 0, "no agent is set aside while the numbers ring");
  assert.ok(t.calls.every((c) => c.request.callerId === "4008007777"));
  assert.equal(t.dialer.tick(), 0, "lines already out cover the free agents");
});

Deno.test("at the start of the day, with no room for an abandon, predictive has one line per free agent", () => {
  using t = predictiveDay(2);
  assert.equal(t.dialer.tick(), 2);
  assert.equal(t.dialer.tick(), 0);
});

Deno.test("an answered customer is joined by a free agent, whose desktop answers by itself", async () => {
  using t = predictiveDay(2);
  t.dialer.tick();
  t.calls[0].settle("connected");
  await settle();
  assert.equal(t.agentDials.length, 1);
  const dial = t.agentDials[0];
  assert.deepEqual(dial.request.to, { extension: "1001" });
  assert.ok(dial.request.headers?.some(([k, v]) => k === "X-CC-Answer" && v === "auto"));
  assert.ok(t.busy.has(10), "the agent is taken out of inbound routing");
  t.clock.advance(1500);
  dial.request.answered({ id: "agent:agent0" } as never);
  await settle();
  assert.deepEqual(t.calls[0].joined, ["agent:agent0"]);
  t.clock.advance(5000);
  await settle();
  assert.equal(t.calls[0].ended, false, "a joined agent is not cut off by the 2 s rule");
  t.calls[0].ended = true;
  t.calls[0].finish();
  dial.request.ended({ reason: "bye", by: "local" });
  await settle();
  const contact = t.store.contacts(t.campaign.id).find((c) =>
    c.number === t.calls[0].request.number
  )!;
  assert.equal(contact.state, "done");
  assert.equal(contact.last_outcome, "connected");
  assert.equal(t.busy.has(10), false, "the agent is free again once the call is over");
});

Deno.test("an answered customer with no agent within 2 s hears the message, is hung up and counts as abandoned", async () => {
  using t = predictiveDay(2);
  t.dialer.tick();
  // One of the two agents is taken by something else before the customers answer.
  t.busy.add(11);
  t.calls[0].settle("connected");
  t.calls[1].settle("connected");
  await settle();
  // The one agent left is rung for the first; nobody is left for the second.
  assert.equal(t.agentDials.length, 1);
  assert.equal(t.played.length, 1);
  assert.equal(t.played[0].call, t.calls[1].id);
  assert.equal(t.calls[1].endCause, "abandoned");
  t.played[0].items[0].onEnd?.("done");
  assert.equal(t.calls[1].ended, true, "hung up once the message is over");
  // The agent rung for the first does not answer in 2 s: that one is abandoned too.
  t.clock.advance(2000);
  await settle();
  assert.equal(t.agentDials[0].dropped, true);
  assert.deepEqual([...t.busy], [11], "the agent rung is free again");
  assert.equal(t.played.length, 2);
  t.played[1].items[0].onEnd?.("done");
  await settle();
  const progress = t.store.progress(t.campaign.id);
  assert.equal(progress.abandoned, 2);
  assert.equal(progress.answered, 2);
  const contact = t.store.contacts(t.campaign.id).find((c) =>
    c.number === t.calls[1].request.number
  )!;
  assert.equal(contact.state, "pending");
  assert.equal(contact.last_outcome, "abandoned");
  assert.equal(
    Date.parse(contact.next_attempt_at!),
    t.clock.now() - 2000 + ABANDON_REST_MS,
    "not called again for three days",
  );
  assert.ok(t.events.some(([id, type]) => id === t.calls[1].id && type === "campaign.abandoned"));
});

Deno.test("once the day's abandon rate nears its cap the dialler paces as progressive", () => {
  using t = predictiveDay(2, { abandon_cap: 0.2 });
  // 60 answered, 11 of them abandoned: 18.3 %, past 90 % of the cap, with room for one more.
  for (let i = 0; i < 70; i++) {
    const contact = t.store.due(t.campaign.id, t.clock.now(), 1)[0];
    t.store.startDialing(contact.id);
    const outcome = i < 49 ? "connected" : i < 60 ? "abandoned" : "no_answer";
    t.store.recordAttempt(contact, { outcome, state: "done", counted: true });
  }
  assert.equal(t.dialer.tick(), 2, "one line per free agent, no more");
});

const fixture = (name: string) =>
  wavSamples(Deno.readFileSync(new URL(`../fixtures/media/amd/${name}.wav`, import.meta.url)));

/** Plays a recording to the call's listeners in 20 ms frames, as the media clock would. */
function speak(call: FakeCall, samples: Int16Array): void {
  for (let i = 0; i < samples.length; i += 160) {
    for (const listener of [...call.hear]) listener(samples.subarray(i, i + 160));
  }
}

Deno.test("with answering-machine detection a machine is hung up on and retried later, and no agent is rung", async () => {
  using t = predictiveDay(2, { amd: { enabled: true } });
  t.dialer.tick();
  t.calls[0].settle("connected");
  await settle();
  assert.equal(t.agentDials.length, 0, "no agent while the detector listens");
  speak(t.calls[0], fixture("machine_greeting_en"));
  await settle();
  assert.equal(t.calls[0].ended, true);
  assert.equal(t.calls[0].endCause, "machine");
  assert.equal(t.agentDials.length, 0);
  const contact = t.store.contacts(t.campaign.id).find((c) =>
    c.number === t.calls[0].request.number
  )!;
  assert.equal(contact.last_outcome, "machine");
  assert.equal(contact.state, "pending");
  assert.ok(t.events.some(([id, type]) => id === t.calls[0].id && type === "campaign.amd"));
});

Deno.test("a person picked out by the detector is brought an agent", async () => {
  using t = predictiveDay(2, { amd: { enabled: true } });
  t.dialer.tick();
  t.calls[0].settle("connected");
  await settle();
  speak(t.calls[0], fixture("human_hello_en"));
  await settle();
  assert.equal(t.agentDials.length, 1);
  assert.equal(t.calls[0].ended, false);
});

Deno.test("a machine is left the campaign's message once its greeting is over", async () => {
  using t = predictiveDay(2, {
    amd: { enabled: true, on_machine: "leave_message", message: "Please call us back." },
  });
  t.dialer.tick();
  t.calls[0].settle("connected");
  await settle();
  const greeting = fixture("machine_greeting_en");
  speak(t.calls[0], greeting.subarray(0, 8000 * 2));
  await settle();
  speak(t.calls[0], greeting.subarray(8000 * 2, 8000 * 4));
  await settle();
  assert.equal(t.played.length, 0, "not while the greeting goes on");
  speak(t.calls[0], new Int16Array(8000 * 1.2));
  await settle();
  assert.equal(t.played.length, 1);
  t.played[0].items[0].onEnd?.("done");
  await settle();
  assert.equal(t.calls[0].ended, true);
  const contact = t.store.contacts(t.campaign.id).find((c) =>
    c.number === t.calls[0].request.number
  )!;
  assert.equal(contact.last_outcome, "machine_message");
  assert.equal(contact.state, "done");
});

Deno.test("an agentless campaign keeps its lines out with no agent and plays the notice, then how to opt out", async () => {
  using t = predictiveDay(0, {
    agentless_lines: 3,
    notice: { text: "Your parcel arrives tomorrow between 9 and 12." },
  }, "agentless");
  assert.equal(t.dialer.tick(), 3);
  assert.equal(t.dialer.tick(), 0, "three lines at most");
  t.calls[0].settle("connected");
  await settle();
  assert.equal(t.agentDials.length, 0);
  assert.deepEqual(t.spoken, [
    "Your parcel arrives tomorrow between 9 and 12.",
    "To stop these calls, press 9.",
  ]);
  assert.equal(t.played.length, 1);
  const [notice, optOut] = t.played[0].items;
  notice.onEnd?.("done");
  optOut.onEnd?.("done");
  t.clock.advance(3000);
  await settle();
  assert.equal(t.calls[0].ended, true, "hung up after the notice");
  const contact = t.store.contacts(t.campaign.id).find((c) =>
    c.number === t.calls[0].request.number
  )!;
  assert.equal(contact.last_outcome, "delivered");
  assert.equal(contact.state, "done");
  assert.equal(t.listed.size, 0);
});

Deno.test("pressing 9 on an agentless call puts the number on the do-not-call list", async () => {
  using t = predictiveDay(0, { notice: { text: "A notice." } }, "agentless");
  t.dialer.tick();
  t.calls[0].settle("connected");
  await settle();
  for (const key of [...t.calls[0].keys]) key("5");
  assert.equal(t.listed.size, 0, "another key does nothing");
  for (const key of [...t.calls[0].keys]) key("9");
  await settle();
  assert.deepEqual(t.listed.get(t.calls[0].request.number), {
    reason: "opt_out",
    source: `campaign:${t.campaign.id}`,
  });
  assert.equal(t.spoken.at(-1), "You will not be called again. Goodbye.");
  const bye = t.played.at(-1)!;
  bye.items[0].onEnd?.("done");
  await settle();
  assert.equal(t.calls[0].ended, true);
  const contact = t.store.contacts(t.campaign.id).find((c) =>
    c.number === t.calls[0].request.number
  )!;
  assert.equal(contact.last_outcome, "opted_out");
  // A customer who hangs up before the end is recorded as such.
  t.calls[1].settle("connected");
  await settle();
  t.calls[1].ended = true;
  t.calls[1].finish();
  await settle();
  const second = t.store.contacts(t.campaign.id).find((c) =>
    c.number === t.calls[1].request.number
  )!;
  assert.equal(second.last_outcome, "hung_up");
});

Deno.test("contacts left dialing by a crash are due again at start, with a note, the try not counted", () => {
  using t = predictiveDay(2);
  t.dialer.tick();
  assert.equal(t.store.contacts(t.campaign.id).filter((c) => c.state === "dialing").length, 2);
  // The process died with its calls; the next one starts its dialler.
  t.dialer.start();
  t.dialer.stop();
  const contacts = t.store.contacts(t.campaign.id);
  assert.equal(contacts.filter((c) => c.state === "dialing").length, 0);
  const back = contacts.filter((c) => c.last_outcome === "interrupted");
  assert.equal(back.length, 2);
  assert.ok(back.every((c) => c.state === "pending" && c.attempts === 0));
  assert.equal(t.store.progress(t.campaign.id).attempts, 0, "an interruption is no dial");
  assert.equal(t.store.due(t.campaign.id, t.clock.now(), 100).length, 80);
});

Deno.test("the blending rule holds a campaign back while callers wait beyond its limit or the service level is low, and says why", () => {
  using t = predictiveDay(2, { blend: { max_inbound_waiting: 1, min_service_level: 80 } });
  t.queue.waiting = 2;
  assert.equal(t.dialer.tick(), 0);
  assert.equal(t.dialer.waitingFor(t.campaign.id), "inbound_waiting");
  t.queue.waiting = 1;
  t.queue.serviceLevel = 75;
  assert.equal(t.dialer.tick(), 0);
  assert.equal(t.dialer.waitingFor(t.campaign.id), "service_level");
  t.queue.serviceLevel = 85;
  assert.equal(t.dialer.tick(), 2, "one caller waiting is within the limit");
  assert.equal(t.dialer.waitingFor(t.campaign.id), undefined);
});
