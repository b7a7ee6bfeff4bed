import assert from "node:assert/strict";
import { testAppliance } from "../support/test_appliance.ts";
import { signedIn, userId } from "./crm_helpers.ts";

async function json(response: Response, status = 200) {
  const body = await response.json();
  assert.equal(response.status, status, JSON.stringify(body));
  return body;
}

Deno.test("an agent past their reason's time limit is flagged to supervisors naming the reason, and their desktop gets the limit", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  const id = userId(app, "agent1");
  const lunch = await json(
    await agent.post("/api/v1/agents/me/state", { state: "not_ready", reason: "lunch" }),
  );
  // The demo's lunch: unpaid, an hour at most.
  assert.deepEqual(
    [lunch.agent.reason, lunch.agent.reason_limit_s, lunch.agent.reason_paid],
    ["lunch", 3600, false],
  );
  const since = Date.parse(lunch.agent.since);

  app.clock.advance(3599_000);
  app.supervision.alerts.check();
  assert.equal(
    app.supervision.alerts.active().some((a) => a.agent_id === id),
    false,
    "an hour's lunch is not flagged at the queues' not-ready limit",
  );
  app.clock.advance(2_000);
  app.supervision.alerts.check();
  const alert = app.supervision.alerts.active().find((a) => a.agent_id === id);
  assert.deepEqual(
    [alert?.kind, alert?.state, alert?.reason, alert?.limit],
    ["agent_state", "not_ready", "Lunch", 3600],
  );
  assert.equal(alert?.value, Math.floor((app.clock.now() - since) / 1000));

  const lead = await signedIn(app, "lead1");
  const listed = await json(await lead.get("/api/v1/supervision/alerts"));
  assert.ok(
    JSON.stringify(listed).includes('"reason":"Lunch"'),
    "supervisors read the reason in the alert",
  );
});

Deno.test("the agent-state report splits not-ready time into paid and unpaid breaks", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const codes = (await json(await admin.get("/api/v1/reason-codes"))).reason_codes as {
    code: string;
    paid: boolean;
  }[];
  assert.deepEqual(codes.filter((r) => r.paid).map((r) => r.code), [
    "break",
    "training",
    "meeting",
  ]);
  const agent = await signedIn(app, "agent1");
  const from = new Date(Math.ceil(app.clock.now() / 3_600_000) * 3_600_000);
  app.clock.advance(from.getTime() - app.clock.now());
  await json(await agent.post("/api/v1/agents/me/state", { state: "not_ready", reason: "break" }));
  app.clock.advance(10 * 60_000);
  await json(await agent.post("/api/v1/agents/me/state", { state: "not_ready", reason: "lunch" }));
  app.clock.advance(30 * 60_000);
  await json(await agent.post("/api/v1/agents/me/state", { state: "logged_out" }));
  app.clock.advance(20 * 60_000);
  const to = new Date(from.getTime() + 3_600_000);
  const query = new URLSearchParams({
    from: from.toISOString(),
    to: to.toISOString(),
    scope: "agent",
    id: String(userId(app, "agent1")),
  });
  const time = await json(await admin.get(`/api/v1/reports/agent-states?${query}`));
  assert.equal(time.by_reason.break, 600_000);
  assert.equal(time.by_reason.lunch, 1_800_000);
  assert.deepEqual(time.breaks, {
    paid_ms: 600_000,
    unpaid_ms: 1_800_000,
    total_ms: 2_400_000,
  });
});
