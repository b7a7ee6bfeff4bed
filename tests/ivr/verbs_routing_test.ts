import assert from "node:assert/strict";
import { eventTypes, flowDoc, heard, ivrWorld, MONDAY_10AM, simulate } from "./_world.ts";

Deno.test("crm lookup by caller number sets the customer's VIP level, language, last agent and open cases", async () => {
  const world = ivrWorld();
  const doc = () =>
    flowDoc({
      who: {
        type: "crm_lookup",
        by: "caller",
        set_language: true,
        exits: { found: "bye", missing: "who_not" },
      },
      who_not: { type: "hangup", play: [{ tts: "unknown" }] },
    });
  // A bare national mobile number is normalised to E.164 before the look-up.
  const found = await simulate(world, doc(), { caller: "13800138000" });
  assert.equal(found.variables["customer.id"], world.zhouId);
  assert.equal(found.variables["customer.vip"], 2);
  assert.equal(found.variables["customer.language"], "zh-CN");
  assert.equal(found.variables["customer.last_agent_extension"], "1001");
  assert.equal(found.variables["customer.open_cases"], 1);
  assert.equal(found.variables.language, "zh-CN");
  const missing = await simulate(world, doc(), { caller: "+10000000000" });
  assert.equal(missing.last_node, "who_not");
  assert.equal(missing.variables["customer.id"], undefined);
});

Deno.test("crm lookup by an entered account number finds the customer", async () => {
  const world = ivrWorld();
  const result = await simulate(
    world,
    flowDoc({
      ask: {
        type: "collect",
        play: ["enter_account"],
        max: 8,
        terminator: "#",
        exits: { done: "who" },
      },
      who: { type: "crm_lookup", by: "account", exits: { found: "bye", missing: "bye" } },
    }),
    { digits: "20001#", caller: "anonymous" },
  );
  assert.equal(result.variables["customer.name"], "Alice Morgan");
  const lookup = result.events.find((e) => e.type === "ivr.lookup")!;
  assert.equal(lookup.data.found, true);
});

const statusFlow = (query = "case_status") =>
  flowDoc({
    ask: {
      type: "collect",
      play: ["enter_account"],
      variable: "account",
      max: 8,
      terminator: "#",
      exits: { done: "s" },
    },
    s: {
      type: "self_service",
      query,
      account: "{account}",
      exits: { found: "done", missing: "none" },
    },
    done: { type: "hangup", self_served: true },
    none: { type: "hangup", play: ["account_not_found"] },
  });

Deno.test("self-service case status speaks the latest case's status and update date", async () => {
  const world = ivrWorld();
  const result = await simulate(world, statusFlow(), { digits: "12345#" });
  assert.deepEqual(heard(result), [
    "enter_account",
    "case_status_intro",
    "status_open",
    "last_updated",
    "date:2026-04-30",
  ]);
  assert.equal(result.variables["case.status"], "open");
  assert.deepEqual(result.route, { type: "self_service" });
});

Deno.test("self-service dates are the flow's local day", async () => {
  const world = ivrWorld();
  // Alice's case was updated at 18:00 UTC on 2 May, which is already 3 May in Shanghai.
  const result = await simulate(world, statusFlow(), { digits: "20001#" });
  assert.ok(heard(result).includes("status_pending_customer"));
  assert.ok(heard(result).includes("date:2026-05-03"));
});

Deno.test("self-service for an unknown account leaves through missing, and a customer without cases hears so", async () => {
  const world = ivrWorld();
  const missing = await simulate(world, statusFlow(), { digits: "99999#" });
  assert.deepEqual(heard(missing), ["enter_account", "account_not_found"]);
  const none = await simulate(world, statusFlow(), { digits: "20003#" });
  assert.deepEqual(heard(none), ["enter_account", "no_cases"]);
});

Deno.test("self-service open cases reads the count as a number", async () => {
  const world = ivrWorld();
  const result = await simulate(world, statusFlow("open_cases"), { digits: "12345#" });
  assert.deepEqual(heard(result), ["enter_account", "open_cases_count", "number:1"]);
});

