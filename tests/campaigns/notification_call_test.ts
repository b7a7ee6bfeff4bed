import assert from "node:assert/strict";
import {
  type Campaign,
  type CampaignContact,
  CampaignInputSchema,
  contactAfterAttempt,
  deliverNotice,
  NOTICE_OUTCOMES,
} from "../../src/campaigns/mod.ts";
import type { Call } from "../../src/calls/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import type { PlayItem } from "../../src/media/mod.ts";

/** An agentless campaign with the given notice, as the API would store it. */
function campaign(notice: Record<string, unknown>): Campaign {
  const input = CampaignInputSchema.parse({
    name: "Parcel notices",
    mode: "agentless",
    options: { notice: { text: "Your parcel arrives tomorrow.", ...notice } },
  });
  return { ...input, id: 4, state: "running", created_at: "", updated_at: "" };
}

const CONTACT = {
  id: 31,
  campaign_id: 4,
  customer_id: 77,
  number: "+8613900000001",
} as CampaignContact;

/** One answered customer on a fake call core, with the queue desk the agent key leads to. */
function answered() {
  const clock = new VirtualClock(Date.UTC(2026, 11, 2, 2));
  const keys: ((digit: string) => void)[] = [];
  const played: (readonly PlayItem[])[] = [];
  const events: [string, Record<string, unknown>][] = [];
  const enqueued: { call: string; queueId: number; customerId?: number | null }[] = [];
  const listed: string[] = [];
  const spoken: string[] = [];
  let stopped = 0;
  let finish!: () => void;
  const ended = new Promise<void>((resolve) => finish = resolve);
  const call = {
    id: "call-1",
    ended: false,
    media: {
      onDigit(listener: (digit: string) => void) {
        keys.push(listener);
        return () => keys.splice(keys.indexOf(listener), 1);
      },
      player: { stop: () => stopped++ },
    },
  };
  const hangup = () => {
    if (call.ended) return false;
    call.ended = true;
    finish();
    return true;
  };
  const deps = {
    calls: {
      play: (_call: Call, _party: string, items: readonly PlayItem[]) => played.push(items),
      hangup,
      journal: {
        event: (_id: string, type: string, data: Record<string, unknown>) =>
          events.push([type, data]),
      },
    } as never,
    dnc: { add: (n: string) => (listed.push(n), undefined as never) },
    queues: {
      enqueue: (c: Call, request: { queueId: number; customerId?: number | null }) =>
        enqueued.push({ call: c.id, ...request }),
    },
    audio: {
      speak: (text: string) => (spoken.push(text), Promise.resolve([new Int16Array(160)])),
    },
    clock,
    log: createLogger("campaigns", { sink: () => {} }),
  };
  const press = (digit: string) => {
    for (const key of [...keys]) key(digit);
  };
  return {
    clock,
    call: call as unknown as Call,
    ended,
    deps,
    press,
    keys,
    played,
    events,
    enqueued,
    listed,
    spoken,
    hangup,
    stopped: () => stopped,
  };
}

const settle = async () => {
  for (let k = 0; k < 10; k++) await new Promise((r) => setTimeout(r, 0));
};

Deno.test("a notice that names a queue and a key says how to reach an agent between the notice and the opt-out", async () => {
  const t = answered();
  const done = deliverNotice(
    t.deps,
    t.call,
    campaign({ agent_digit: "1", agent_queue_id: 3 }),
    CONTACT,
    t.ended,
  );
  await settle();
  assert.deepEqual(t.spoken, [
    "Your parcel arrives tomorrow.",
    "To speak to an agent, press 1.",
    "To stop these calls, press 9.",
  ]);
  assert.equal(t.played.length, 1);
  assert.equal(t.played[0].length, 3);
  t.hangup();
  assert.equal(await done, "hung_up");
  assert.equal(t.enqueued.length, 0);
});

