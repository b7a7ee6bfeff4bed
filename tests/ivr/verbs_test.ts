import assert from "node:assert/strict";
import { eventTypes, flowDoc, heard, ivrWorld, simulate } from "./_world.ts";

Deno.test("play speaks prompts, TTS and digit, number and date readers in the caller's language", async () => {
  const world = ivrWorld();
  const result = await simulate(
    world,
    flowDoc({
      hello: {
        type: "play",
        play: [
          "welcome",
          { tts: "Calling from {caller}" },
          { digits: "{caller}" },
          { number: 42 },
          {
            date: "2026-05-04",
          },
        ],
        exits: { next: "bye" },
      },
    }),
  );
  assert.deepEqual(heard(result), [
    "welcome",
    "tts:Calling from +8613800138000",
    "digits:8613800138000",
    "number:42",
    "date:2026-05-04",
    "goodbye",
  ]);
  assert.equal(result.prompts[1].text, "Calling from +8613800138000");
  assert.ok(result.prompts.every((p) => p.language === "en"));
  assert.equal(result.prompts[0].text, "Welcome to our service center.");
  assert.deepEqual(result.route, { type: "hangup", reason: "flow" });
});

Deno.test("readers and prompts switch to zh-CN after a language node", async () => {
  const world = ivrWorld();
  const result = await simulate(
    world,
    flowDoc({
      zh: { type: "language", language: "zh-CN", exits: { next: "say" } },
      say: {
        type: "play",
        play: ["welcome", { number: "{customer.vip}0" }],
        exits: { next: "bye" },
      },
    }),
  );
  assert.deepEqual(result.prompts.map((p) => p.language), ["zh-CN", "zh-CN", "zh-CN"]);
  assert.equal(result.prompts[0].text, "您好，欢迎致电客户服务中心。");
  assert.equal(result.variables.language, "zh-CN");
});

Deno.test("a play item that cannot be read as a number sends the caller to the fallback", async () => {
  const world = ivrWorld();
  const result = await simulate(
    world,
    flowDoc({
      say: { type: "play", play: [{ number: "{nothing}x" }], exits: { next: "bye" } },
    }),
  );
  assert.ok(eventTypes(result).includes("ivr.error"));
  assert.deepEqual(heard(result), ["goodbye"]);
});

const menuFlow = () =>
  flowDoc({
    menu: {
      type: "menu",
      play: ["main_menu"],
      retries: 2,
      exits: { "1": "one", "2": "two", invalid: "sorry" },
    },
    one: { type: "hangup", play: ["welcome"] },
    two: { type: "queue", queue: "Support" },
    sorry: { type: "hangup", play: ["technical_difficulties"] },
  });

Deno.test("a menu key takes the exit named by the key", async () => {
  const world = ivrWorld();
  const result = await simulate(world, menuFlow(), { digits: "2" });
  assert.equal(result.route.type, "queue");
  assert.deepEqual(heard(result), ["main_menu"]);
  const digits = result.events.find((e) => e.type === "ivr.digits")!;
  assert.deepEqual(digits.data, { node: "menu", digits: "2", reason: "max" });
});

Deno.test("wrong keys replay the menu with the invalid prompt, then leave through invalid", async () => {
  const world = ivrWorld();
  const result = await simulate(world, menuFlow(), { digits: "7 8 9" });
  assert.deepEqual(heard(result), [
    "main_menu",
    "invalid_choice",
    "main_menu",
    "invalid_choice",
    "main_menu",
    "technical_difficulties",
  ]);
  assert.equal(result.last_node, "sorry");
});

Deno.test("silence replays the menu with the no-input prompt, then an unwired timeout goes to the fallback", async () => {
  const world = ivrWorld();
  const result = await simulate(world, menuFlow(), { digits: "" });
  assert.deepEqual(heard(result), [
    "main_menu",
    "no_input",
    "main_menu",
    "no_input",
    "main_menu",
    "goodbye",
  ]);
  assert.ok(eventTypes(result).includes("ivr.fallback"));
  assert.equal(result.last_node, "bye");
  // Three five-second waits plus the prompts: the caller was never left in silence for long.
  assert.ok(result.duration_ms >= 15_000 && result.duration_ms < 60_000, `${result.duration_ms}`);
});

Deno.test("a valid key on a retry is accepted", async () => {
  const world = ivrWorld();
  const result = await simulate(world, menuFlow(), { digits: "_ 1" });
  assert.deepEqual(heard(result), ["main_menu", "no_input", "main_menu", "welcome"]);
});

const collectFlow = (extra: Record<string, unknown> = {}) =>
  flowDoc({
    ask: {
      type: "collect",
      play: ["enter_account"],
      variable: "account",
      min: 4,
      max: 8,
      terminator: "#",
      retries: 2,
      exits: { done: "ok", failed: "nope" },
      ...extra,
    },
    ok: { type: "play", play: [{ digits: "{account}" }], exits: { next: "bye" } },
    nope: { type: "hangup", play: ["technical_difficulties"] },
  });

