import assert from "node:assert/strict";
import { csatFigures } from "../../src/surveys/mod.ts";
import { DEMO_PASSWORD, testAppliance } from "../support/test_appliance.ts";

type App = Awaited<ReturnType<typeof testAppliance>>;

/**
 * A hand-computed log: agent2 was surveyed on three calls on 6 December (scores 5+4,
 * then 2, then none given) and once on 7 December (3); agent5 once (5).
 */
function seed(app: App) {
  const id = (username: string) => app.users.byUsername(username)!.id;
  const sales = app.db.get<{ id: number }>("SELECT id FROM queues WHERE name = 'Sales'")!.id;
  const agents = { agent2: id("agent2"), agent5: id("agent5") };
  const calls: [string, keyof typeof agents, string, number[]][] = [
    ["c1", "agent2", "2026-12-06T09:00:00.000Z", [5, 4]],
    ["c2", "agent2", "2026-12-06T10:00:00.000Z", [2]],
    ["c3", "agent2", "2026-12-06T11:00:00.000Z", []],
    ["c4", "agent2", "2026-12-07T09:00:00.000Z", [3]],
    ["c5", "agent5", "2026-12-06T12:00:00.000Z", [5]],
  ];
  for (const [call, agent, at, scores] of calls) {
    app.db.run(
      `INSERT INTO calls (id, direction, state, caller, queue_id, agent_id, started_at)
       VALUES (?, 'inbound', 'ended', '+861', ?, ?, ?)`,
      call,
      sales,
      agents[agent],
      at,
    );
    app.db.run(
      `INSERT INTO call_events (call_id, at, type, queue_id, agent_id, data)
       VALUES (?, ?, 'survey.offered', ?, ?, '{}')`,
      call,
      at,
      sales,
      agents[agent],
    );
    scores.forEach((score, i) =>
      app.db.run(
        `INSERT INTO surveys (call_id, agent_id, question, score, created_at)
         VALUES (?, ?, ?, ?, ?)`,
        call,
        agents[agent],
        `q${i}`,
        score,
        at,
      )
    );
  }
  return { sales, agents };
}

Deno.test("csatFigures() gives each agent's average, share at 4–5 and response rate", async () => {
  await using app = await testAppliance({ demo: true });
  const { agents } = seed(app);
  const rows = csatFigures(app.db, { by: "agent" });
  const agent2 = rows.find((r) => r.key === String(agents.agent2));
  // Scores 5, 4, 2, 3: average 3.5; two of four at 4–5; 3 of 4 surveyed calls answered.
  assert.deepEqual(agent2, {
    key: String(agents.agent2),
    label: "agent2",
    offered: 4,
    responded: 3,
    scores: 4,
    average: 3.5,
    satisfied_pct: 50,
    response_rate_pct: 75,
  });
  assert.equal(rows.find((r) => r.key === String(agents.agent5))?.average, 5);
});

Deno.test("csatFigures() limits to a period and groups by day or queue", async () => {
  await using app = await testAppliance({ demo: true });
  const { sales, agents } = seed(app);
  const day = csatFigures(app.db, {
    by: "agent",
    agent_id: agents.agent2,
    from: "2026-12-06T00:00:00Z",
    to: "2026-12-07T00:00:00Z",
  });
  assert.equal(day.length, 1);
  assert.equal(day[0].average, 3.67);
  assert.equal(day[0].satisfied_pct, 66.7);
  assert.equal(day[0].response_rate_pct, 66.7);
  const byDay = csatFigures(app.db, { by: "day" });
  assert.deepEqual(byDay.map((r) => [r.key, r.scores, r.offered]), [
    ["2026-12-06", 4, 4],
    ["2026-12-07", 1, 1],
  ]);
  const byQueue = csatFigures(app.db, { by: "queue" });
  assert.deepEqual(byQueue.map((r) => [r.label, r.key, r.average]), [[
    "Sales",
    String(sales),
    3.8,
  ]]);
});

Deno.test("GET /surveys/csat shows an agent only their own figures; supervisors see all", async () => {
  await using app = await testAppliance({ demo: true });
  const { agents } = seed(app);
  const agent = app.client();
  await agent.login("agent2", DEMO_PASSWORD);
  const mine = await (await agent.get("/api/v1/surveys/csat")).json();
  assert.deepEqual(mine.rows.map((r: { label: string }) => r.label), ["agent2"]);
  const other = await agent.get(`/api/v1/surveys/csat?agent_id=${agents.agent5}`);
  assert.equal(other.status, 403);
  await other.body?.cancel();
  const lead = app.client();
  await lead.login("super1", DEMO_PASSWORD);
  const all = await (await lead.get("/api/v1/surveys/csat?by=agent")).json();
  assert.deepEqual(all.rows.map((r: { label: string }) => r.label), ["agent2", "agent5"]);
  const scores = await (await lead.get("/api/v1/surveys?call_id=c1")).json();
  assert.deepEqual(scores.scores.map((s: { score: number }) => s.score), [5, 4]);
  const bad = await lead.get("/api/v1/surveys/csat?by=year");
  assert.equal(bad.status, 400);
  await bad.body?.cancel();
});
