import assert from "node:assert/strict";
import { DEMO_MAIN_MENU, DEMO_SURVEY } from "../../src/demo/data.ts";
import { callMainMenu, demoCenter } from "./_demo.ts";
import { eventTypes, heard } from "./_world.ts";

const OPEN = "2026-05-04T10:00:00+08:00"; // a Monday morning in Shanghai

Deno.test("the demo's main menu and survey are published and valid, and DID 1000 runs the main menu", async () => {
  const app = await demoCenter();
  for (const flow of [DEMO_MAIN_MENU, DEMO_SURVEY]) {
    assert.deepEqual(app.ivr.validate(flow).problems, [], flow.name);
    assert.equal(app.ivr.flows.byName(flow.name)!.published_version, 1);
  }
  assert.equal(app.ivr.flowForDid("1000")!.definition.name, "Main menu");
});

Deno.test("warming the IVR readies every published flow before the first call asks for it", async () => {
  const app = await demoCenter();
  assert.equal(app.ivr.warmPublished(), 2);
  // Ready means cached: the same parsed flow is handed to every call from then on.
  assert.equal(app.ivr.flowForDid("1000"), app.ivr.flowForDid("1000"));
});

Deno.test("the IVR finds DID 1000's flow in the longer forms trunks send, as the call layer does", async () => {
  const app = await demoCenter();
  for (const dialed of ["1000", "+86101000", "01000"]) {
    const flow = app.ivr.flowForDid(dialed);
    assert.equal(flow?.definition.name, "Main menu", dialed);
    assert.equal(flow?.flowId, app.numbers.resolve(dialed)?.target_id, dialed);
  }
  assert.equal(app.ivr.flowForDid("2000"), undefined);
});

Deno.test("demo: 1 puts a known VIP caller in the Sales queue with the sales skill and VIP priority", async () => {
  const result = await callMainMenu({ digits: "1", at: OPEN });
  assert.deepEqual(heard(result), ["welcome", "main_menu", "please_hold"]);
  assert.equal(result.prompts[0].language, "zh-CN");
  assert.deepEqual({ ...result.route, queueId: undefined, customerId: undefined }, {
    type: "queue",
    queue: "Sales",
    queueId: undefined,
    priority: 2,
    skills: ["sales"],
    language: "zh-CN",
    customerId: undefined,
  });
});

Deno.test("demo: 2 reaches Support, in English for an English-speaking customer", async () => {
  const result = await callMainMenu({ digits: "2", at: OPEN, caller: "+442079460000" });
  assert.equal(result.route.type === "queue" && result.route.queue, "Support");
  assert.equal(result.route.type === "queue" && result.route.language, "en");
  assert.ok(result.prompts.every((p) => p.language === "en"));
});

Deno.test("demo: 3 with account 12345 speaks the latest case's status and counts as self-service", async () => {
  const result = await callMainMenu({ digits: "3 12345#", at: OPEN });
  assert.deepEqual(heard(result).slice(0, 7), [
    "welcome",
    "main_menu",
    "enter_account",
    "case_status_intro",
    "status_open",
    "last_updated",
    heard(result)[6],
  ]);
  assert.match(heard(result)[6], /^date:\d{4}-\d{2}-\d{2}$/);
  assert.deepEqual(result.route, { type: "self_service" });
  assert.equal(result.variables["case.subject"], "Delivery delayed for order 88231");
  assert.equal(result.events.at(-1)!.data.self_served, true);
});

Deno.test("demo: after the status, 0 reaches an operator and * goes back to the main menu", async () => {
  const operator = await callMainMenu({ digits: "3 12345# 0", at: OPEN });
  assert.equal(operator.last_node, "operator");
  const back = await callMainMenu({ digits: "3 12345# * 1", at: OPEN });
  assert.equal(back.route.type === "queue" && back.route.queue, "Sales");
});

Deno.test("demo: 3 with an unknown account says so and offers the menu again", async () => {
  const result = await callMainMenu({ digits: "3 99999# 2", at: OPEN });
  assert.deepEqual(heard(result), [
    "welcome",
    "main_menu",
    "enter_account",
    "account_not_found",
    "main_menu",
    "please_hold",
  ]);
  assert.equal(result.route.type === "queue" && result.route.queue, "Support");
});

