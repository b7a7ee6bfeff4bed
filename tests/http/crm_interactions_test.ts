import assert from "node:assert/strict";
import { testAppliance } from "../support/test_appliance.ts";
import { auditRows, signedIn, userId } from "./crm_helpers.ts";

type App = Awaited<ReturnType<typeof testAppliance>>;

function queueId(app: App, name: string): number {
  return app.db.get<{ id: number }>("SELECT id FROM queues WHERE name = ?", name)!.id;
}

Deno.test("a contact is recorded, wrapped up with a disposition and shown on the customer's timeline", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  const customer =
    (await (await agent.get("/api/v1/customers/lookup?phone=13800138000")).json()).match.customer;
  const started = new Date(app.clock.now()).toISOString();
  const created = await agent.post("/api/v1/interactions", {
    customer_id: customer.id,
    channel: "call",
    direction: "inbound",
    queue_id: queueId(app, "Sales"),
    started_at: started,
    answered_at: started,
  });
  assert.equal(created.status, 201);
  const { interaction } = await created.json();
  assert.equal(interaction.agent_id, userId(app, "agent1"));
  const wrongCode = await agent.request("PATCH", `/api/v1/interactions/${interaction.id}`, {
    disposition: "escalated",
  });
  assert.equal(wrongCode.status, 400);
  assert.match((await wrongCode.json()).error.message, /not used by queue/);
  const wrapped = await agent.request("PATCH", `/api/v1/interactions/${interaction.id}`, {
    disposition: "sale",
    notes: "Ordered 20 units",
    category: "order",
  });
  assert.equal(wrapped.status, 200);
  assert.equal((await wrapped.json()).interaction.disposition, "sale");
  const timeline = await (await agent.get(`/api/v1/customers/${customer.id}/interactions`)).json();
  assert.equal(timeline.interactions[0].notes, "Ordered 20 units");
  assert.equal(timeline.interactions[0].queue, "Sales");
  assert.equal(timeline.interactions[0].agent, "Li Na");
  const pop = await (await agent.get("/api/v1/customers/lookup?phone=13800138000")).json();
  assert.equal(pop.match.interactions[0].id, interaction.id);
  assert.equal(pop.match.last_agent.id, userId(app, "agent1"));
  assert.equal(auditRows(app, "PATCH /interactions/:id").length, 1);
  assert.equal(
    (await agent.post("/api/v1/interactions", { channel: "fax", direction: "inbound" })).status,
    400,
  );
});

Deno.test("FCR over the API counts resolved calls without a repeat on the same category", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  const pop = async (phone: string) =>
    (await (await agent.get(`/api/v1/customers/lookup?phone=${phone}`)).json()).match.customer.id;
  const zhou = await pop("13800138000");
  const huang = await pop("13911112222");
  const t0 = app.clock.now();
  const at = (hours: number) => new Date(t0 + hours * 3_600_000).toISOString();
  const contact = (customer: number, hours: number, disposition: string, category: string) =>
    agent.post("/api/v1/interactions", {
      customer_id: customer,
      channel: "call",
      direction: "inbound",
      started_at: at(hours),
      answered_at: at(hours),
      disposition,
      category,
    });
  await contact(zhou, 0, "resolved", "billing"); // repeated at hour 30 → not FCR
  await contact(huang, 1, "resolved", "delivery"); // FCR
  await contact(zhou, 30, "info_given", "billing"); // FCR (nothing after)
  await contact(huang, 2, "callback", "refund"); // does not resolve
  const lead = await signedIn(app, "lead1");
  const response = await lead.get(`/api/v1/crm/fcr?from=${at(-1)}&to=${at(48)}`);
  assert.equal(response.status, 200);
  const fcr = await response.json();
  assert.deepEqual([fcr.answered, fcr.resolved_first_contact, fcr.rate, fcr.window_days], [
    4,
    2,
    50,
    7,
  ]);
  assert.equal((await agent.get(`/api/v1/crm/fcr?from=${at(-1)}&to=${at(48)}`)).status, 403);
  assert.equal((await lead.get(`/api/v1/crm/fcr?from=${at(2)}&to=${at(1)}`)).status, 400);
});

