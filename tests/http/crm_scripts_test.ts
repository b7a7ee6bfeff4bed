import assert from "node:assert/strict";
import { testAppliance } from "../support/test_appliance.ts";
import { auditRows, signedIn } from "./crm_helpers.ts";

Deno.test("a script is filled from the customer, the call and the agent, with HTML escaped", async () => {
  await using app = await testAppliance({ demo: true });
  const lead = await signedIn(app, "lead1");
  const bad = await lead.post("/api/v1/scripts", { name: "Bad", body: "Hi {{customer.password}}" });
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error.message, /Unknown script variable: customer.password/);
  const created = await lead.post("/api/v1/scripts", {
    name: "Greeting",
    body:
      "您好，{{customer.name|先生/女士}}，我是{{agent.name}}。您拨打的是{{call.queue}}热线 <b>{{customer.company}}</b>",
  });
  assert.equal(created.status, 201);
  const { script } = await created.json();
  assert.equal(auditRows(app, "POST /scripts")[0].entity_id, String(script.id));

  const agent = await signedIn(app, "agent1");
  const customer =
    (await (await agent.post("/api/v1/customers", { name: "<script>x</script>", company: "A & B" }))
      .json()).customer;
  const rendered = await (await agent.get(
    `/api/v1/scripts/${script.id}/render?customer_id=${customer.id}&queue=Sales`,
  )).json();
  assert.equal(
    rendered.text,
    "您好，<script>x</script>，我是Li Na。您拨打的是Sales热线 <b>A & B</b>",
  );
  assert.equal(
    rendered.html,
    "您好，&#60;script&#62;x&#60;/script&#62;，我是Li Na。您拨打的是Sales热线 &#60;b&#62;A &#38; B&#60;/b&#62;",
  );
  const anonymous = await (await agent.get(`/api/v1/scripts/${script.id}/render`)).json();
  assert.match(anonymous.text, /^您好，先生\/女士，/);
  assert.deepEqual(anonymous.missing, ["call.queue", "customer.company"]);
  const list = await (await agent.get("/api/v1/scripts")).json();
  assert.equal(list.scripts.length, 1);
  assert.ok(list.variables.includes("customer.name"));
  assert.equal((await agent.request("DELETE", `/api/v1/scripts/${script.id}`)).status, 403);
  assert.equal(
    (await lead.request("PATCH", `/api/v1/scripts/${script.id}`, { body: "Bye {{agent.name}}" }))
      .status,
    200,
  );
  assert.equal((await lead.request("DELETE", `/api/v1/scripts/${script.id}`)).status, 204);
  assert.equal((await agent.get(`/api/v1/scripts/${script.id}`)).status, 404);
});

Deno.test("an unsaved script is previewed with a sample customer's values and its unknown variables", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  assert.equal(
    (await admin.post("/api/v1/crm/custom-fields", { key: "plan", label: "Plan", type: "text" }))
      .status,
    201,
  );
  const customer = (await (await admin.post("/api/v1/customers", {
    name: "Sample Person",
    custom_fields: { plan: "Gold" },
  })).json()).customer;
  const response = await admin.post("/api/v1/scripts/preview", {
    body: "Hello {{customer.name}} on {{customer.custom.plan}} in {{call.queue}} {{customer.pin}}",
    customer_id: customer.id,
    queue: "Sales",
  });
  assert.equal(response.status, 200);
  const preview = await response.json();
  assert.equal(preview.text, "Hello Sample Person on Gold in Sales ");
  assert.deepEqual(preview.unknown, ["customer.pin"]);
  assert.deepEqual(preview.missing, ["customer.pin"]);
  assert.equal(
    (await app.db.get<{ n: number }>("SELECT count(*) AS n FROM scripts"))!.n,
    0,
    "a preview saves nothing",
  );
  const sample = await (await admin.post("/api/v1/scripts/preview", {
    body: "{{customer.name}} ({{customer.custom.plan}}), {{customer.tags}}",
    sample_customer: { name: "Zhang Wei", tags: ["vip", "new"], custom: { plan: "Silver" } },
  })).json();
  assert.equal(sample.text, "Zhang Wei (Silver), vip, new");
  const agent = await signedIn(app, "agent1");
  assert.equal((await agent.post("/api/v1/scripts/preview", { body: "Hi" })).status, 403);
  assert.equal(
    (await admin.post("/api/v1/scripts/preview", { body: "Hi", customer_id: 999_999 })).status,
    404,
  );
});

Deno.test("a script shown on a queue that is not there is refused at that field, written or changed", async () => {
  await using app = await testAppliance({ demo: true });
  const lead = await signedIn(app, "lead1");
  const refused = await lead.post("/api/v1/scripts", { name: "Lost", queue_id: 999, body: "Hi" });
  assert.equal(refused.status, 400);
  const { error } = await refused.json();
  assert.equal(error.code, "invalid_request");
  assert.deepEqual(error.details.issues, [
    { path: "queue_id", message: "there is no queue 999", code: "unknown_queue" },
  ]);
  assert.equal(app.db.get<{ n: number }>("SELECT count(*) AS n FROM scripts")!.n, 0);

  const { script } = await (await lead.post("/api/v1/scripts", { name: "Kept", body: "Hi" }))
    .json();
  const changed = await lead.request("PATCH", `/api/v1/scripts/${script.id}`, { queue_id: 999 });
  assert.equal(changed.status, 400);
  assert.equal((await changed.json()).error.details.issues[0].path, "queue_id");
  const kept = app.db.get<{ queue_id: number | null }>(
    "SELECT queue_id FROM scripts WHERE id = ?",
    script.id,
  );
  assert.equal(kept?.queue_id, null, "the script is unchanged");
});
