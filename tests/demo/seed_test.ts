import assert from "node:assert/strict";
import { DEMO_PASSWORD, testAppliance } from "../support/test_appliance.ts";

Deno.test("--demo seeds eight agents with extensions 1001…1008 and skills", async () => {
  await using app = await testAppliance({ demo: true });
  const agents = app.users.list().filter((u) => u.role === "agent");
  assert.deepEqual(
    agents.map((a) => a.username),
    Array.from({ length: 8 }, (_, i) => `agent${i + 1}`),
  );
  assert.deepEqual(
    agents.map((a) => a.extension),
    Array.from({ length: 8 }, (_, i) => String(1001 + i)),
  );
  const withSkills =
    app.db.get<{ n: number }>("SELECT count(DISTINCT user_id) AS n FROM agent_skills")!.n;
  assert.equal(withSkills, 8);
});

Deno.test("--demo seeds the Sales, Support and Complaints queues with qualified members", async () => {
  await using app = await testAppliance({ demo: true });
  const queues = app.db.all<{ name: string; members: number }>(
    `SELECT q.name, count(m.user_id) AS members FROM queues q LEFT JOIN queue_members m ON m.queue_id = q.id
     GROUP BY q.id ORDER BY q.id`,
  );
  assert.deepEqual(queues.map((q) => q.name), ["Sales", "Support", "Complaints"]);
  for (const q of queues) assert.ok(q.members >= 2, `${q.name} has ${q.members} members`);
});

Deno.test("--demo routes DID 1000 to the main menu and trusts the PBX on 127.0.0.1", async () => {
  await using app = await testAppliance({ demo: true });
  const did = app.db.get<{ target_type: string; name: string }>(
    "SELECT d.target_type, f.name FROM dids d JOIN ivr_flows f ON f.id = d.target_id WHERE d.number = '1000'",
  );
  assert.deepEqual({ ...did }, { target_type: "ivr", name: "Main menu" });
  const trunk = app.db.get<{ allow_cidrs: string }>("SELECT allow_cidrs FROM trunks")!;
  assert.ok(JSON.parse(trunk.allow_cidrs).includes("127.0.0.1/32"));
});

Deno.test("--demo customers have unique E.164 phones and their last case touched most recently", async () => {
  await using app = await testAppliance({ demo: true });
  const phones = app.db.all<{ e164: string }>("SELECT e164 FROM customer_phones");
  assert.ok(phones.length >= 6);
  for (const { e164 } of phones) assert.match(e164, /^\+[1-9]\d{6,14}$/);
  const last = app.db.get<{ subject: string }>(
    `SELECT c.subject FROM cases c JOIN customer_phones p ON p.customer_id = c.customer_id
     WHERE p.e164 = '+8613800138000' ORDER BY c.updated_at DESC LIMIT 1`,
  );
  assert.equal(last?.subject, "Delivery delayed for order 88231");
});

Deno.test("demo users sign in with CC_DEMO_PASSWORD on the web and have SIP digest credentials", async () => {
  await using app = await testAppliance({ demo: true });
  assert.equal((await app.client().login("agent1", DEMO_PASSWORD)).status, 200);
  const sip = app.users.sipCredentials("1001");
  assert.ok(sip);
  const { sipHa1 } = await import("../../src/auth/mod.ts");
  assert.equal(sip.md5, sipHa1("md5", "1001", DEMO_PASSWORD));
});
