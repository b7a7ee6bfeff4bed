import assert from "node:assert/strict";
import { testAppliance } from "../support/test_appliance.ts";
import { auditRows, signedIn } from "./crm_helpers.ts";

Deno.test("the screen pop finds a demo customer by any spelling of the number and logs the read", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  const response = await agent.get(
    `/api/v1/customers/lookup?phone=${encodeURIComponent("+86 138-0013-8000")}`,
  );
  assert.equal(response.status, 200);
  const pop = await response.json();
  assert.equal(pop.phone, "+8613800138000");
  assert.equal(pop.match.customer.name, "Zhou Xiaoming");
  assert.equal(pop.match.vip, 2);
  assert.equal(pop.match.open_cases[0].subject, "Delivery delayed for order 88231");
  assert.ok(pop.match.last_agent.name);
  const reads = auditRows(app, "read");
  assert.equal(reads.length, 1);
  assert.deepEqual([reads[0].actor, reads[0].entity, reads[0].entity_id], [
    "agent1",
    "customers",
    String(pop.match.customer.id),
  ]);
});

Deno.test("an unknown caller gets an empty match whose body creates them in one step", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  const pop = await (await agent.get("/api/v1/customers/lookup?phone=021%206999%200000")).json();
  assert.equal(pop.match, null);
  assert.equal(pop.phone, "+862169990000");
  const created = await agent.post("/api/v1/customers", {
    ...pop.new_customer,
    name: "New caller",
  });
  assert.equal(created.status, 201);
  const again = await (await agent.get("/api/v1/customers/lookup?phone=02169990000")).json();
  assert.equal(again.match.customer.name, "New caller");
  assert.equal(auditRows(app, "POST /customers").length, 1);
});

Deno.test("a bad phone number answers 400 with the reason; a taken one 409 naming its customer", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  const bad = await agent.get("/api/v1/customers/lookup?phone=hello");
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error.message, /contains letters/);
  const badCreate = await agent.post("/api/v1/customers", { name: "X", phones: ["123"] });
  assert.equal(badCreate.status, 400);
  assert.equal((await badCreate.json()).error.details.issues[0].path, "phones.0");
  const dup = await agent.post("/api/v1/customers", { name: "X", phones: ["13800138000"] });
  assert.equal(dup.status, 409);
  const body = await dup.json();
  assert.match(body.error.message, /already belongs to customer \d+ \(Zhou Xiaoming\)/);
  assert.equal(body.error.details.customer_name, "Zhou Xiaoming");
  const before = app.db.get<{ n: number }>("SELECT count(*) AS n FROM customers")!.n;
  const wrongType = await agent.post("/api/v1/customers", { name: "X", vip_level: "high" });
  assert.equal(wrongType.status, 400);
  assert.equal(app.db.get<{ n: number }>("SELECT count(*) AS n FROM customers")!.n, before);
});

Deno.test("agents search, read and edit customers; every full read by a person is audited", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent2");
  const { customers } = await (await agent.get("/api/v1/customers?q=zho")).json();
  assert.deepEqual(customers.map((c: { name: string }) => c.name), ["Zhou Xiaoming"]);
  const id = customers[0].id;
  const read = await (await agent.get(`/api/v1/customers/${id}`)).json();
  assert.deepEqual(read.customer.phones.map((p: { e164: string }) => p.e164), [
    "+8613800138000",
    "+862161234567",
  ]);
  const patched = await agent.request("PATCH", `/api/v1/customers/${id}`, {
    tags: ["wholesale", "late payer"],
    consent_marketing: true,
  });
  assert.equal(patched.status, 200);
  assert.deepEqual((await patched.json()).customer.tags, ["wholesale", "late payer"]);
  const added = await agent.post(`/api/v1/customers/${id}/phones`, { number: "13500001111" });
  assert.equal(added.status, 200);
  assert.equal(auditRows(app, "read").length, 1);
  assert.equal(auditRows(app, "PATCH /customers/:id")[0].entity_id, String(id));
  assert.equal(auditRows(app, "POST /customers/:id/phones").length, 1);
  assert.equal((await agent.get("/api/v1/customers/999999")).status, 404);
});

Deno.test("reads through an API token are not logged as a person's read", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const { token } = await (await admin.post("/api/v1/auth/tokens", { name: "sync" })).json();
  const integration = app.client();
  integration.bearer = token;
  assert.equal((await integration.get("/api/v1/customers/1")).status, 200);
  assert.equal(auditRows(app, "read").length, 0);
});

