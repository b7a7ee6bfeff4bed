import assert from "node:assert/strict";
import { DEMO_PASSWORD, testAppliance } from "../support/test_appliance.ts";

Deno.test("a supervisor creates a campaign, loads a CSV list, starts it and reads its board; each step audited", async () => {
  await using app = await testAppliance({ demo: true });
  const supervisor = app.client();
  await supervisor.login("super1", DEMO_PASSWORD);
  const created = await supervisor.post("/api/v1/campaigns", {
    name: "Renewals",
    mode: "progressive",
    caller_id: "4008007777",
    options: { retries: { busy: { times: 1, after_s: 300 } }, script: "Hello {name}" },
  });
  assert.equal(created.status, 201, await created.clone().text());
  const { campaign } = await created.json();
  assert.equal(campaign.state, "draft");
  assert.equal(campaign.options.max_attempts, 3);
  assert.equal(campaign.options.retries.no_answer.times, 2);

  const loaded = await supervisor.post(`/api/v1/campaigns/${campaign.id}/contacts`, {
    csv: "number,name\n13800138000,Wang Fang\nbad,Nobody\n",
  });
  const result = await loaded.json();
  assert.equal(result.added, 1);
  assert.deepEqual(result.rejected.map((r: { line: number }) => r.line), [3]);

  const started = await supervisor.post(`/api/v1/campaigns/${campaign.id}/state`, {
    state: "running",
  });
  assert.equal(started.status, 200);
  const wrong = await supervisor.post(`/api/v1/campaigns/${campaign.id}/state`, {
    state: "draft",
  });
  assert.equal(wrong.status, 409);
  assert.equal(
    (await supervisor.request("DELETE", `/api/v1/campaigns/${campaign.id}`)).status,
    409,
    "a running campaign is not deleted",
  );
  const board = await (await supervisor.get(`/api/v1/campaigns/${campaign.id}/board`)).json();
  assert.equal(board.contacts, 1);
  assert.equal(board.contacts_left, 1);
  assert.equal(board.abandon_cap, 0.03);
  const actions = app.db.all<{ action: string }>(
    "SELECT action FROM audit_log WHERE entity = 'campaigns' ORDER BY id",
  ).map((r) => r.action);
  assert.deepEqual(actions, [
    "POST /campaigns",
    "POST /campaigns/:id/contacts",
    "POST /campaigns/:id/state",
  ]);
});

Deno.test("agents read campaigns and their preview card but cannot change them", async () => {
  await using app = await testAppliance({ demo: true });
  const supervisor = app.client();
  await supervisor.login("super1", DEMO_PASSWORD);
  const { campaign } = await (await supervisor.post("/api/v1/campaigns", {
    name: "Care calls",
    mode: "preview",
  })).json();
  await supervisor.post(`/api/v1/campaigns/${campaign.id}/contacts`, {
    contacts: [{ number: "13900139000", name: "Li Lei" }],
  });
  const agent = app.client();
  await agent.login("agent1", DEMO_PASSWORD);
  assert.equal(
    (await agent.post("/api/v1/campaigns", { name: "Mine", mode: "preview" })).status,
    403,
  );
  assert.equal((await agent.get(`/api/v1/campaigns/${campaign.id}/preview`)).status, 409);
  await supervisor.post(`/api/v1/campaigns/${campaign.id}/state`, { state: "running" });
  const card = await (await agent.get(`/api/v1/campaigns/${campaign.id}/preview`)).json();
  assert.equal(card.contact.number, "+8613900139000");
  assert.equal(card.contact.name, "Li Lei");
  const skipped = await agent.post(
    `/api/v1/campaigns/${campaign.id}/preview/${card.contact.id}/skip`,
    { reason: "later" },
  );
  assert.equal(skipped.status, 200);
  const empty = await (await agent.get(`/api/v1/campaigns/${campaign.id}/preview`)).json();
  assert.equal(empty.contact, null);
});

Deno.test("a campaign naming a queue or trunk that is not there is refused at that field, created or replaced", async () => {
  await using app = await testAppliance({ demo: true });
  const supervisor = app.client();
  await supervisor.login("super1", DEMO_PASSWORD);
  const refused = await supervisor.post("/api/v1/campaigns", {
    name: "Nowhere",
    mode: "progressive",
    queue_id: 999,
    trunk_id: 998,
  });
  assert.equal(refused.status, 400);
  const { error } = await refused.json();
  assert.equal(error.code, "invalid_request");
  assert.deepEqual(
    error.details.issues.map((i: { path: string; code: string }) => [i.path, i.code]),
    [["queue_id", "unknown_queue"], ["trunk_id", "unknown_trunk"]],
  );
  assert.equal(app.db.get<{ n: number }>("SELECT count(*) AS n FROM campaigns")!.n, 0);

  const { campaign } = await (await supervisor.post("/api/v1/campaigns", {
    name: "Reminders",
    mode: "agentless",
  })).json();
  const replaced = await supervisor.request("PUT", `/api/v1/campaigns/${campaign.id}`, {
    name: "Reminders",
    mode: "agentless",
    options: {
      notice: { text: "Your appointment is tomorrow.", agent_digit: "1", agent_queue_id: 999 },
    },
  });
  assert.equal(replaced.status, 400);
  const body = await replaced.json();
  assert.deepEqual(
    body.error.details.issues.map((i: { path: string }) => i.path),
    ["options.notice.agent_queue_id"],
  );
  const kept = await (await supervisor.get(`/api/v1/campaigns/${campaign.id}`)).json();
  assert.equal(kept.campaign.options.notice.agent_queue_id, null, "the campaign is unchanged");
});
