import assert from "node:assert/strict";
import type { PlaceCallRequest, PlaceOutcome } from "../../src/calls/mod.ts";
import {
  CampaignDialer,
  CampaignInputSchema,
  CampaignOptionsSchema,
  CampaignStore,
  contactAfterAttempt,
  IllegalCampaignMove,
} from "../../src/campaigns/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";
import { Database } from "../../src/db/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { OutboundPolicySchema } from "../../src/outbound/mod.ts";
import type { Trunk } from "../../src/sip/mod.ts";

const TRUNK = {
  id: 1,
  name: "pbx",
  username: "4008",
  defaultCountry: "86",
  enabled: true,
} as Trunk;

function campaignDay(mode: "progressive" | "preview" = "progressive", placing?: "fails") {
  // Wednesday 2 December 2026, 10:00 in Shanghai.
  const clock = new VirtualClock(Date.UTC(2026, 11, 2, 2));
  const db = new Database(":memory:");
  db.migrate();
  db.run(
    "INSERT INTO queues (id, name, created_at, updated_at) VALUES (3, 'sales', '2026-01-01', '2026-01-01')",
  );
  for (const [id, name] of [[10, "ann"], [11, "bob"]] as const) {
    db.run(
      `INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at)
       VALUES (?, ?, ?, 'agent', 'x', '2026-01-01', '2026-01-01')`,
      id,
      name,
      name,
    );
  }
  const store = new CampaignStore(db, clock);
  const campaign = store.create(CampaignInputSchema.parse({
    name: "Winter renewals",
    mode,
    queue_id: 3,
    caller_id: "4008007777",
  }));
  const placed: PlaceCallRequest[] = [];
  const settle: ((o: PlaceOutcome) => void)[] = [];
  const end: (() => void)[] = [];
  const busyAgents = new Set<number>();
  const dnc = new Set<string>();
  let lines = 0;
  const agents = [
    { userId: 10, username: "ann", extension: "1001" },
    { userId: 11, username: "bob", extension: "1002" },
  ];
  const dialer = new CampaignDialer({
    store,
    calls: {
      placeCall: (request) => {
        if (placing === "fails") throw new Error("The call layer refused the call");
        placed.push(request);
        return {
          callId: `call-${placed.length}`,
          outcome: new Promise((r) => settle.push(r)),
          ended: new Promise((r) => end.push(r)),
          cancel: () => {},
        };
      },
    },
    seats: {
      outboundSeats: () => ({
        agents: agents.filter((a) => !busyAgents.has(a.userId)),
        waiting: 0,
      }),
      take: (id) => (busyAgents.add(id), true),
      release: (id) => busyAgents.delete(id),
    },
    dnc: { has: (n) => dnc.has(n) },
    consent: () => true,
    trunks: {
      byId: () => TRUNK,
      list: () => [TRUNK],
      acquire: () => (lines++, true),
      release: () => lines--,
    },
    policy: () => OutboundPolicySchema.parse({}),
    clock,
    log: createLogger("campaigns", { sink: () => {} }),
  });
  /** Settles call `i` and lets its bookkeeping run. */
  const outcome = async (i: number, o: PlaceOutcome) => {
    settle[i](o);
    end[i]();
    for (let k = 0; k < 5; k++) await new Promise((r) => setTimeout(r, 0));
  };
  return {
    clock,
    db,
    store,
    campaign,
    dialer,
    placed,
    dnc,
    outcome,
    busyAgents,
    lines: () => lines,
    [Symbol.dispose]: () => db.close(),
  };
}

Deno.test("a CSV list is imported with its numbers in E.164, and each bad or repeated row rejected with its line", () => {
  using t = campaignDay();
  const result = t.store.importCsv(
    t.campaign.id,
    "number,name,priority\n138 0013 8000,Wang Fang,1\nnot-a-number,Li Lei\n+8613800138000,Again\n13900139000,Zhao Min\n",
    "86",
  );
  assert.equal(result.added, 2);
  assert.deepEqual(result.rejected.map((r) => r.line), [3, 4]);
  assert.match(result.rejected[0].reason, /not-a-number/);
  assert.match(result.rejected[1].reason, /already on the list/);
  assert.deepEqual(t.store.contacts(t.campaign.id).map((c) => c.number), [
    "+8613800138000",
    "+8613900139000",
  ]);
});