Deno.test("queue hands the caller to the ACD with the priority from VIP level and skill hints", async () => {
  const world = ivrWorld();
  const result = await simulate(
    world,
    flowDoc({
      who: {
        type: "crm_lookup",
        by: "caller",
        set_language: true,
        exits: { found: "q", missing: "q" },
      },
      q: {
        type: "queue",
        queue: "Support",
        priority: "{customer.vip}",
        skills: ["support", "mandarin"],
        play: ["please_hold"],
      },
    }),
  );
  const queueId = world.ivr.services.queueId("Support");
  assert.deepEqual(result.route, {
    type: "queue",
    queue: "Support",
    queueId,
    priority: 2,
    skills: ["support", "mandarin"],
    language: "zh-CN",
    customerId: world.zhouId,
  });
  assert.deepEqual(heard(result), ["please_hold"]);
});

Deno.test("a queue removed after publishing sends callers to the fallback instead of nowhere", async () => {
  const world = ivrWorld();
  const doc = flowDoc({ q: { type: "queue", queue: "Sales" } });
  const { id } = world.ivr.createFlow({ name: String(doc.name), definition: doc }, null);
  world.db.run("DELETE FROM queues WHERE name = 'Sales'");
  const result = await world.ivr.simulate(id, "draft", {
    caller: "+1",
    digits: "",
    at: MONDAY_10AM,
  })!;
  assert.ok(eventTypes(result).includes("ivr.error"));
  assert.deepEqual(result.route, { type: "hangup", reason: "flow" });
  assert.deepEqual(heard(result), ["goodbye"]);
});

Deno.test("transfer goes to an external number or to the last agent's extension", async () => {
  const world = ivrWorld();
  const external = await simulate(
    world,
    flowDoc({ t: { type: "transfer", to: "+8675512345678" } }),
  );
  assert.deepEqual(external.route, {
    type: "transfer",
    target: "+8675512345678",
    kind: "external",
  });
  const sticky = await simulate(
    world,
    flowDoc({
      who: { type: "crm_lookup", by: "caller", exits: { found: "t", missing: "bye" } },
      t: { type: "transfer", to: "{customer.last_agent_extension}", play: ["transfer_connecting"] },
    }),
  );
  assert.deepEqual(sticky.route, { type: "transfer", target: "1001", kind: "extension" });
  const nobody = await simulate(world, flowDoc({ t: { type: "transfer", to: "{nobody}" } }));
  assert.equal(nobody.last_node, "bye");
});

const voicemailFlow = () =>
  flowDoc({
    who: { type: "crm_lookup", by: "caller", exits: { found: "vm", missing: "vm" } },
    vm: { type: "voicemail", max_s: 60, box: "sales" },
  });

Deno.test("voicemail plays the greeting and a beep, records, and links the message to the customer", async () => {
  const world = ivrWorld();
  const result = await simulate(world, voicemailFlow(), { digits: "#" });
  assert.deepEqual(heard(result), ["voicemail_greeting", "(beep)", "voicemail_saved"]);
  assert.deepEqual(result.route, { type: "voicemail", id: 1 });
  const [message] = result.records.voicemails as {
    customerId: number;
    box: string;
    durationMs: number;
  }[];
  assert.equal(message.customerId, world.zhouId);
  assert.equal(message.box, "sales");
  assert.equal(message.durationMs, 8000);
  assert.equal(result.events.find((e) => e.type === "ivr.voicemail")!.data.ended, "key");
});

Deno.test("a caller who hangs up after speaking still leaves a voicemail", async () => {
  const world = ivrWorld();
  const result = await simulate(world, voicemailFlow(), { digits: "!" });
  assert.equal(result.route.type, "voicemail");
  assert.deepEqual(heard(result), ["voicemail_greeting", "(beep)"]);
  assert.equal(result.records.voicemails.length, 1);
});