Deno.test("pressing the agent key stops the notice and puts the customer in the queue, the result to_agent at once", async () => {
  const t = answered();
  let result: string | undefined;
  void deliverNotice(
    t.deps,
    t.call,
    campaign({ agent_digit: "1", agent_queue_id: 3 }),
    CONTACT,
    t.ended,
  ).then((r) => result = r);
  await settle();
  t.press("5");
  await settle();
  assert.equal(t.enqueued.length, 0, "another key does nothing");
  t.press("1");
  await settle();
  assert.equal(result, "to_agent", "known while the customer still waits");
  assert.equal(t.stopped(), 1, "the notice stops");
  assert.deepEqual(t.enqueued, [{ call: "call-1", queueId: 3, customerId: 77 }]);
  assert.equal(t.call.ended, false, "the call goes on in the queue");
  assert.deepEqual(
    t.events.find(([type]) => type === "campaign.to_agent")?.[1],
    { campaign: 4, contact: 31, queue: 3 },
  );
  assert.deepEqual(
    t.events.find(([type]) => type === "campaign.notice")?.[1],
    { campaign: 4, result: "to_agent" },
  );
  // The keys are no longer the notice's: a 9 pressed in the queue opts nobody out.
  t.press("9");
  assert.deepEqual(t.listed, []);
  assert.equal(t.keys.length, 0);
  // Nor does the notice's five-minute limit cut off a customer waiting for an agent.
  t.clock.advance(10 * 60_000);
  assert.equal(t.call.ended, false);
});

Deno.test("the agent key is not offered, and does nothing, when the campaign names no key", async () => {
  const t = answered();
  const done = deliverNotice(t.deps, t.call, campaign({}), CONTACT, t.ended);
  await settle();
  assert.deepEqual(t.spoken, ["Your parcel arrives tomorrow.", "To stop these calls, press 9."]);
  t.press("1");
  await settle();
  assert.equal(t.enqueued.length, 0);
  const items = t.played[0];
  items[0].onEnd?.("done");
  items.at(-1)!.onEnd?.("done");
  t.clock.advance(3000);
  assert.equal(await done, "delivered");
});

Deno.test("the opt-out key still works beside the agent key", async () => {
  const t = answered();
  const done = deliverNotice(
    t.deps,
    t.call,
    campaign({ agent_digit: "0", agent_queue_id: 3 }),
    CONTACT,
    t.ended,
  );
  await settle();
  t.press("9");
  await settle();
  assert.deepEqual(t.listed, [CONTACT.number]);
  t.press("0");
  assert.equal(t.enqueued.length, 0, "an opted-out customer is not queued");
  t.hangup();
  assert.equal(await done, "opted_out");
});

Deno.test("a campaign's agent key needs a queue and must differ from the opt-out key", () => {
  const refused = (notice: Record<string, unknown>) => {
    const parsed = CampaignInputSchema.safeParse({
      name: "x",
      mode: "agentless",
      options: { notice },
    });
    return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join("."));
  };
  assert.deepEqual(refused({ agent_digit: "1" }), ["options.notice.agent_queue_id"]);
  assert.deepEqual(refused({ agent_digit: "9", agent_queue_id: 3 }), [
    "options.notice.agent_digit",
  ]);
  assert.deepEqual(refused({ agent_digit: "1", agent_queue_id: 3 }), []);
  assert.deepEqual(refused({ agent_digit: "1", agent_queue_id: 3, opt_out_digit: null }), []);
  assert.equal(campaign({}).options.notice.agent_digit, null, "no offer by default");
});

Deno.test("a contact put through to an agent is done, its try counted", () => {
  assert.ok(NOTICE_OUTCOMES.includes("to_agent"));
  const options = campaign({}).options;
  assert.deepEqual(
    contactAfterAttempt("to_agent", { attempts: 0, sameOutcome: 0 }, options, 0),
    { state: "done", counted: true },
  );
});