Deno.test("with masking on, agents see hidden phone numbers and supervisors see them whole", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  assert.equal(
    (await admin.request("PATCH", "/api/v1/crm/settings", { mask_phones_for_agents: true })).status,
    200,
  );
  const agent = await signedIn(app, "agent1");
  const pop = await (await agent.get("/api/v1/customers/lookup?phone=13800138000")).json();
  assert.equal(pop.phone, "+86138****8000");
  assert.equal(pop.match.customer.phones[0].e164, "+86138****8000");
  const search = await (await agent.get("/api/v1/customers?q=Zhou")).json();
  assert.equal(search.customers[0].phones[0], "+86138****8000");
  const lead = await signedIn(app, "lead1");
  const full = await (await lead.get(`/api/v1/customers/${pop.match.customer.id}`)).json();
  assert.equal(full.customer.phones[0].e164, "+8613800138000");
});

Deno.test("supervisors merge duplicates; agents may not", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  const a =
    (await (await agent.post("/api/v1/customers", { name: "Dup A", phones: ["13655550001"] }))
      .json()).customer;
  const b =
    (await (await agent.post("/api/v1/customers", { name: "Dup B", phones: ["13655550002"] }))
      .json()).customer;
  assert.equal(
    (await agent.post(`/api/v1/customers/${a.id}/merge`, { duplicate_id: b.id })).status,
    403,
  );
  const lead = await signedIn(app, "super1");
  const merged = await lead.post(`/api/v1/customers/${a.id}/merge`, { duplicate_id: b.id });
  assert.equal(merged.status, 200);
  assert.equal((await merged.json()).moved.phones, 1);
  assert.equal((await agent.get(`/api/v1/customers/${b.id}`)).status, 404);
});

Deno.test("one customer's data export is for supervisors and is audited; erasure is for admins", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  const id =
    (await (await agent.get("/api/v1/customers/lookup?phone=13800138000")).json()).match.customer
      .id;
  assert.equal((await agent.get(`/api/v1/customers/${id}/data`)).status, 403);
  assert.equal((await agent.request("DELETE", `/api/v1/customers/${id}`)).status, 403);
  const lead = await signedIn(app, "super1");
  const data = await (await lead.get(`/api/v1/customers/${id}/data`)).json();
  assert.equal(data.customer.name, "Zhou Xiaoming");
  assert.equal(data.cases.length, 2);
  assert.ok(data.cases[0].notes.length > 0);
  assert.equal(auditRows(app, "export")[0].entity_id, String(id));
  assert.equal((await lead.request("DELETE", `/api/v1/customers/${id}`)).status, 403);
  const admin = await signedIn(app, "admin");
  const erased = await admin.request("DELETE", `/api/v1/customers/${id}`);
  assert.equal(erased.status, 200);
  const { erased: report } = await erased.json();
  assert.deepEqual([report.phones, report.emails, report.cases, report.case_notes], [2, 1, 2, 2]);
  const row = auditRows(app, "DELETE /customers/:id")[0];
  assert.equal(row.entity_id, String(id));
  assert.equal(row.actor, "admin");
  assert.equal(
    (await (await agent.get("/api/v1/customers/lookup?phone=13800138000")).json()).match,
    null,
  );
});

Deno.test("signed-out callers get 401 from every CRM endpoint", async () => {
  await using app = await testAppliance();
  const anonymous = app.client();
  for (
    const path of [
      "/api/v1/customers/lookup?phone=1",
      "/api/v1/customers?q=a",
      "/api/v1/cases",
      "/api/v1/kb/articles",
      "/api/v1/tasks",
      "/api/v1/customers/export",
    ]
  ) {
    assert.equal((await anonymous.get(path)).status, 401, path);
  }
});

Deno.test("the OpenAPI document lists the CRM endpoints with their roles", async () => {
  await using app = await testAppliance();
  const doc = await (await app.client().get("/api/v1/openapi.json")).json();
  const lookup = doc.paths["/api/v1/customers/lookup"].get;
  assert.deepEqual(lookup.parameters.map((p: { name: string }) => p.name), ["phone", "country"]);
  assert.deepEqual(doc.paths["/api/v1/customers/{id}"].delete["x-roles"], ["admin"]);
  for (
    const path of [
      "/api/v1/customers/import",
      "/api/v1/cases/{id}/transition",
      "/api/v1/kb/articles",
      "/api/v1/scripts/{id}/render",
      "/api/v1/tasks",
      "/api/v1/crm/fcr",
    ]
  ) {
    assert.ok(doc.paths[path], path);
  }
});