Deno.test("a callback request keeps the time the caller reached us as their place", async () => {
  const world = ivrWorld();
  const result = await simulate(
    world,
    flowDoc({
      wait: { type: "play", play: ["closed"], exits: { next: "cb" } },
      cb: { type: "callback", queue: "Support", priority: 3 },
    }),
  );
  assert.equal(result.route.type, "callback");
  const [request] = result.records.callbacks as {
    number: string;
    placeAt: string;
    at: string;
    priority: number;
  }[];
  assert.equal(request.number, "+8613800138000");
  assert.equal(request.placeAt, new Date(MONDAY_10AM).toISOString());
  assert.ok(request.at > request.placeAt);
  assert.equal(request.priority, 3);
  assert.deepEqual(heard(result), ["closed", "callback_confirm"]);
});

const surveyFlow = () =>
  flowDoc({
    s: {
      type: "survey",
      intro: ["survey_intro"],
      questions: [
        { id: "satisfaction", play: ["survey_satisfaction"] },
        { id: "resolved", play: ["survey_resolved"] },
      ],
      retries: 1,
      exits: { done: "bye" },
    },
  });

Deno.test("a survey stores 1–5 scores per question for the call's agent", async () => {
  const world = ivrWorld();
  const result = await simulate(world, surveyFlow(), {
    digits: "5 4",
    variables: { agent_id: world.agentId },
  });
  const scores = result.records.surveys as { question: string; score: number; agentId: number }[];
  assert.deepEqual(scores.map((s) => [s.question, s.score, s.agentId]), [
    ["satisfaction", 5, world.agentId],
    ["resolved", 4, world.agentId],
  ]);
  assert.deepEqual(heard(result), [
    "survey_intro",
    "survey_satisfaction",
    "survey_resolved",
    "survey_thanks",
    "goodbye",
  ]);
});

Deno.test("a survey asks again after a key outside 1–5 and skips a question left unanswered", async () => {
  const world = ivrWorld();
  const result = await simulate(world, surveyFlow(), { digits: "9 3 _ _" });
  const scores = result.records.surveys as {
    question: string;
    score: number;
    agentId: number | null;
  }[];
  assert.deepEqual(scores.map((s) => [s.question, s.score, s.agentId]), [[
    "satisfaction",
    3,
    null,
  ]]);
  assert.equal(result.variables["survey.answered"], 1);
  assert.deepEqual(heard(result).slice(0, 6), [
    "survey_intro",
    "survey_satisfaction",
    "invalid_choice",
    "survey_satisfaction",
    "survey_resolved",
    "no_input",
  ]);
});

Deno.test("a caller who hangs up in a menu ends the run at that node with reason caller", async () => {
  const world = ivrWorld();
  const result = await simulate(
    world,
    flowDoc({
      m: { type: "menu", play: ["main_menu"], exits: { "1": "bye" } },
    }),
    { digits: "_ !" },
  );
  assert.deepEqual(result.route, { type: "hangup", reason: "caller" });
  assert.equal(result.last_node, "m");
  const last = result.events.at(-1)!;
  assert.equal(last.type, "ivr.result");
  assert.equal(last.data.node, "m");
});

Deno.test("a flow that never ends is cut off at the step limit with an apology", async () => {
  const world = ivrWorld();
  const result = await simulate(
    world,
    flowDoc({
      m: { type: "menu", play: ["main_menu"], retries: 0, exits: { "1": "bye", timeout: "m" } },
    }),
  );
  assert.deepEqual(result.route, { type: "hangup", reason: "step_limit" });
  assert.equal(heard(result).at(-1), "technical_difficulties");
});

Deno.test("a keypad script with something other than keys, _ and ! is refused", () => {
  const world = ivrWorld();
  const doc = flowDoc({ x: { type: "hangup" } });
  const { id } = world.ivr.createFlow({ name: String(doc.name), definition: doc }, null);
  assert.throws(
    () => world.ivr.simulate(id, "draft", { caller: "+1", digits: "1 a", at: MONDAY_10AM }),
    /Keypad entry "a"/,
  );
});
