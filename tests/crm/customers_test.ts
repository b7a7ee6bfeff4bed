import assert from "node:assert/strict";
import { CrmValidationError, DuplicateContactError } from "../../src/crm/mod.ts";
import { crmFixture } from "./_crm.ts";

Deno.test("a customer is stored with phones normalised to E.164 and found by any spelling", async () => {
  await using f = await crmFixture();
  const customer = f.crm.customers.create({
    name: "Zhou Xiaoming",
    phones: ["138-0013-8000", { number: "021 6123 4567", label: "office" }],
    emails: ["zhou@example.com"],
    tags: ["wholesale", "wholesale"],
    vip_level: 2,
  });
  assert.deepEqual(customer.phones.map((p) => [p.e164, p.label]), [
    ["+8613800138000", "mobile"],
    ["+862161234567", "office"],
  ]);
  assert.deepEqual(customer.tags, ["wholesale"]);
  const pop = f.crm.lookupByPhone("008613800138000");
  assert.equal(pop.phone, "+8613800138000");
  assert.equal(pop.match?.customer.id, customer.id);
  assert.equal(pop.match?.vip, 2);
});

Deno.test("a number that already belongs to someone is refused, naming that customer", async () => {
  await using f = await crmFixture();
  const first = f.crm.customers.create({ name: "Zhou", phones: ["13800138000"] });
  assert.throws(
    () => f.crm.customers.create({ name: "Someone else", phones: ["+86 138 0013 8000"] }),
    (e: unknown) => {
      assert.ok(e instanceof DuplicateContactError);
      assert.equal(e.customerId, first.id);
      assert.match(e.message, /\+8613800138000 already belongs to customer \d+ \(Zhou\)/);
      return true;
    },
  );
  assert.equal(f.crm.customers.count(), 1);
});

Deno.test("a bad phone number is refused with its position and nothing is written", async () => {
  await using f = await crmFixture();
  assert.throws(
    () => f.crm.customers.create({ name: "X", phones: ["13800138000", "12345"] }),
    (e: unknown) => e instanceof CrmValidationError && e.issues[0].path === "phones.1",
  );
  assert.equal(f.crm.customers.count(), 0);
});

Deno.test("custom fields are validated by type, choice and requirement", async () => {
  await using f = await crmFixture();
  f.crm.customFields.define({
    key: "plan",
    label: "Plan",
    type: "choice",
    choices: ["basic", "pro"],
  });
  f.crm.customFields.define({ key: "seats", label: "Seats", type: "number" });
  f.crm.customFields.define({ key: "since", label: "Customer since", type: "date" });
  f.crm.customFields.define({ key: "reseller", label: "Reseller", type: "boolean" });
  const ok = f.crm.customers.create({
    name: "A",
    custom_fields: { plan: "pro", seats: 12, since: "2024-02-29", reseller: false },
  });
  assert.deepEqual(ok.custom_fields, {
    plan: "pro",
    seats: 12,
    since: "2024-02-29",
    reseller: false,
  });
  for (
    const [fields, pattern] of [
      [{ seats: "12" }, /seats/],
      [{ plan: "gold" }, /plan/],
      [{ since: "2023-02-29" }, /not a calendar date/],
      [{ reseller: "yes" }, /reseller/],
      [{ colour: "red" }, /colour|Unrecognized/i],
    ] as const
  ) {
    assert.throws(
      () => f.crm.customers.create({ name: "B", custom_fields: fields }),
      (e: unknown) => {
        assert.ok(e instanceof CrmValidationError);
        assert.match(JSON.stringify(e.issues) + e.message, pattern);
        return true;
      },
    );
  }
  f.crm.customFields.define({ key: "region", label: "Region", type: "text", required: true });
  assert.throws(() => f.crm.customers.create({ name: "C" }), /region/);
  const updated = f.crm.customers.update(ok.id, { custom_fields: { region: "East", seats: 15 } });
  assert.equal(updated.custom_fields.seats, 15);
  assert.equal(updated.custom_fields.plan, "pro");
});

