import assert from "node:assert/strict";
import { testAppliance } from "../support/test_appliance.ts";
import { flowDoc } from "../ivr/_world.ts";
import { signedIn } from "./crm_helpers.ts";
import { MAILBOX } from "./mailbox_fixture.ts";

/** What the refusal says still uses the record, after checking it is the 409 every page reads. */
async function inUse(response: Response): Promise<{ message: string; in_use: unknown }> {
  const body = await response.json();
  assert.equal(response.status, 409, JSON.stringify(body));
  assert.equal(body.error.code, "conflict");
  return { message: body.error.message, in_use: body.error.details.in_use };
}

async function ok(response: Response, status: number) {
  const body = response.status === 204 ? null : await response.json();
  assert.equal(response.status, status, JSON.stringify(body));
  return body;
}

Deno.test("a call flow a queue has as its post-call survey cannot be deleted, and the refusal names the queue", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const { flow } = await ok(await admin.post("/api/v1/ivr/flows", { name: "Exit survey" }), 201);
  const { queue } = await ok(
    await admin.post("/api/v1/queues", {
      name: "Survey line",
      options: { survey_flow_id: flow.id },
    }),
    201,
  );

  const refused = await inUse(await admin.request("DELETE", `/api/v1/ivr/flows/${flow.id}`));
  assert.deepEqual(refused.in_use, { kind: "queues", names: ["Survey line"] });
  assert.match(refused.message, /survey of queue "Survey line"; change the queue's survey first/);
  await ok(await admin.get(`/api/v1/ivr/flows/${flow.id}`), 200);

  await ok(
    await admin.request("PUT", `/api/v1/queues/${queue.id}`, { name: "Survey line", options: {} }),
    200,
  );
  await ok(await admin.request("DELETE", `/api/v1/ivr/flows/${flow.id}`), 204);
  await ok(await admin.get(`/api/v1/ivr/flows/${flow.id}`), 404);
});

Deno.test("a queue a mailbox hands its e-mails to cannot be removed, and the refusal names the mailbox", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const { queue } = await ok(await admin.post("/api/v1/queues", { name: "Letters" }), 201);
  const { mailbox } = await ok(
    await admin.post("/api/v1/mailboxes", { ...MAILBOX, queue_id: queue.id }),
    201,
  );

  const refused = await inUse(await admin.request("DELETE", `/api/v1/queues/${queue.id}`));
  assert.deepEqual(refused.in_use, { kind: "mailboxes", names: ["Support"] });
  assert.match(refused.message, /Mailbox "Support" .* choose another queue for it first/);
  await ok(await admin.get(`/api/v1/queues/${queue.id}`), 200);

  await ok(
    await admin.request("PATCH", `/api/v1/mailboxes/${mailbox.id}`, { queue_id: null }),
    200,
  );
  await ok(await admin.request("DELETE", `/api/v1/queues/${queue.id}`), 204);
  await ok(await admin.get(`/api/v1/queues/${queue.id}`), 404);
});

Deno.test("a queue or team that someone's saved reports are about can still be removed, and such a report then says it is gone", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const supervisor = await signedIn(app, "super1");
  const { queue } = await ok(await admin.post("/api/v1/queues", { name: "Letters" }), 201);
  const { team } = await ok(await admin.post("/api/v1/teams", { name: "Night shift" }), 201);
  for (const [name, scope, id] of [["Letters", "queue", queue.id], ["Night", "team", team.id]]) {
    await ok(
      await supervisor.post("/api/v1/reports/saved", {
        name,
        definition: { view: "figures", days: 7, scope, id },
      }),
      201,
    );
  }
  await ok(await admin.request("DELETE", `/api/v1/queues/${queue.id}`), 204);
  await ok(await admin.request("DELETE", `/api/v1/teams/${team.id}`), 204);
  const period = { from: "2026-12-01", to: "2026-12-02", interval: "day", tz: "UTC" };
  for (const [scope, id] of [["queue", queue.id], ["team", team.id]]) {
    const run = await supervisor.get(
      `/api/v1/reports/figures?${new URLSearchParams({ ...period, scope, id: String(id) })}`,
    );
    const body = await run.json();
    assert.equal(run.status, 400, JSON.stringify(body));
    assert.match(body.error.message, new RegExp(`There is no ${scope} ${id}`));
  }
  const { saved } = await ok(await supervisor.get("/api/v1/reports/saved"), 200);
  assert.equal(saved.length, 2, "the owner's reports are kept for them to change or delete");
});

Deno.test("the trunk the outbound policy dials out on cannot be removed, and the refusal names the policy", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const { trunk } = await ok(
    await admin.post("/api/v1/trunks", {
      name: "Carrier",
      host: "192.0.2.1",
      allow_cidrs: ["192.0.2.1/32"],
    }),
    201,
  );
  const { policy } = await ok(await admin.get("/api/v1/outbound/policy"), 200);
  await ok(
    await admin.request("PUT", "/api/v1/outbound/policy", { ...policy, trunk_id: trunk.id }),
    200,
  );
  const stillThere = async () =>
    (await ok(await admin.get("/api/v1/trunks"), 200)).trunks.some((t: { id: number }) =>
      t.id === trunk.id
    );

  const refused = await inUse(await admin.request("DELETE", `/api/v1/trunks/${trunk.id}`));
  assert.deepEqual(refused.in_use, { kind: "settings", names: ["outbound_policy"] });
  assert.match(refused.message, /choose another trunk for it first/);
  assert.ok(await stillThere());

  await ok(
    await admin.request("PUT", "/api/v1/outbound/policy", { ...policy, trunk_id: null }),
    200,
  );
  await ok(await admin.request("DELETE", `/api/v1/trunks/${trunk.id}`), 204);
  assert.ok(!await stillThere());
});