Deno.test("a campaign's state moves only by the guarded transition", () => {
  using t = campaignDay();
  assert.throws(() => t.store.setState(t.campaign.id, "paused"), IllegalCampaignMove);
  assert.equal(t.store.setState(t.campaign.id, "running")?.state, "running");
  assert.equal(t.store.setState(t.campaign.id, "paused")?.state, "paused");
});

Deno.test("a progressive campaign of 20 contacts with 2 agents dials only allowed numbers, one per free agent, retries a busy one once and records every outcome", async () => {
  using t = campaignDay();
  const rows = Array.from(
    { length: 20 },
    (_, i) => ({ number: `+86139000000${String(i).padStart(2, "0")}` }),
  );
  // One contact in London, where it is 02:00: outside hours.
  rows[19] = { number: "+447700900123" };
  assert.equal(t.store.addContacts(t.campaign.id, rows, { defaultCountry: "86" }).added, 20);
  t.dnc.add("+8613900000005"); // listed after the list was loaded
  t.store.setState(t.campaign.id, "running");

  let rounds = 0;
  while (t.store.hasWork(t.campaign.id) && rounds++ < 200) {
    t.dialer.tick();
    const open = t.placed.length;
    for (let i = 0; i < open; i++) {
      if (t.db.get("SELECT 1 AS x FROM campaign_attempts WHERE call_id = ?", `call-${i + 1}`)) {
        continue;
      }
      const number = t.placed[i].number;
      // The first contact is busy on its first try, answers on the second.
      const firstTry = t.placed.findIndex((p) => p.number === number) === i;
      await t.outcome(i, number === "+8613900000000" && firstTry ? "busy" : "connected");
    }
    t.clock.advance(60_000);
    if (rounds === 100) break;
  }
  const dialled = t.placed.map((p) => p.number);
  assert.ok(!dialled.includes("+8613900000005"), "the do-not-call number is never dialled");
  assert.ok(!dialled.includes("+447700900123"), "nobody is called outside their hours");
  assert.equal(dialled.filter((n) => n === "+8613900000000").length, 2, "busy is retried once");
  assert.ok(t.placed.every((p) => p.callerId === "4008007777"));
  const contacts = t.store.contacts(t.campaign.id);
  const byNumber = new Map(contacts.map((c) => [c.number, c]));
  assert.equal(byNumber.get("+8613900000005")?.state, "skipped");
  assert.equal(byNumber.get("+8613900000005")?.last_outcome, "do_not_call");
  assert.equal(byNumber.get("+447700900123")?.state, "pending");
  assert.equal(byNumber.get("+447700900123")?.last_outcome, "outside_hours");
  assert.equal(byNumber.get("+8613900000000")?.state, "done");
  assert.equal(contacts.filter((c) => c.state === "done").length, 18);
  const progress = t.store.progress(t.campaign.id);
  assert.equal(progress.outcomes.busy, 1);
  assert.equal(progress.outcomes.connected, 18);
  assert.equal(progress.outcomes.do_not_call, 1);
  assert.ok(progress.outcomes.outside_hours >= 1);
});

Deno.test("a stopped campaign places no new call", () => {
  using t = campaignDay();
  t.store.addContacts(t.campaign.id, [{ number: "13900139000" }], { defaultCountry: "86" });
  t.store.setState(t.campaign.id, "running");
  t.store.setState(t.campaign.id, "stopped");
  assert.equal(t.dialer.tick(), 0);
  assert.equal(t.placed.length, 0);
});

Deno.test("a preview card holds its contact for the agent until they dial or skip it", () => {
  using t = campaignDay("preview");
  t.store.addContacts(t.campaign.id, [{ number: "13900139000" }, { number: "13900139001" }], {
    defaultCountry: "86",
  });
  t.store.setState(t.campaign.id, "running");
  assert.equal(t.dialer.tick(), 0, "preview never dials by itself");
  const ann = { userId: 10, username: "ann", extension: "1001" };
  const card = t.dialer.preview(t.campaign, 10)!;
  assert.equal(card.number, "+8613900139000");
  assert.equal(t.dialer.preview(t.campaign, 10)?.id, card.id, "the same card until acted on");
  assert.equal(t.dialer.preview(t.campaign, 11)?.number, "+8613900139001", "not the same contact");
  assert.equal(t.dialer.skipPreview(10, card.id, "later"), true);
  assert.equal(t.store.contact(card.id)?.state, "pending");
  const next = t.dialer.preview(t.campaign, 10);
  assert.equal(next, undefined, "the skipped contact waits an hour; the other is on bob's card");
  t.clock.advance(3600_000);
  const again = t.dialer.preview(t.campaign, 10)!;
  const started = t.dialer.dialPreview(t.campaign, ann, again.id);
  assert.equal(started.ok, true);
  assert.equal(t.placed[0].agentExtension, "1001");
});