Deno.test("collect keeps the keys before the terminator in its variable", async () => {
  const world = ivrWorld();
  const result = await simulate(world, collectFlow(), { digits: "12345#" });
  assert.equal(result.variables.account, "12345");
  assert.deepEqual(heard(result), ["enter_account", "digits:12345", "goodbye"]);
});

Deno.test("collect ends at its maximum length without a terminator", async () => {
  const world = ivrWorld();
  const result = await simulate(world, collectFlow(), { digits: "1234567890" });
  assert.equal(result.variables.account, "12345678");
  assert.equal(result.events.find((e) => e.type === "ivr.digits")!.data.reason, "max");
});

Deno.test("collect ends a short entry by the inter-digit timeout and accepts it when long enough", async () => {
  const world = ivrWorld();
  const result = await simulate(world, collectFlow(), { digits: "98765" });
  assert.equal(result.variables.account, "98765");
  assert.equal(result.events.find((e) => e.type === "ivr.digits")!.data.reason, "timeout");
});

Deno.test("collect asks again when the entry fails the pattern or is too short", async () => {
  const world = ivrWorld();
  const result = await simulate(world, collectFlow({ pattern: "1[0-9]+" }), {
    digits: "12# 22222# 12345#",
  });
  assert.deepEqual(heard(result).slice(0, 5), [
    "enter_account",
    "invalid_entry",
    "enter_account",
    "invalid_entry",
    "enter_account",
  ]);
  assert.equal(result.variables.account, "12345");
});

Deno.test("collect leaves through failed after its retries", async () => {
  const world = ivrWorld();
  const result = await simulate(world, collectFlow(), { digits: "_ 1# _" });
  assert.deepEqual(heard(result), [
    "enter_account",
    "no_input",
    "enter_account",
    "invalid_entry",
    "enter_account",
    "technical_difficulties",
  ]);
  assert.ok(eventTypes(result).includes("ivr.retries_exhausted"));
});

Deno.test("a sensitive collect masks the keys in call events", async () => {
  const world = ivrWorld();
  const result = await simulate(world, collectFlow({ sensitive: true }), { digits: "4321#" });
  assert.equal(result.events.find((e) => e.type === "ivr.digits")!.data.digits, "****");
  assert.equal(result.variables.account, "4321");
});

Deno.test("condition takes the first case that holds and else when none does", async () => {
  const world = ivrWorld();
  const doc = () =>
    flowDoc({
      who: { type: "crm_lookup", by: "caller", exits: { found: "check", missing: "check" } },
      check: {
        type: "condition",
        cases: [
          { when: { var: "customer.vip", op: "gte", value: 2 }, exit: "vip" },
          {
            when: {
              all: [{ var: "time.hour", op: "gte", value: 9 }, {
                var: "caller",
                op: "matches",
                value: "^\\+44",
              }],
            },
            exit: "uk",
          },
          { when: { any: [{ var: "time.weekday", op: "in", value: [6, 7] }] }, exit: "weekend" },
        ],
        exits: { vip: "v", uk: "u", weekend: "w", else: "bye" },
      },
      v: { type: "hangup", play: [{ tts: "vip" }] },
      u: { type: "hangup", play: [{ tts: "uk" }] },
      w: { type: "hangup", play: [{ tts: "weekend" }] },
    });
  const text = (r: Awaited<ReturnType<typeof simulate>>) =>
    r.prompts[0].kind === "tts" ? r.prompts[0].text : r.prompts[0].name;
  assert.equal(text(await simulate(world, doc())), "vip");
  assert.equal(text(await simulate(world, doc(), { caller: "+442079460000" })), "uk");
  assert.equal(
    text(
      await simulate(world, doc(), {
        caller: "+10000000000",
        at: Date.parse("2026-05-09T10:00:00+08:00"),
      }),
    ),
    "weekend",
  );
  assert.equal(text(await simulate(world, doc(), { caller: "+10000000000" })), "goodbye");
});

const hoursFlow = (exits: Record<string, string>, timezone = "Asia/Shanghai") =>
  flowDoc({
    hours: { type: "business_hours", schedule: "office", exits },
    open: { type: "hangup", play: [{ tts: "open" }] },
    closed: { type: "hangup", play: [{ tts: "closed" }] },
    holiday: { type: "hangup", play: [{ tts: "holiday" }] },
  }, { timezone });
const said = (r: Awaited<ReturnType<typeof simulate>>) => r.prompts[0].text;

