import assert from "node:assert/strict";
import {
  type IvrEvent,
  type IvrOutcome,
  IvrSession,
  type PromptAudio,
  runFlow,
} from "../../src/ivr/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { FakeMedia } from "./_call_media.ts";
import { flowDoc, heard, ivrWorld, simulate, type World } from "./_world.ts";

/** Every prompt lasts one second. */
const oneSecondEach: PromptAudio = {
  render: (items) => Promise.resolve([new Int16Array(8000 * items.length).fill(1000)]),
};

/** The demo's shape: a welcome that keys cannot interrupt, then the main menu. */
function welcomeThenMenu(menu: Record<string, unknown> = {}) {
  return flowDoc({
    welcome: { type: "play", play: ["welcome"], exits: { next: "menu" } },
    menu: {
      type: "menu",
      play: ["main_menu"],
      timeout_s: 5,
      retries: 0,
      exits: { "1": "sales", "2": "support" },
      ...menu,
    },
    sales: { type: "queue", queue: "Sales" },
    support: { type: "queue", queue: "Support" },
  });
}

function publish(world: World, doc: Record<string, unknown>) {
  const { id } = world.ivr.createFlow({ name: String(doc.name), definition: doc }, null);
  world.ivr.publish(id);
  return world.ivr.load(id, "published")!;
}

/** Runs `doc` over a live IVR session; `caller` presses keys as the media runs. */
async function liveCall(
  doc: Record<string, unknown>,
  caller: (media: FakeMedia) => Promise<void>,
): Promise<{ outcome: IvrOutcome; events: IvrEvent[]; played: Record<string, unknown>[] }> {
  const world = ivrWorld();
  const flow = publish(world, doc);
  const media = new FakeMedia(world.clock);
  const played: Record<string, unknown>[] = [];
  const session = new IvrSession({
    callId: "type-ahead-1",
    caller: "+8613900001111",
    dialed: "1000",
    clock: world.clock,
    media,
    prompts: oneSecondEach,
    dataDir: "/nonexistent",
    hangup: () => {},
    event: (type, data) => type === "media.played" && played.push(data),
    log: createLogger("test", { sink: () => {} }),
  });
  const events: IvrEvent[] = [];
  let outcome: IvrOutcome | undefined;
  const running = runFlow(flow, {
    call: session,
    services: world.ivr.services,
    events: { append: (event) => events.push(event) },
  }).then((result) => outcome = result);
  try {
    await caller(media);
    for (let ms = 0; outcome === undefined && ms < 20_000; ms += 100) await media.run(100);
    assert.ok(outcome, "the flow did not end within 20 s of call time");
    await running;
    return { outcome, events, played };
  } finally {
    session.close();
  }
}

function routeOf(outcome: IvrOutcome): string {
  return outcome.route.type === "queue" ? outcome.route.queue : outcome.route.type;
}

Deno.test("a caller who presses 2 during the welcome reaches Support without hearing the menu", async () => {
  const { outcome, events, played } = await liveCall(welcomeThenMenu(), async (media) => {
    await media.run(300);
    media.press("2");
  });
  assert.equal(routeOf(outcome), "Support");
  const digits = events.find((e) => e.type === "ivr.digits");
  assert.deepEqual(digits?.data, { node: "menu", digits: "2", reason: "max" });
  // The welcome played to its end; the menu was cut before a frame of it was heard.
  assert.deepEqual(played.map((p) => [p.end, p.duration_ms]), [["done", 1000], ["barged", 0]]);
});

Deno.test("a menu with clear_digits ignores keys typed during the welcome and takes the next one", async () => {
  const doc = welcomeThenMenu({ clear_digits: true });
  const { outcome, played } = await liveCall(doc, async (media) => {
    await media.run(300);
    media.press("2");
    await media.run(1200); // the welcome ends and the menu starts
    media.press("1");
  });
  assert.equal(routeOf(outcome), "Sales");
  assert.equal(played[1].end, "barged");
  assert.ok((played[1].duration_ms as number) > 0);
});

Deno.test("the simulator types the rest of an entry ahead into the next input, as a call does", async () => {
  const twoMenus = (second: Record<string, unknown> = {}) =>
    flowDoc({
      first: { type: "menu", play: ["main_menu"], retries: 0, exits: { "1": "second" } },
      second: {
        type: "menu",
        play: ["after_hours_menu"],
        retries: 0,
        exits: { "2": "support" },
        ...second,
      },
      support: { type: "queue", queue: "Support" },
    });
  const world = ivrWorld();
  const typed = await simulate(world, twoMenus(), { digits: "12" });
  assert.equal(typed.route.type === "queue" && typed.route.queue, "Support");
  assert.deepEqual(typed.prompts.map((p) => [p.name, p.barged_in]), [
    ["main_menu", true],
    ["after_hours_menu", true],
  ]);
  assert.deepEqual(typed.unused_input, []);

  const cleared = await simulate(world, twoMenus({ clear_digits: true }), { digits: "12 2" });
  assert.equal(cleared.route.type === "queue" && cleared.route.queue, "Support");
  const entries = cleared.events.filter((e) => e.type === "ivr.digits").map((e) => e.data.digits);
  assert.deepEqual(entries, ["1", "2"]);
  assert.deepEqual(cleared.unused_input, []);

  const dropped = await simulate(world, twoMenus({ clear_digits: true }), { digits: "12" });
  assert.equal(dropped.route.type, "hangup");
  assert.deepEqual(heard(dropped), ["main_menu", "after_hours_menu", "goodbye"]);
});

Deno.test("clear_digits must be true or false, checked when the flow is saved", () => {
  const world = ivrWorld();
  const list = world.ivr.validate(welcomeThenMenu({ clear_digits: "yes" })).problems;
  assert.deepEqual(list.map((p) => [p.node, p.code]), [["menu", "schema"]]);
  assert.match(list[0].message, /clear_digits/);
  assert.deepEqual(world.ivr.validate(welcomeThenMenu({ clear_digits: true })).problems, []);
});