Deno.test("demo: 9 records a voicemail linked to the caller's customer record", async () => {
  const app = await demoCenter();
  const result = await callMainMenu({ digits: "9", at: OPEN });
  assert.equal(result.route.type, "voicemail");
  assert.deepEqual(heard(result).slice(2), ["voicemail_greeting", "(beep)", "voicemail_saved"]);
  const customerId = app.db.get<{ customer_id: number }>(
    "SELECT customer_id FROM customer_phones WHERE e164 = '+8613800138000'",
  )!.customer_id;
  assert.equal((result.records.voicemails[0] as { customerId: number }).customerId, customerId);
});

Deno.test("demo: 0 reaches the operator", async () => {
  const result = await callMainMenu({ digits: "0", at: OPEN });
  assert.equal(result.last_node, "operator");
  assert.equal(result.route.type === "queue" && result.route.priority, 1);
});

Deno.test("demo: wrong keys get the retry prompts and then the operator", async () => {
  const result = await callMainMenu({ digits: "7 5 8", at: OPEN });
  assert.deepEqual(heard(result), [
    "welcome",
    "main_menu",
    "invalid_choice",
    "main_menu",
    "invalid_choice",
    "main_menu",
    "please_hold",
  ]);
  assert.equal(result.last_node, "operator");
  assert.ok(eventTypes(result).includes("ivr.fallback"));
});

Deno.test("demo: a silent caller gets the retry prompts and then the operator, never a dead line", async () => {
  const result = await callMainMenu({ digits: "", at: OPEN });
  assert.deepEqual(heard(result), [
    "welcome",
    "main_menu",
    "no_input",
    "main_menu",
    "no_input",
    "main_menu",
    "please_hold",
  ]);
  assert.equal(result.route.type, "queue");
});

Deno.test("demo: after hours the caller hears the closed message and may leave a message or ask for a callback", async () => {
  const evening = "2026-05-04T22:00:00+08:00";
  const message = await callMainMenu({ digits: "1", at: evening });
  assert.deepEqual(heard(message).slice(0, 2), ["closed", "after_hours_menu"]);
  assert.equal(message.route.type, "voicemail");
  const callback = await callMainMenu({ digits: "2", at: evening });
  assert.equal(callback.route.type, "callback");
  assert.equal(
    (callback.records.callbacks[0] as { placeAt: string }).placeAt,
    new Date(evening).toISOString(),
  );
  const silent = await callMainMenu({ digits: "", at: evening });
  assert.equal(silent.route.type, "voicemail");
  const hours = silent.events.find((e) => e.type === "ivr.hours")!.data;
  assert.deepEqual({ status: hours.status, local: hours.local }, {
    status: "closed",
    local: "2026-05-04 22:00",
  });
});

Deno.test("demo: weekends are after hours", async () => {
  const result = await callMainMenu({ digits: "2", at: "2026-05-09T11:00:00+08:00" });
  assert.equal(heard(result)[0], "closed");
});

Deno.test("demo: on a public holiday the caller hears the holiday message", async () => {
  const result = await callMainMenu({ digits: "1", at: "2026-10-02T10:00:00+08:00" });
  assert.deepEqual(heard(result).slice(0, 2), ["holiday", "after_hours_menu"]);
  assert.equal(result.route.type, "voicemail");
});

Deno.test("demo: the post-call survey scores the agent in the customer's language", async () => {
  const app = await demoCenter();
  const survey = app.ivr.flows.byName("Post-call survey")!;
  const agent = app.users.byUsername("agent3")!;
  const result = await app.ivr.simulate(survey.id, "published", {
    caller: "+442079460000",
    digits: "4 5",
    at: Date.parse(OPEN),
    variables: { agent_id: agent.id },
  })!;
  assert.deepEqual(
    (result.records.surveys as { question: string; score: number; agentId: number }[]).map((
      s,
    ) => [s.question, s.score, s.agentId]),
    [["satisfaction", 4, agent.id], ["resolved", 5, agent.id]],
  );
  assert.ok(result.prompts.every((p) => p.language === "en"));
});
