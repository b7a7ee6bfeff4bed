import assert from "node:assert/strict";
import { testAppliance } from "../support/test_appliance.ts";
import { signedIn } from "./crm_helpers.ts";

Deno.test("an agent finds a customer by phone outside a call and opens their page with cases and notes", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  const found = await (await agent.get("/api/v1/customers/find?q=139-1111-2222")).json();
  assert.equal(found.customers.length, 1);
  assert.equal(found.customers[0].matched, "phone");
  const id = found.customers[0].id;
  const created = await agent.post("/api/v1/cases", { customer_id: id, subject: "Kettle leaks" });
  const kase = (await created.json()).case;
  await agent.post(`/api/v1/cases/${kase.id}/notes`, { body: "Asked for a photo" });
  const page = await (await agent.get(`/api/v1/customers/${id}/page`)).json();
  assert.equal(page.customer.id, id);
  assert.ok(page.cases.some((c: { id: number }) => c.id === kase.id));
  assert.equal(page.case_notes[0].body, "Asked for a photo");
  const search = await (await agent.get("/api/v1/cases/search?q=kettle&mine=0")).json();
  assert.ok(search.cases.some((c: { id: number }) => c.id === kase.id));
  const work = await (await agent.get("/api/v1/cases/work")).json();
  assert.equal(typeof work.counts.assigned, "number");
  assert.equal((await agent.get("/api/v1/cases/work?list=nonsense")).status, 400);
});

Deno.test("a stale save of a case answers 409 naming who changed it; an illegal move lists the allowed ones", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  const other = await signedIn(app, "agent2");
  const found = await (await agent.get("/api/v1/customers/find?q=139-1111-2222")).json();
  const kase = (await (await agent.post("/api/v1/cases", {
    customer_id: found.customers[0].id,
    subject: "x",
  })).json()).case;
  const read = await agent.get(`/api/v1/cases/${kase.id}`);
  const tag = read.headers.get("etag")!;
  assert.equal(
    (await other.request("PATCH", `/api/v1/cases/${kase.id}`, { priority: "high" }, {
      "if-match": tag,
    })).status,
    200,
  );
  const stale = await agent.request("PATCH", `/api/v1/cases/${kase.id}`, { subject: "y" }, {
    "if-match": tag,
  });
  assert.equal(stale.status, 409);
  const body = await stale.json();
  assert.equal(body.error.code, "changed_meanwhile");
  assert.ok(body.error.details.changed_by);
  const illegal = await agent.post(`/api/v1/cases/${kase.id}/transition`, { to: "reopened" });
  assert.equal(illegal.status, 409);
  assert.deepEqual((await illegal.json()).error.details.allowed, [
    "open",
    "pending_customer",
    "escalated",
    "resolved",
    "closed",
  ]);
});