Deno.test("a campaign call that cannot be placed gives back its trunk line, its agent and its contact", () => {
  using t = campaignDay("preview", "fails");
  t.store.addContacts(t.campaign.id, [{ number: "13900139000" }], { defaultCountry: "86" });
  t.store.setState(t.campaign.id, "running");
  const ann = { userId: 10, username: "ann", extension: "1001" };
  const card = t.dialer.preview(t.campaign, 10)!;
  assert.throws(() => t.dialer.dialPreview(t.campaign, ann, card.id), /refused the call/);
  assert.equal(t.lines(), 0, "the trunk line is free again");
  assert.equal(t.busyAgents.size, 0, "ann may take calls again");
  assert.equal(t.dialer.preview(t.campaign, 10)?.id, card.id, "the contact is on her card again");
  assert.throws(() => t.dialer.dialPreview(t.campaign, ann, card.id), /refused the call/);
  assert.equal(t.dialer.skipPreview(10, card.id, "later"), true, "she can skip it");
  assert.equal(t.store.contact(card.id)?.state, "pending", "and it can be dialled again later");
  assert.equal(t.store.contact(card.id)?.attempts, 0, "a call never placed is not an attempt");
});

Deno.test("a preview dial that fails for want of a phone leaves the contact on the agent's card to dial again", () => {
  using t = campaignDay("preview");
  t.store.addContacts(t.campaign.id, [{ number: "13900139000" }, { number: "13900139001" }], {
    defaultCountry: "86",
  });
  t.store.setState(t.campaign.id, "running");
  const card = t.dialer.preview(t.campaign, 10)!;
  const phoneless = t.dialer.dialPreview(t.campaign, {
    userId: 10,
    username: "ann",
    extension: null,
  }, card.id);
  assert.deepEqual(phoneless, { ok: false, reason: "no_phone" });
  assert.equal(t.lines(), 0, "the trunk line is free again");
  assert.equal(t.dialer.preview(t.campaign, 10)?.id, card.id, "the same contact stays on her card");
  assert.equal(t.store.contact(card.id)?.attempts, 0);
  assert.equal(
    t.dialer.preview(t.campaign, 11)?.number,
    "+8613900139001",
    "nobody else is shown it meanwhile",
  );
  const started = t.dialer.dialPreview(t.campaign, {
    userId: 10,
    username: "ann",
    extension: "1001",
  }, card.id);
  assert.equal(started.ok, true, "with a phone she dials it");
  assert.equal(t.placed[0].agentExtension, "1001");
});

Deno.test("a preview dial refused for the number records it and clears the card for the next contact", () => {
  using t = campaignDay("preview");
  t.store.addContacts(t.campaign.id, [{ number: "13900139000" }, { number: "13900139001" }], {
    defaultCountry: "86",
  });
  t.store.setState(t.campaign.id, "running");
  const ann = { userId: 10, username: "ann", extension: "1001" };
  const card = t.dialer.preview(t.campaign, 10)!;
  t.dnc.add(card.number);
  const refused = t.dialer.dialPreview(t.campaign, ann, card.id);
  assert.equal(refused.ok, false);
  assert.equal(t.placed.length, 0, "nothing was dialled");
  assert.notEqual(t.store.contact(card.id)?.state, "dialing");
  assert.equal(t.dialer.preview(t.campaign, 10)?.number, "+8613900139001", "the next contact");
});

Deno.test("retry rules: busy once by default, and the maximum attempts bound every outcome", () => {
  const options = CampaignOptionsSchema.parse({});
  assert.deepEqual(contactAfterAttempt("busy", { attempts: 0, sameOutcome: 0 }, options, 0), {
    state: "pending",
    counted: true,
    nextAt: 300_000,
  });
  assert.equal(
    contactAfterAttempt("busy", { attempts: 1, sameOutcome: 1 }, options, 0).state,
    "failed",
  );
  assert.equal(
    contactAfterAttempt("no_answer", { attempts: 2, sameOutcome: 1 }, options, 0).state,
    "failed",
    "three attempts at most",
  );
  assert.equal(
    contactAfterAttempt("agent_no_answer", { attempts: 2, sameOutcome: 0 }, options, 0).counted,
    false,
  );
});