Deno.test("business hours are open on a weekday morning and closed in the evening, at the weekend and on holidays", async () => {
  const world = ivrWorld();
  const all = { open: "open", closed: "closed", holiday: "holiday" };
  assert.equal(said(await simulate(world, hoursFlow(all))), "open");
  assert.equal(
    said(await simulate(world, hoursFlow(all), { at: Date.parse("2026-05-04T18:00:00+08:00") })),
    "closed",
  );
  assert.equal(
    said(await simulate(world, hoursFlow(all), { at: Date.parse("2026-05-04T08:59:00+08:00") })),
    "closed",
  );
  assert.equal(
    said(await simulate(world, hoursFlow(all), { at: Date.parse("2026-05-09T11:00:00+08:00") })),
    "closed",
  );
  assert.equal(
    said(await simulate(world, hoursFlow(all), { at: Date.parse("2026-10-01T10:00:00+08:00") })),
    "holiday",
  );
  const noHolidayExit = hoursFlow({ open: "open", closed: "closed" });
  assert.equal(
    said(await simulate(world, noHolidayExit, { at: Date.parse("2026-10-01T10:00:00+08:00") })),
    "closed",
  );
});

Deno.test("business hours are read in the flow's own time zone", async () => {
  const world = ivrWorld();
  // 10:00 in Shanghai is 03:00 in London: the same schedule is closed there.
  const result = await simulate(
    world,
    hoursFlow({ open: "open", closed: "closed" }, "Europe/London"),
  );
  assert.equal(said(result), "closed");
  const local = result.events.find((e) => e.type === "ivr.hours")!.data.local;
  assert.equal(local, "2026-05-04 03:00");
});

Deno.test("set stores values and templates for later nodes", async () => {
  const world = ivrWorld();
  const result = await simulate(
    world,
    flowDoc({
      s: {
        type: "set",
        values: { greeting: "Hi {caller}", tries: 3, flag: true },
        exits: { next: "c" },
      },
      c: {
        type: "condition",
        cases: [{ when: { var: "tries", op: "eq", value: "3" }, exit: "yes" }],
        exits: { yes: "say", else: "bye" },
      },
      say: { type: "hangup", play: [{ tts: "{greeting}" }] },
    }),
  );
  assert.equal(result.variables.greeting, "Hi +8613800138000");
  assert.equal(result.variables.flag, true);
  assert.equal(said(result), "Hi +8613800138000");
});

Deno.test("language customer switches to the CRM's language and leaves it alone for unknown callers", async () => {
  const world = ivrWorld();
  const doc = () =>
    flowDoc({
      who: { type: "crm_lookup", by: "caller", exits: { found: "lang", missing: "lang" } },
      lang: { type: "language", language: "customer", exits: { next: "bye" } },
    });
  assert.equal((await simulate(world, doc())).variables.language, "zh-CN");
  assert.equal((await simulate(world, doc(), { caller: "+10000000000" })).variables.language, "en");
});

Deno.test("goto jumps to a node, or to the start of another published flow", async () => {
  const world = ivrWorld();
  const other = flowDoc({
    there: { type: "hangup", play: [{ tts: "other flow" }], self_served: true },
  });
  const { id } = world.ivr.createFlow({ name: String(other.name), definition: other }, null);
  world.ivr.publish(id);
  const result = await simulate(
    world,
    flowDoc({
      a: { type: "goto", exits: { next: "b" } },
      b: { type: "goto", flow: other.name },
    }),
  );
  assert.equal(said(result), "other flow");
  assert.deepEqual(result.route, { type: "self_service" });
  assert.ok(eventTypes(result).includes("ivr.flow_changed"));
});

Deno.test("hangup ends the call, counted as self-service when the node says so", async () => {
  const world = ivrWorld();
  const plain = await simulate(world, flowDoc({ x: { type: "goto", exits: { next: "bye" } } }));
  assert.deepEqual(plain.route, { type: "hangup", reason: "flow" });
  const served = await simulate(world, flowDoc({ x: { type: "hangup", self_served: true } }));
  assert.deepEqual(served.route, { type: "self_service" });
  const result = served.events.at(-1)!;
  assert.equal(result.type, "ivr.result");
  assert.equal(result.data.self_served, true);
});

Deno.test("a flow that finds the center closed and only hangs up records the call as blocked", async () => {
  const world = ivrWorld();
  const evening = { at: Date.parse("2026-05-04T18:00:00+08:00") };
  const blocked = (r: Awaited<ReturnType<typeof simulate>>) =>
    r.events.filter((e) => e.type === "call.blocked").map((e) => e.data);
  const closed = await simulate(world, hoursFlow({ open: "open", closed: "closed" }), evening);
  assert.deepEqual(blocked(closed), [{ reason: "closed", node: "hours" }]);
  // Open: the same hang-up node is no refusal.
  assert.deepEqual(
    blocked(await simulate(world, hoursFlow({ open: "open", closed: "closed" }))),
    [],
  );
  // Closed, but the caller is offered voicemail: an alternative, so not blocked.
  const withVoicemail = flowDoc({
    hours: { type: "business_hours", schedule: "office", exits: { open: "bye", closed: "vm" } },
    vm: { type: "voicemail", exits: { next: "bye" } },
  });
  const offered = await simulate(world, withVoicemail, evening);
  assert.equal(offered.route.type, "voicemail");
  assert.deepEqual(blocked(offered), []);
});
