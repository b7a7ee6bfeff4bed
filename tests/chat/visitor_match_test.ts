import assert from "node:assert/strict";
import { matchVisitor } from "../../src/chat/mod.ts";
import { crmFixture } from "../crm/_crm.ts";

Deno.test("a visitor is matched to a customer by phone written any way, then by e-mail", async () => {
  await using f = await crmFixture();
  const known = f.crm.customers.create({
    name: "Chen Jie",
    phones: ["+8613800138000"],
    emails: ["chen@example.com"],
  });
  assert.deepEqual(matchVisitor(f.crm, { name: "x", phone: "138 0013 8000" }, "86"), {
    customerId: known.id,
    matched: "phone",
  });
  assert.deepEqual(matchVisitor(f.crm, { name: "x", email: "CHEN@example.com" }, "86"), {
    customerId: known.id,
    matched: "email",
  });
});

Deno.test("a visitor found by neither phone nor e-mail becomes a new customer", async () => {
  await using f = await crmFixture();
  const match = matchVisitor(f.crm, { name: "New Person", email: "new@example.com" }, "86");
  assert.equal(match.matched, "created");
  const customer = f.crm.customers.get(match.customerId)!;
  assert.equal(customer.name, "New Person");
  assert.deepEqual(customer.emails.map((e) => e.email), ["new@example.com"]);
  assert.equal(
    matchVisitor(f.crm, { name: "Again", email: "new@example.com" }, "86").customerId,
    match.customerId,
  );
});
