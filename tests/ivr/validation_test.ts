import assert from "node:assert/strict";
import { CASE_STATUSES } from "../../src/crm/mod.ts";
import {
  BUILTIN_PROMPTS,
  type FlowProblem,
  FlowValidationError,
  VERBS,
} from "../../src/ivr/mod.ts";
import { flowDoc, ivrWorld } from "./_world.ts";

function problems(doc: Record<string, unknown>): FlowProblem[] {
  return ivrWorld().ivr.validate(doc).problems;
}

function only(list: FlowProblem[], code: string): FlowProblem[] {
  return list.filter((p) => p.code === code);
}

Deno.test("validation names an unknown node type with its node id", () => {
  const list = problems(flowDoc({ a: { type: "dance", exits: { next: "bye" } } }));
  assert.equal(list.length, 1);
  assert.equal(list[0].node, "a");
  assert.equal(list[0].code, "unknown_type");
  assert.match(list[0].message, /Unknown node type "dance"; known types: play, menu/);
});

Deno.test("validation lists each schema error of a node with the field", () => {
  const list = problems(flowDoc({
    m: { type: "menu", timeout_s: "five", colour: "red", exits: { "1": "bye" } },
  }));
  assert.ok(list.every((p) => p.node === "m" && p.code === "schema"));
  const text = list.map((p) => p.message).join("\n");
  assert.match(text, /play:/);
  assert.match(text, /timeout_s:/);
  assert.match(text, /colour/);
});

Deno.test("validation refuses a menu without any key", () => {
  const list = problems(
    flowDoc({ m: { type: "menu", play: ["main_menu"], exits: { timeout: "bye" } } }),
  );
  assert.deepEqual(list.map((p) => [p.node, p.code]), [["m", "schema"]]);
  assert.match(list[0].message, /at least one key exit/);
});

Deno.test("validation reports flow-level schema errors without a node", () => {
  const list = problems({
    ...flowDoc({ a: { type: "hangup" } }),
    timezone: "Mars/Olympus",
    format: 2,
  });
  assert.ok(list.length >= 2);
  assert.ok(list.every((p) => p.node === null && p.code === "schema"));
  assert.ok(list.some((p) => /time zone/.test(p.message)));
});

Deno.test("validation reports a missing exit", () => {
  const list = problems(flowDoc({ a: { type: "play", play: ["welcome"] } }));
  assert.deepEqual(list.map((p) => [p.node, p.code, p.message]), [[
    "a",
    "missing_exit",
    'Exit "next" is not connected',
  ]]);
});

Deno.test("validation reports exits that lead nowhere and exits a node does not have", () => {
  const list = problems(flowDoc({
    a: { type: "play", play: ["welcome"], exits: { next: "ghost", later: "bye" } },
  }, { fallback: "nobody" }));
  assert.deepEqual(only(list, "unknown_target").map((p) => p.node), [null, "a"]);
  assert.deepEqual(only(list, "unknown_exit").map((p) => p.node), ["a"]);
  assert.match(only(list, "unknown_exit")[0].message, /has no exit "later" \(it has next\)/);
});

Deno.test("validation reports nodes that no path reaches", () => {
  const list = problems(flowDoc({
    a: { type: "hangup" },
    island: { type: "play", play: ["welcome"], exits: { next: "bye" } },
  }));
  assert.deepEqual(list.map((p) => [p.node, p.code]), [["island", "unreachable"]]);
});

Deno.test("validation reports a loop that never waits for a key press or timeout", () => {
  const list = problems(flowDoc({
    a: { type: "play", play: ["welcome"], exits: { next: "b" } },
    b: { type: "set", values: { x: 1 }, exits: { next: "c" } },
    c: {
      type: "condition",
      cases: [{ when: { var: "x", op: "eq", value: 1 }, exit: "again" }],
      exits: { again: "a", else: "bye" },
    },
  }));
  const loops = only(list, "loop_without_input");
  assert.equal(loops.length, 1);
  assert.equal(loops[0].node, "a");
  assert.match(loops[0].message, /a → b → c/);
});

Deno.test("a loop through a menu is allowed because the menu waits for the caller", () => {
  const list = problems(flowDoc({
    menu: { type: "menu", play: ["main_menu"], exits: { "1": "info", "9": "bye" } },
    info: { type: "play", play: ["closed"], exits: { next: "menu" } },
  }));
  assert.deepEqual(list, []);
});