Deno.test("name search finds prefixes case-insensitively, in Chinese too", async () => {
  await using f = await crmFixture();
  for (const name of ["Alice Morgan", "alan Smith", "Albert", "Bob", "张三", "张三丰", "李四"]) {
    f.crm.customers.create({ name });
  }
  assert.deepEqual(f.crm.customers.searchByName("al").map((c) => c.name), [
    "alan Smith",
    "Albert",
    "Alice Morgan",
  ]);
  assert.deepEqual(f.crm.customers.searchByName("ALI").map((c) => c.name), ["Alice Morgan"]);
  assert.deepEqual(f.crm.customers.searchByName("张三").map((c) => c.name), ["张三", "张三丰"]);
  assert.deepEqual(f.crm.customers.searchByName("z").map((c) => c.name), []);
  const plan = f.db.all<{ detail: string }>(
    "EXPLAIN QUERY PLAN SELECT id FROM customers WHERE name >= ? COLLATE NOCASE AND name < ? COLLATE NOCASE ORDER BY name COLLATE NOCASE, id LIMIT 20",
    "al",
    "am",
  );
  assert.match(plan.map((p) => p.detail).join(" "), /USING (COVERING )?INDEX customers_name/);
});

Deno.test("the screen pop shows open cases last touched first, the last 20 contacts and the last agent", async () => {
  await using f = await crmFixture();
  const c = f.crm.customers.create({ name: "Zhou", phones: ["13800138000"] });
  const older = f.crm.cases.create({ customer_id: c.id, subject: "Older" }, f.users.agent1);
  f.clock.advance(60_000);
  const newer = f.crm.cases.create({ customer_id: c.id, subject: "Newer" }, f.users.agent1);
  const done = f.crm.cases.create({ customer_id: c.id, subject: "Done" }, f.users.agent1);
  f.crm.cases.transition(done.id, "resolved", f.users.agent1);
  f.clock.advance(60_000);
  f.crm.cases.addNote(older.id, "touched again", f.users.agent1);
  for (let i = 0; i < 25; i++) {
    f.clock.advance(1000);
    f.crm.interactions.record({
      customer_id: c.id,
      channel: "call",
      direction: "inbound",
      agent_id: i < 24 ? f.users.agent1 : f.users.agent2,
    });
  }
  const pop = f.crm.lookupByPhone("13800138000");
  assert.deepEqual(pop.match!.open_cases.map((k) => k.subject), ["Older", "Newer"]);
  assert.equal(pop.match!.interactions.length, 20);
  assert.ok(pop.match!.interactions[0].started_at > pop.match!.interactions[19].started_at);
  assert.deepEqual(pop.match!.last_agent, {
    id: f.users.agent2,
    name: "Wang Wei",
    extension: null,
  });
  assert.equal(newer.status, "new");
});

Deno.test("an unknown number gives an empty match that creates the caller in one step", async () => {
  await using f = await crmFixture();
  const pop = f.crm.lookupByPhone("+1 (415) 555-0100");
  assert.equal(pop.match, null);
  assert.equal(pop.phone, "+14155550100");
  const created = f.crm.customers.create({ ...pop.new_customer!, name: "Daniel" });
  assert.equal(f.crm.lookupByPhone("14155550100", "1").match?.customer.id, created.id);
  const bad = f.crm.lookupByPhone("anonymous");
  assert.equal(bad.phone, null);
  assert.match(bad.problem!, /letters/);
});

Deno.test("an account number a caller keys in pops the same customer as their phone number", async () => {
  await using f = await crmFixture();
  const customer = f.crm.customers.create({
    name: "Alice Morgan",
    external_id: "20001",
    phones: ["+44 20 7946 0000"],
    vip_level: 1,
  });
  const byAccount = f.crm.lookupByAccount("20001");
  assert.equal(byAccount?.customer.id, customer.id);
  assert.deepEqual(byAccount, f.crm.lookupByPhone("+442079460000").match);
  assert.equal(f.crm.lookupByAccount("20002"), null);
  assert.equal(f.crm.lookupByAccount(""), null);
});

