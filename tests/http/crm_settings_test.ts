import assert from "node:assert/strict";
import { testAppliance } from "../support/test_appliance.ts";
import { auditRows, signedIn } from "./crm_helpers.ts";

Deno.test("admins define typed custom fields that customer writes are checked against", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  assert.equal(
    (await agent.post("/api/v1/crm/custom-fields", { key: "plan", label: "Plan", type: "text" }))
      .status,
    403,
  );
  const admin = await signedIn(app, "admin");
  assert.equal(
    (await admin.post("/api/v1/crm/custom-fields", { key: "plan", label: "Plan", type: "choice" }))
      .status,
    400,
  );
  assert.equal(
    (await admin.post("/api/v1/crm/custom-fields", {
      key: "plan",
      label: "Plan",
      type: "choice",
      choices: ["basic", "pro"],
    })).status,
    201,
  );
  assert.equal(
    (await admin.post("/api/v1/crm/custom-fields", {
      key: "seats",
      label: "Seats",
      type: "number",
    })).status,
    201,
  );
  const fields = (await (await agent.get("/api/v1/crm/custom-fields")).json()).fields;
  assert.deepEqual(fields.map((f: { key: string }) => f.key), ["plan", "seats"]);
  const wrong = await agent.post("/api/v1/customers", {
    name: "X",
    custom_fields: { seats: "ten" },
  });
  assert.equal(wrong.status, 400);
  assert.equal((await wrong.json()).error.details.issues[0].path, "custom_fields.seats");
  const right = await agent.post("/api/v1/customers", {
    name: "X",
    custom_fields: { seats: 10, plan: "pro" },
  });
  assert.equal(right.status, 201);
  assert.equal((await admin.request("DELETE", "/api/v1/crm/custom-fields/seats")).status, 204);
  assert.equal((await admin.request("DELETE", "/api/v1/crm/custom-fields/seats")).status, 404);
  assert.equal(auditRows(app, "POST /crm/custom-fields").length, 2);
});

Deno.test("admins change the default country and SLA rules; others only read them", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  assert.equal(
    (await agent.request("PATCH", "/api/v1/crm/settings", { default_country: "1" })).status,
    403,
  );
  const admin = await signedIn(app, "admin");
  assert.equal(
    (await admin.request("PATCH", "/api/v1/crm/settings", { default_country: "x1" })).status,
    400,
  );
  const changed = await admin.request("PATCH", "/api/v1/crm/settings", { default_country: "1" });
  assert.equal((await changed.json()).settings.default_country, "1");
  const pop = await (await agent.get("/api/v1/customers/lookup?phone=(415)%20555-0100")).json();
  assert.equal(pop.match.customer.name, "Daniel Brooks");
  const rules = [{ category: "*", priority: "normal", resolve_within_min: 60 }];
  assert.equal((await agent.request("PUT", "/api/v1/crm/sla-rules", { rules })).status, 403);
  assert.equal((await admin.request("PUT", "/api/v1/crm/sla-rules", { rules })).status, 200);
  // A rule saved without a warning time reads back with none (0 minutes), in calendar
  // time and not paused while waiting on the customer.
  assert.deepEqual((await (await agent.get("/api/v1/crm/sla-rules")).json()).rules, [
    { ...rules[0], warn_before_min: 0, clock: "calendar", pause_when_waiting: false },
  ]);
  const business = [{ ...rules[0], clock: "business", pause_when_waiting: true }];
  assert.equal(
    (await admin.request("PUT", "/api/v1/crm/sla-rules", { rules: business })).status,
    200,
  );
  assert.deepEqual((await (await agent.get("/api/v1/crm/sla-rules")).json()).rules, [
    { ...business[0], warn_before_min: 0 },
  ]);
  const wrongClock = [{ ...rules[0], clock: "lunar" }];
  assert.equal(
    (await admin.request("PUT", "/api/v1/crm/sla-rules", { rules: wrongClock })).status,
    400,
  );
  assert.equal(auditRows(app, "PATCH /crm/settings")[0].entity_id, "crm");
});
