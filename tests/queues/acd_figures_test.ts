import assert from "node:assert/strict";
import { startOfToday, TodayQueueCounters } from "../../src/queues/acd_figures.ts";
import { isoTime } from "../../src/db/mod.ts";
import { testAppliance } from "../support/test_appliance.ts";

type App = Awaited<ReturnType<typeof testAppliance>>;

function queueId(app: App, name: string): number {
  return app.db.get<{ id: number }>("SELECT id FROM queues WHERE name = ?", name)!.id;
}

function logEvent(app: App, at: number, type: string, queue: number, data: object): void {
  app.db.run(
    "INSERT INTO call_events (call_id, at, type, queue_id, data) VALUES (?, ?, ?, ?, ?)",
    crypto.randomUUID(),
    isoTime(at),
    type,
    queue,
    JSON.stringify(data),
  );
}

Deno.test("today's queue counters add the events logged since the last read", async () => {
  await using app = await testAppliance({ demo: true });
  const sales = queueId(app, "Sales");
  const now = app.clock.now();
  const today = new TodayQueueCounters(app.db);
  logEvent(app, now, "queue.entered", sales, {});
  logEvent(app, now, "queue.answered", sales, { wait_ms: 5_000 });
  assert.deepEqual(
    [today.at(now).get(sales)?.offered, today.at(now).get(sales)?.answered],
    [1, 1],
  );
  logEvent(app, now + 1, "queue.entered", sales, {});
  logEvent(app, now + 1, "queue.abandoned", sales, { wait_ms: 30_000, short: 0 });
  logEvent(app, now + 1, "queue.entered", sales, {});
  logEvent(app, now + 1, "queue.answered", sales, { wait_ms: 90_000 });
  const sum = today.at(now + 2).get(sales)!;
  assert.deepEqual(
    {
      offered: sum.offered,
      answered: sum.answered,
      within: sum.answeredWithinThreshold,
      waited: sum.answeredWaitMs,
      abandoned: sum.abandoned,
      abandonedWaitMs: sum.abandonedWaitMs,
    },
    { offered: 3, answered: 2, within: 1, waited: 95_000, abandoned: 1, abandonedWaitMs: 30_000 },
  );
});

Deno.test("today's queue counters start again from zero at local midnight", async () => {
  await using app = await testAppliance({ demo: true });
  const sales = queueId(app, "Sales");
  const now = app.clock.now();
  const today = new TodayQueueCounters(app.db);
  logEvent(app, now, "queue.entered", sales, {});
  assert.equal(today.at(now).get(sales)?.offered, 1);
  const tomorrow = startOfToday(now) + 24 * 3600_000 + 60_000;
  assert.equal(today.at(tomorrow).get(sales), undefined);
  logEvent(app, tomorrow, "queue.entered", sales, {});
  assert.equal(today.at(tomorrow).get(sales)?.offered, 1);
});

Deno.test("a changed service-level threshold recounts the day's answers within it", async () => {
  await using app = await testAppliance({ demo: true });
  const sales = queueId(app, "Sales");
  const now = app.clock.now();
  app.db.run("UPDATE queues SET service_level_s = 20 WHERE id = ?", sales);
  const today = new TodayQueueCounters(app.db);
  logEvent(app, now, "queue.answered", sales, { wait_ms: 30_000 });
  assert.equal(today.at(now).get(sales)?.answeredWithinThreshold, 0);
  app.db.run("UPDATE queues SET service_level_s = 60 WHERE id = ?", sales);
  assert.equal(today.at(now).get(sales)?.answeredWithinThreshold, 0, "read before the recount");
  today.invalidate();
  assert.equal(today.at(now).get(sales)?.answeredWithinThreshold, 1);
  assert.equal(today.at(now).get(sales)?.answered, 1, "nothing counted twice");
});