Deno.test("dispositions are listed per queue and managed by admins", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  const complaints = queueId(app, "Complaints");
  const listed = await (await agent.get(`/api/v1/dispositions?queue_id=${complaints}`)).json();
  assert.deepEqual(
    listed.dispositions.map((d: { code: string }) => d.code),
    ["callback", "escalated", "resolved", "wrong_number"],
  );
  assert.equal((await agent.post("/api/v1/dispositions", { code: "x", label: "X" })).status, 403);
  const admin = await signedIn(app, "admin");
  const created = await admin.post("/api/v1/dispositions", {
    code: "refund_issued",
    label: "Refund issued",
    resolves: true,
    queue_ids: [complaints],
  });
  assert.equal(created.status, 201);
  const { disposition } = await created.json();
  assert.deepEqual([disposition.resolves, disposition.queue_ids], [true, [complaints]]);
  const duplicate = await admin.post("/api/v1/dispositions", {
    code: "refund_issued",
    label: "Again",
  });
  assert.equal(duplicate.status, 400);
  const patched = await admin.request("PATCH", `/api/v1/dispositions/${disposition.id}`, {
    resolves: false,
    active: false,
  });
  assert.equal((await patched.json()).disposition.resolves, false);
  const after = await (await agent.get(`/api/v1/dispositions?queue_id=${complaints}`)).json();
  assert.ok(!after.dispositions.some((d: { code: string }) => d.code === "refund_issued"));
  assert.equal(auditRows(app, "POST /dispositions")[0].entity_id, String(disposition.id));
});

Deno.test("supervisors export contacts of a period as CSV", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  await agent.post("/api/v1/interactions", {
    channel: "chat",
    direction: "inbound",
    notes: '=HYPERLINK("x")',
  });
  const lead = await signedIn(app, "lead1");
  const text = await (await lead.get("/api/v1/interactions/export")).text();
  const lines = text.trim().split("\r\n").length > 1
    ? text.trim().split("\r\n")
    : text.trim().split("\n");
  assert.equal(lines.length, 2);
  assert.match(lines[1], /chat,inbound/);
  assert.match(lines[1], /"'=HYPERLINK\(""x""\)"/, "formulas are defused for spreadsheets");
});

Deno.test("a contact naming a customer, queue, agent, recording or call that is not there is refused at each field, recorded or wrapped up", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  const count = () => app.db.get<{ n: number }>("SELECT count(*) AS n FROM interactions")!.n;
  const refused = await agent.post("/api/v1/interactions", {
    channel: "call",
    direction: "inbound",
    customer_id: 999,
    queue_id: 998,
    agent_id: 997,
    recording_id: 996,
    call_id: "no-such-call",
  });
  assert.equal(refused.status, 400);
  const { error } = await refused.json();
  assert.equal(error.code, "invalid_request");
  assert.deepEqual(
    error.details.issues.map((i: { path: string; code: string }) => [i.path, i.code]),
    [
      ["customer_id", "unknown_customer"],
      ["queue_id", "unknown_queue"],
      ["agent_id", "unknown_agent"],
      ["recording_id", "unknown_recording"],
      ["call_id", "unknown_call"],
    ],
  );
  assert.equal(count(), 0, "nothing was recorded");

  const { interaction } = await (await agent.post("/api/v1/interactions", {
    channel: "call",
    direction: "inbound",
    queue_id: queueId(app, "Sales"),
  })).json();
  const wrapped = await agent.request("PATCH", `/api/v1/interactions/${interaction.id}`, {
    customer_id: 999,
    recording_id: 996,
    notes: "Asked about delivery",
  });
  assert.equal(wrapped.status, 400);
  assert.deepEqual(
    (await wrapped.json()).error.details.issues.map((i: { path: string }) => i.path),
    ["customer_id", "recording_id"],
  );
  const kept = app.db.get<{ customer_id: number | null; notes: string }>(
    "SELECT customer_id, notes FROM interactions WHERE id = ?",
    interaction.id,
  );
  assert.deepEqual({ ...kept }, { customer_id: null, notes: "" }, "the contact is unchanged");
});