Deno.test("a node that loops to itself without input is reported", () => {
  const list = problems(flowDoc({ a: { type: "goto", exits: { next: "a" } } }));
  assert.equal(only(list, "loop_without_input")[0]?.node, "a");
});

Deno.test("validation reports prompts, queues, schedules and flows that do not exist", () => {
  const list = problems(flowDoc({
    a: { type: "play", play: ["welcome", "no_such_prompt"], exits: { next: "h" } },
    h: { type: "business_hours", schedule: "night_shift", exits: { open: "q", closed: "g" } },
    q: { type: "queue", queue: "Billing" },
    g: { type: "goto", flow: "Nowhere" },
  }));
  assert.deepEqual(list.map((p) => [p.node, p.code]), [
    ["a", "unknown_prompt"],
    ["h", "unknown_schedule"],
    ["q", "unknown_queue"],
    ["g", "unknown_flow"],
  ]);
  assert.match(list[0].message, /Prompt no_such_prompt does not exist/);
});

Deno.test("a queue node's post-call survey that names no published flow is reported at the node", () => {
  const list = problems(flowDoc({
    q: { type: "queue", queue: "Sales", survey: "No such survey" },
  }));
  assert.deepEqual(list.map((p) => [p.node, p.code, p.message]), [
    ["q", "unknown_flow", "Flow No such survey does not exist or is not published"],
  ]);
});

Deno.test("validation returns every problem of a flow at once", () => {
  const list = problems(flowDoc({
    a: { type: "play", play: ["nope"], exits: { next: "b" } },
    b: { type: "menu", play: ["main_menu"], exits: { "1": "ghost" } },
    c: { type: "wobble" },
    d: { type: "queue", queue: "Nope" },
    e: { type: "collect", play: ["enter_account"], max: 4, min: 9, exits: { done: "bye" } },
  }));
  const codes = new Set(list.map((p) => p.code));
  for (
    const code of ["unknown_prompt", "unknown_target", "unknown_type", "unknown_queue", "schema"]
  ) {
    assert.ok(codes.has(code as FlowProblem["code"]), `missing ${code} in ${JSON.stringify(list)}`);
  }
  assert.ok(list.every((p) => p.node !== null));
});

Deno.test("publishing a flow with problems is refused and the published version keeps running", () => {
  const world = ivrWorld();
  const good = flowDoc({ a: { type: "hangup", play: ["welcome"] } });
  const { id } = world.ivr.createFlow({ name: String(good.name), definition: good }, null);
  assert.deepEqual(world.ivr.publish(id), { version: 1 });
  const bad = flowDoc({ a: { type: "play", play: ["nope"] } });
  const saved = world.ivr.saveDraft(id, bad, null);
  assert.equal(saved.version, 2);
  assert.equal(saved.problems.length, 2);
  assert.throws(() => world.ivr.publish(id), (error: unknown) => {
    assert.ok(error instanceof FlowValidationError);
    assert.deepEqual(error.problems.map((p) => p.code).sort(), ["missing_exit", "unknown_prompt"]);
    return true;
  });
  assert.equal(world.ivr.flows.get(id)!.published_version, 1);
  assert.equal(world.ivr.load(id, "published")!.version, 1);
});

Deno.test("saving a draft that is not well-formed is refused and nothing is stored", () => {
  const world = ivrWorld();
  const good = flowDoc({ a: { type: "hangup" } });
  const { id } = world.ivr.createFlow({ name: String(good.name), definition: good }, null);
  assert.throws(
    () => world.ivr.saveDraft(id, flowDoc({ a: { type: "teleport" } }), null),
    FlowValidationError,
  );
  assert.deepEqual(world.ivr.flows.read(id, "draft")!.definition, { ...good });
});

Deno.test("a case-status answer refers to a built-in prompt for every status the CRM knows", () => {
  const node = {
    type: "self_service",
    query: "case_status",
    exits: { found: "bye", missing: "bye" },
  };
  const prompts = VERBS.get("self_service")!.references(node).prompts ?? [];
  for (const status of CASE_STATUSES) {
    assert.ok(prompts.includes(`status_${status}`), status);
    assert.ok(`status_${status}` in BUILTIN_PROMPTS, status);
  }
});
