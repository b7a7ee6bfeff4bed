import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import { EventHub, type HubEvent } from "../../src/events/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import {
  type AgentFacts,
  AlertWatch,
  AlertWebhook,
  DEFAULT_THRESHOLDS,
  type QueueFacts,
} from "../../src/supervision/mod.ts";

Deno.test("the watch raises an alert once while it holds, clears it once, and tells the hub and the webhook", async () => {
  const clock = new VirtualClock(Date.UTC(2026, 4, 1, 9));
  const log = createLogger("supervision", { sink: () => {}, level: "error" });
  const hub = new EventHub(() => clock.now(), log);
  const events: HubEvent[] = [];
  hub.subscribe((e) => events.push(e));
  const posted: unknown[] = [];
  const webhook = new AlertWebhook({
    clock,
    log,
    url: () => "http://hooks.test/a",
    fetch: (_url, init) => {
      posted.push(JSON.parse(String(init.body)));
      return Promise.resolve(new Response(null, { status: 200 }));
    },
  });
  let queue: QueueFacts = { queue_id: 1, name: "Sales", longest_wait_s: 0, service_level: null };
  const agents: AgentFacts[] = [];
  const watch = new AlertWatch({
    clock,
    hub,
    log,
    webhook,
    intervalMs: 5000,
    facts: () => ({
      queues: [queue],
      agents,
      trunks: [],
      thresholds: () => DEFAULT_THRESHOLDS,
    }),
  });
  watch.start();
  clock.advance(5000);
  assert.deepEqual(watch.active(), []);

  queue = { ...queue, longest_wait_s: 130 };
  clock.advance(5000);
  queue = { ...queue, longest_wait_s: 135 };
  clock.advance(5000);
  const alerts = events.filter((e) => e.type === "supervision.alert");
  assert.equal(alerts.length, 1, "raised once although it held for two checks");
  assert.equal(alerts[0].data.change, "raised");
  assert.equal(watch.active().length, 1);
  assert.equal(watch.active()[0].value, 135, "the held alert carries the latest figure");
  assert.equal(watch.active()[0].since, new Date(Date.UTC(2026, 4, 1, 9, 0, 10)).toISOString());

  queue = { ...queue, longest_wait_s: 0 };
  clock.advance(5000);
  const after = events.filter((e) => e.type === "supervision.alert");
  assert.equal(after.length, 2);
  assert.equal(after[1].data.change, "cleared");
  assert.deepEqual(watch.active(), []);

  await webhook.idle();
  assert.deepEqual(
    posted.map((p) => (p as { event: string }).event),
    ["alert.raised", "alert.cleared"],
  );

  watch.close();
  queue = { ...queue, longest_wait_s: 500 };
  clock.advance(60_000);
  assert.equal(events.filter((e) => e.type === "supervision.alert").length, 2, "closed: no checks");
});

Deno.test("a failure to read live state is logged and does not stop later checks", () => {
  const clock = new VirtualClock();
  const logs: string[] = [];
  const log = createLogger("supervision", { sink: (l) => logs.push(l), level: "debug" });
  const hub = new EventHub(() => clock.now(), log);
  let broken = true;
  const watch = new AlertWatch({
    clock,
    hub,
    log,
    intervalMs: 1000,
    facts: () => {
      if (broken) throw new Error("engine rebuilding");
      return {
        queues: [],
        agents: [],
        trunks: [{ id: 1, name: "PBX", enabled: true, health: "down" }],
        thresholds: () => DEFAULT_THRESHOLDS,
      };
    },
  });
  watch.start();
  clock.advance(1000);
  assert.ok(logs.some((l) => l.includes("engine rebuilding")));
  broken = false;
  clock.advance(1000);
  assert.deepEqual(watch.active().map((a) => a.key), ["trunk_down:1"]);
  watch.close();
});
