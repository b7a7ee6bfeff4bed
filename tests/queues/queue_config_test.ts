import assert from "node:assert/strict";
import { AcdConfigError } from "../../src/acd/mod.ts";
import { DEFAULT_WRAP_UP_S, type QueueInput, QueueInputSchema } from "../../src/queues/mod.ts";
import { readAcdSetup } from "../../src/queues/queue_config.ts";
import { testAppliance } from "../support/test_appliance.ts";

function sales(app: { db: { get<T>(sql: string, ...p: unknown[]): T | undefined } }) {
  return app.db.get<{ id: number }>("SELECT id FROM queues WHERE name = 'Sales'")!.id;
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AcdConfigError, String(error));
    return error.problems;
  }
  assert.fail("the configuration was accepted");
}

Deno.test("the demo's queues, members, penalties and skills load into the engine configuration", async () => {
  await using app = await testAppliance({ demo: true });
  const setup = readAcdSetup(app.db);
  const byName = new Map([...setup.queues.values()].map((q) => [q.name, q]));
  assert.deepEqual([...byName.keys()].sort(), ["Complaints", "Sales", "Support"]);
  const salesQueue = setup.config.queues.find((q) => q.name === "Sales")!;
  assert.equal(salesQueue.strategy, "longest_idle");
  assert.deepEqual(salesQueue.skills.map((s) => [s.skill, s.minLevel]), [["sales", 1]]);
  assert.equal(salesQueue.wrapUpSeconds, DEFAULT_WRAP_UP_S);
  const agent1 = setup.config.agents.find((a) => setup.agents.get(a.id)?.username === "agent1")!;
  assert.equal(agent1.skills.sales, 8);
  assert.deepEqual(agent1.queues.map((m) => m.queueId), [String(sales(app))]);
  assert.equal(setup.agents.get(agent1.id)?.extension, "1001");
});

Deno.test("timers and overflow from the options column reach the engine", async () => {
  await using app = await testAppliance({ demo: true });
  const id = sales(app);
  const support = app.db.get<{ id: number }>("SELECT id FROM queues WHERE name = 'Support'")!.id;
  app.db.run(
    "UPDATE queues SET options = ? WHERE id = ?",
    JSON.stringify({
      ring_timeout_s: 12,
      wrap_up_s: 5,
      max_wait: { seconds: 300, target: { kind: "queue", queue_id: support } },
      announcements: { every_s: 45, first_after_s: 10 },
    }),
    id,
  );
  const q = readAcdSetup(app.db).config.queues.find((q) => q.id === String(id))!;
  assert.equal(q.ringTimeoutSeconds, 12);
  assert.equal(q.wrapUpSeconds, 5);
  assert.deepEqual(q.maxWait, {
    seconds: 300,
    target: { kind: "queue", queueId: String(support) },
  });
  assert.deepEqual(q.announcements, { everySeconds: 45, firstAfterSeconds: 10 });
});

Deno.test("configurations that cannot work are refused with the queue's and agents' names", async () => {
  await using app = await testAppliance({ demo: true });
  const id = sales(app);
  const support = app.db.get<{ id: number }>("SELECT id FROM queues WHERE name = 'Support'")!.id;
  const base = (change: Partial<QueueInput>): QueueInput =>
    QueueInputSchema.parse({ name: "Sales", strategy: "longest_idle", ...change });
  app.db.run("INSERT INTO skills (name) VALUES ('french')");

  assert.deepEqual(
    problemsOf(() =>
      readAcdSetup(app.db, {
        kind: "save",
        id,
        queue: base({ skills: [{ skill: "french", min_level: 1 }] }),
      })
    ),
    ['queue "Sales" requires skills no agent has (french ≥ 1)'],
  );
  assert.deepEqual(
    problemsOf(() =>
      readAcdSetup(app.db, { kind: "save", id, queue: base({ options: { ring_timeout_s: -3 } }) })
    ),
    ['queue "Sales" options.ring_timeout_s: ring timeout must be at least 1 s'],
  );
  assert.deepEqual(
    problemsOf(() =>
      readAcdSetup(app.db, { kind: "save", id, queue: base({ strategy: "random" }) })
    ),
    [
      'queue "Sales" strategy: unknown strategy "random"; use one of longest_idle, least_calls, ' +
      "fewest_handle_seconds, round_robin, ring_all, skills_weighted",
    ],
  );
  // Sales overflows to Support, and Support back to Sales.
  app.db.run(
    "UPDATE queues SET options = ? WHERE id = ?",
    JSON.stringify({ max_wait: { seconds: 60, target: { kind: "queue", queue_id: id } } }),
    support,
  );
  assert.deepEqual(
    problemsOf(() =>
      readAcdSetup(app.db, {
        kind: "save",
        id,
        queue: base({
          options: { max_wait: { seconds: 60, target: { kind: "queue", queue_id: support } } },
        }),
      })
    ),
    ["overflow loop between queues: Sales → Support → Sales"],
  );
  assert.deepEqual(
    problemsOf(() =>
      readAcdSetup(app.db, {
        kind: "save",
        id,
        queue: base({ members: [{ user_id: 999, penalty: 0 }] }),
      })
    ),
    ['queue "Sales" lists user 999, who is not an active user'],
  );
});
