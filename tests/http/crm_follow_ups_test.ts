import assert from "node:assert/strict";
import { testAppliance } from "../support/test_appliance.ts";
import { signedIn, userId } from "./crm_helpers.ts";

Deno.test("a scheduled follow-up appears on its agent's task list until it is done", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  const customer =
    (await (await agent.get("/api/v1/customers/lookup?phone=13800138000")).json()).match.customer;
  const due = new Date(app.clock.now() + 3_600_000).toISOString();
  const created = await agent.post("/api/v1/follow-ups", {
    customer_id: customer.id,
    due_at: due,
    note: "Call about delivery",
  });
  assert.equal(created.status, 201);
  const { follow_up } = await created.json();
  const tasks = await (await agent.get("/api/v1/tasks")).json();
  assert.deepEqual(tasks.follow_ups.map((t: { id: number }) => t.id), [follow_up.id]);
  assert.equal(tasks.follow_ups[0].customer_name, "Zhou Xiaoming");
  assert.equal(tasks.follow_ups[0].phone, "+8613800138000");
  const other = await signedIn(app, "agent2");
  assert.deepEqual((await (await other.get("/api/v1/tasks")).json()).follow_ups, []);
  const done = await agent.request("PATCH", `/api/v1/follow-ups/${follow_up.id}`, {
    status: "done",
  });
  assert.equal((await done.json()).follow_up.status, "done");
  assert.deepEqual((await (await agent.get("/api/v1/tasks")).json()).follow_ups, []);
});

Deno.test("care lists put birthdays, renewals and win-backs on the right agents' task lists", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  const me = userId(app, "agent1");
  const today = new Date(app.clock.now());
  const inDays = (n: number) =>
    new Date(today.getTime() + n * 86_400_000).toISOString().slice(0, 10);
  const birthday = (await (await agent.post("/api/v1/customers", {
    name: "Birthday",
    birthday: `1980-${inDays(3).slice(5)}`,
  })).json()).customer;
  await agent.post("/api/v1/customers", { name: "Later birthday", birthday: inDays(40).slice(5) });
  const renewal =
    (await (await agent.post("/api/v1/customers", { name: "Renewal", renewal_at: inDays(5) }))
      .json()).customer;
  const idle = (await (await agent.post("/api/v1/customers", { name: "Idle" })).json()).customer;
  await agent.post("/api/v1/interactions", {
    customer_id: idle.id,
    channel: "call",
    direction: "inbound",
    started_at: new Date(today.getTime() - 200 * 86_400_000).toISOString(),
  });

  assert.equal((await agent.post("/api/v1/care-lists", { kind: "birthday" })).status, 403);
  const lead = await signedIn(app, "lead1");
  const run = async (body: unknown) =>
    (await (await lead.post("/api/v1/care-lists", body)).json()).created;
  assert.equal(await run({ kind: "birthday", within_days: 7, assignee_id: me }), 1);
  assert.equal(
    await run({ kind: "birthday", within_days: 7, assignee_id: me }),
    0,
    "running again adds nothing",
  );
  assert.equal(await run({ kind: "renewal", within_days: 7, assignee_id: me }), 1);
  // Win-back goes to each customer's last agent: agent1 recorded the idle customer's call.
  assert.equal(await run({ kind: "win_back", inactive_days: 90 }), 1);

  const tasks = (await (await agent.get("/api/v1/tasks?days=7")).json()).follow_ups;
  const byKind = Object.fromEntries(
    tasks.map((t: { kind: string; customer_id: number }) => [t.kind, t.customer_id]),
  );
  assert.deepEqual(byKind, { renewal: renewal.id, win_back: idle.id, birthday: birthday.id });
  const birthdayTask = tasks.find((t: { kind: string }) => t.kind === "birthday");
  assert.ok(birthdayTask.due_at.startsWith(inDays(3)));
});

Deno.test("a follow-up for a case that is not there is refused at that field", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  const customer =
    (await (await agent.get("/api/v1/customers/lookup?phone=13800138000")).json()).match.customer;
  const refused = await agent.post("/api/v1/follow-ups", {
    customer_id: customer.id,
    due_at: new Date(app.clock.now() + 3_600_000).toISOString(),
    case_id: 999,
  });
  assert.equal(refused.status, 400);
  const { error } = await refused.json();
  assert.equal(error.code, "invalid_request");
  assert.deepEqual(error.details.issues, [
    { path: "case_id", message: "there is no case 999", code: "unknown_case" },
  ]);
  assert.equal(app.db.get<{ n: number }>("SELECT count(*) AS n FROM follow_ups")!.n, 0);
});

Deno.test("a follow-up or care list given to someone who is not there is refused at assignee_id with unknown_user, and nothing is added or changed", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  const customer =
    (await (await agent.get("/api/v1/customers/lookup?phone=13800138000")).json()).match.customer;
  const due = new Date(app.clock.now() + 3_600_000).toISOString();
  const issue = async (response: Response) => {
    const { error } = await response.json();
    return [response.status, error.code, error.details.issues];
  };
  const unknownUser = [400, "invalid_request", [
    { path: "assignee_id", message: "there is no user 99999", code: "unknown_user" },
  ]];
  assert.deepEqual(
    await issue(
      await agent.post("/api/v1/follow-ups", {
        customer_id: customer.id,
        due_at: due,
        assignee_id: 99999,
      }),
    ),
    unknownUser,
  );
  const follows = () =>
    app.db.all<{ id: number; assignee_id: number }>("SELECT id, assignee_id FROM follow_ups");
  assert.deepEqual(follows(), [], "no follow-up was added");
  const mine =
    (await (await agent.post("/api/v1/follow-ups", { customer_id: customer.id, due_at: due }))
      .json()).follow_up;
  assert.deepEqual(
    await issue(
      await agent.request("PATCH", `/api/v1/follow-ups/${mine.id}`, { assignee_id: 99999 }),
    ),
    unknownUser,
  );
  const lead = await signedIn(app, "lead1");
  assert.deepEqual(
    await issue(
      await lead.post("/api/v1/care-lists", {
        kind: "win_back",
        inactive_days: 1,
        assignee_id: 99999,
      }),
    ),
    unknownUser,
  );
  assert.deepEqual(
    follows().map((f) => ({ ...f })),
    [{ id: mine.id, assignee_id: userId(app, "agent1") }],
    "the one follow-up is still the agent's, and the care list added none",
  );
});