Deno.test("merging a duplicate moves its phones, cases and contacts to the customer that stays", async () => {
  await using f = await crmFixture();
  const keep = f.crm.customers.create({
    name: "Zhou",
    phones: ["13800138000"],
    tags: ["a"],
    emails: ["z@example.com"],
  });
  const dup = f.crm.customers.create({
    name: "Zhou X.",
    company: "Zhou Trading",
    phones: ["13911112222"],
    tags: ["b"],
    vip_level: 3,
    external_id: "A-1",
    emails: ["zx@example.com"],
  });
  const kase = f.crm.cases.create({ customer_id: dup.id, subject: "Refund" }, null);
  f.crm.interactions.record({ customer_id: dup.id, channel: "call", direction: "inbound" });
  const { customer, moved } = f.crm.mergeCustomers(keep.id, dup.id);
  assert.deepEqual(moved, { phones: 1, emails: 1, cases: 1, interactions: 1, follow_ups: 0 });
  assert.deepEqual(customer.phones.map((p) => p.e164).sort(), ["+8613800138000", "+8613911112222"]);
  assert.deepEqual(customer.tags, ["a", "b"]);
  assert.equal(customer.vip_level, 3);
  assert.equal(customer.company, "Zhou Trading");
  assert.equal(customer.external_id, "A-1");
  assert.equal(f.crm.cases.get(kase.id)!.customer_id, keep.id);
  assert.equal(f.crm.customers.get(dup.id), undefined);
  assert.equal(f.crm.lookupByPhone("13911112222").match?.customer.id, keep.id);
});

Deno.test("erasure removes the customer's phones, cases, notes, contacts, attachments and recordings", async () => {
  await using f = await crmFixture();
  const c = f.crm.customers.create({
    name: "Erase me",
    phones: ["13800138000"],
    emails: ["e@example.com"],
  });
  const other = f.crm.customers.create({ name: "Keep me", phones: ["13911112222"] });
  const kase = f.crm.cases.create({ customer_id: c.id, subject: "S" }, null);
  f.crm.cases.addNote(kase.id, "private note", null);
  const attachment = f.crm.attachments.add(kase.id, {
    name: "id.png",
    contentType: "image/png",
    bytes: new Uint8Array([1, 2, 3]),
  }, null);
  const now = new Date(f.clock.now()).toISOString();
  f.db.run(
    "INSERT INTO calls (id, direction, state, caller, customer_id, started_at) VALUES ('c1', 'inbound', 'ended', '+8613800138000', ?, ?)",
    c.id,
    now,
  );
  await Deno.mkdir(`${f.dir}/recordings`);
  await Deno.writeFile(`${f.dir}/recordings/c1.wav`, new Uint8Array([9]));
  f.db.run(
    "INSERT INTO recordings (call_id, path, channels, started_at) VALUES ('c1', 'recordings/c1.wav', 2, ?)",
    now,
  );
  f.crm.interactions.record({
    customer_id: c.id,
    channel: "call",
    direction: "inbound",
    call_id: "c1",
  });
  f.crm.followUps.create({ customer_id: c.id, due_at: now }, f.users.agent1);

  const report = f.crm.privacy.erase(c.id);
  assert.deepEqual(
    { ...report, customer_id: 0 },
    {
      customer_id: 0,
      phones: 1,
      emails: 1,
      cases: 1,
      case_notes: 1,
      attachments: 1,
      interactions: 1,
      follow_ups: 1,
      recordings: 1,
      voicemails: 0,
      callbacks: 0,
      recording_files_missing: 0,
    },
  );
  for (
    const table of [
      "customer_phones",
      "customer_emails",
      "cases",
      "case_notes",
      "interactions",
      "recordings",
      "follow_ups",
      "case_attachments",
    ]
  ) {
    const where = table === "customer_phones" ? "WHERE e164 = '+8613800138000'" : "";
    assert.equal(
      f.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table} ${where}`)!.n,
      0,
      table,
    );
  }
  assert.equal(
    f.db.get<{ caller: string | null }>("SELECT caller FROM calls WHERE id = 'c1'")!.caller,
    null,
  );
  await assert.rejects(() => Deno.stat(`${f.dir}/recordings/c1.wav`), Deno.errors.NotFound);
  await assert.rejects(
    () => Deno.stat(f.crm.attachments.pathOf(attachment.sha256)),
    Deno.errors.NotFound,
  );
  assert.ok(f.crm.customers.get(other.id));
});