Deno.test("a queue a published flow sends callers to cannot be removed or renamed, and the refusal names the flow", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const { queue } = await ok(await admin.post("/api/v1/queues", { name: "Letters" }), 201);
  const { flow } = await ok(await admin.post("/api/v1/ivr/flows", { name: "Letters line" }), 201);
  const routing = flowDoc({ a: { type: "queue", queue: "Letters" } });
  await ok(await admin.request("PUT", `/api/v1/ivr/flows/${flow.id}/draft`, routing), 200);
  await ok(await admin.post(`/api/v1/ivr/flows/${flow.id}/publish`), 200);

  const removed = await inUse(await admin.request("DELETE", `/api/v1/queues/${queue.id}`));
  assert.deepEqual(removed.in_use, { kind: "flows", names: ["Letters line"] });
  assert.match(removed.message, /Published flow "Letters line" sends callers to queue "Letters"/);
  const renamed = await inUse(
    await admin.request("PUT", `/api/v1/queues/${queue.id}`, { name: "Post" }),
  );
  assert.deepEqual(renamed.in_use, { kind: "flows", names: ["Letters line"] });
  assert.match(renamed.message, /naming it "Post" would leave them nowhere to go/);
  assert.equal(
    (await ok(await admin.get(`/api/v1/queues/${queue.id}`), 200)).queue.name,
    "Letters",
  );
  await ok(await admin.request("PUT", `/api/v1/queues/${queue.id}`, { name: "Letters" }), 200);

  const elsewhere = flowDoc({ a: { type: "hangup" } });
  await ok(await admin.request("PUT", `/api/v1/ivr/flows/${flow.id}/draft`, elsewhere), 200);
  await ok(await admin.post(`/api/v1/ivr/flows/${flow.id}/publish`), 200);
  await ok(await admin.request("PUT", `/api/v1/queues/${queue.id}`, { name: "Post" }), 200);
  await ok(await admin.request("DELETE", `/api/v1/queues/${queue.id}`), 204);
});

Deno.test("a queue a campaign puts its calls through to cannot be removed, and the refusal names the campaign", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const { queue } = await ok(await admin.post("/api/v1/queues", { name: "Renewals desk" }), 201);
  const { campaign } = await ok(
    await admin.post("/api/v1/campaigns", {
      name: "Winter renewals",
      mode: "progressive",
      queue_id: queue.id,
      caller_id: "4008007777",
    }),
    201,
  );
  const refused = await inUse(await admin.request("DELETE", `/api/v1/queues/${queue.id}`));
  assert.deepEqual(refused.in_use, { kind: "campaigns", names: ["Winter renewals"] });
  assert.match(refused.message, /stop it or choose another queue first/);
  const kept = await ok(await admin.get(`/api/v1/campaigns/${campaign.id}`), 200);
  assert.equal(kept.campaign.queue_id, queue.id, "the campaign keeps its queue");

  await ok(await admin.request("DELETE", `/api/v1/campaigns/${campaign.id}`), 204);
  await ok(await admin.request("DELETE", `/api/v1/queues/${queue.id}`), 204);
});

Deno.test("a flow other published flows go to or survey with cannot be renamed or deleted, and the refusal names them", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const create = async (name: string, nodes: Record<string, Record<string, unknown>>) => {
    const { flow } = await ok(await admin.post("/api/v1/ivr/flows", { name }), 201);
    await ok(await admin.request("PUT", `/api/v1/ivr/flows/${flow.id}/draft`, flowDoc(nodes)), 200);
    await ok(await admin.post(`/api/v1/ivr/flows/${flow.id}/publish`), 200);
    return flow;
  };
  await ok(await admin.post("/api/v1/queues", { name: "Letters" }), 201);
  const survey = await create("Exit survey", { a: { type: "hangup" } });
  const line = await create("Letters line", {
    a: { type: "queue", queue: "Letters", survey: "Exit survey" },
  });
  const night = await create("Night line", { a: { type: "goto", flow: "Exit survey" } });

  const removed = await inUse(await admin.request("DELETE", `/api/v1/ivr/flows/${survey.id}`));
  assert.deepEqual(removed.in_use, { kind: "flows", names: ["Letters line", "Night line"] });
  assert.match(
    removed.message,
    /Published flows "Letters line", "Night line" hand callers on to flow "Exit survey" by its name; removing it/,
  );
  const renamed = await inUse(
    await admin.request("PATCH", `/api/v1/ivr/flows/${survey.id}`, { name: "Survey" }),
  );
  assert.deepEqual(renamed.in_use, { kind: "flows", names: ["Letters line", "Night line"] });
  assert.equal(
    (await ok(await admin.get(`/api/v1/ivr/flows/${survey.id}`), 200)).flow.name,
    "Exit survey",
  );
  // Its description can still change, and so can the flows that lead to it.
  await ok(
    await admin.request("PATCH", `/api/v1/ivr/flows/${survey.id}`, { description: "CSAT" }),
    200,
  );
  await ok(await admin.request("PATCH", `/api/v1/ivr/flows/${night.id}`, { name: "Nights" }), 200);

  for (const flow of [line, night]) {
    const elsewhere = flowDoc({ a: { type: "hangup" } });
    await ok(await admin.request("PUT", `/api/v1/ivr/flows/${flow.id}/draft`, elsewhere), 200);
    await ok(await admin.post(`/api/v1/ivr/flows/${flow.id}/publish`), 200);
  }
  await ok(await admin.request("PATCH", `/api/v1/ivr/flows/${survey.id}`, { name: "Survey" }), 200);
  await ok(await admin.request("DELETE", `/api/v1/ivr/flows/${survey.id}`), 204);
});
