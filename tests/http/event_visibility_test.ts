import assert from "node:assert/strict";
import { eventVisibility } from "../../src/http/event_visibility.ts";
import type { QueueDesk } from "../../src/queues/mod.ts";
import { testAppliance } from "../support/test_appliance.ts";

Deno.test("monitoring events reach supervisors always, and an agent only on their own call when the center allows it", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = app.users.byUsername("agent1")!;
  const supervisor = app.users.byUsername("super1")!;
  const lead = app.users.byUsername("lead1")!;
  // agent1 is on call c1.
  const desk = {
    agentView: (id: number) => {
      if (id !== agent.id) throw new Error("not an agent");
      return { callId: "c1" };
    },
  } as unknown as QueueDesk;
  const visible = eventVisibility({ desk, supervision: app.supervision });
  const started = (callId: string) => ({
    type: "monitor.started",
    at: "",
    data: { call_id: callId, mode: "listen" },
  });

  assert.equal(visible(supervisor, started("c1")), true);
  assert.equal(visible(lead, started("c1")), true);
  assert.equal(visible(agent, started("c1")), false, "silent monitoring by default");
  assert.equal(visible(agent, { type: "queue.status", at: "", data: {} }), true);

  app.supervision.settings.update({ agents_see_monitoring: true });
  assert.equal(visible(agent, started("c1")), true);
  assert.equal(visible(agent, started("c2")), false, "not somebody else's call");
  const qa = app.users.byUsername("qa1")!;
  assert.equal(visible(qa, started("c1")), false, "QA is not on the floor");
});

Deno.test("a case's SLA warning or breach reaches its owner, their lead and supervisors, no other agent", async () => {
  await using app = await testAppliance({ demo: true });
  const owner = app.users.byUsername("agent1")!;
  const other = app.users.byUsername("agent2")!;
  const lead = app.users.byUsername("lead1")!;
  const supervisor = app.users.byUsername("super1")!;
  const visible = eventVisibility({ desk: {} as QueueDesk, supervision: app.supervision });
  const breach = {
    type: "crm.case_sla",
    at: "",
    data: { case_id: 1, state: "breached", owner_id: owner.id, lead_ids: [lead.id] },
  };
  assert.equal(visible(owner, breach), true);
  assert.equal(visible(lead, breach), true);
  assert.equal(visible(supervisor, breach), true);
  assert.equal(visible(other, breach), false);
});
