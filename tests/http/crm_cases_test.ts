import assert from "node:assert/strict";
import { testAppliance } from "../support/test_appliance.ts";
import { auditRows, signedIn, userId } from "./crm_helpers.ts";

async function newCase(app: Awaited<ReturnType<typeof testAppliance>>) {
  const agent = await signedIn(app, "agent1");
  const customer =
    (await (await agent.get("/api/v1/customers/lookup?phone=13911112222")).json()).match.customer;
  const response = await agent.post("/api/v1/cases", {
    customer_id: customer.id,
    subject: "Kettle leaks",
    category: "complaint",
    priority: "urgent",
  });
  assert.equal(response.status, 201);
  return { agent, customer, kase: (await response.json()).case };
}

Deno.test("an agent opens a case that is due by the SLA, and its audit row names it", async () => {
  await using app = await testAppliance({ demo: true });
  const { agent, kase } = await newCase(app);
  assert.equal(kase.status, "new");
  assert.equal(kase.due_at, new Date(app.clock.now() + 120 * 60_000).toISOString());
  assert.equal(auditRows(app, "POST /cases")[0].entity_id, String(kase.id));
  // The case page learns how its SLA clock runs.
  const read = await (await agent.get(`/api/v1/cases/${kase.id}`)).json();
  assert.deepEqual(read.sla, { clock: "calendar", pause_when_waiting: false });
});

Deno.test("status moves follow the workflow; an illegal move answers 409 and changes nothing", async () => {
  await using app = await testAppliance({ demo: true });
  const { agent, kase } = await newCase(app);
  const open = await agent.post(`/api/v1/cases/${kase.id}/transition`, { to: "open" });
  assert.equal(open.status, 200);
  assert.deepEqual((await open.json()).allowed_moves, [
    "pending_customer",
    "escalated",
    "resolved",
  ]);
  const illegal = await agent.post(`/api/v1/cases/${kase.id}/transition`, { to: "closed" });
  assert.equal(illegal.status, 409);
  const body = await illegal.json();
  assert.equal(body.error.code, "illegal_transition");
  assert.match(body.error.message, /cannot go from open to closed/);
  assert.equal((await (await agent.get(`/api/v1/cases/${kase.id}`)).json()).case.status, "open");
  assert.equal(
    (await agent.post(`/api/v1/cases/${kase.id}/transition`, { to: "done" })).status,
    400,
  );
});

Deno.test("escalation hands the case to tier 2 with the note, visible with its history", async () => {
  await using app = await testAppliance({ demo: true });
  const { agent, kase } = await newCase(app);
  await agent.post(`/api/v1/cases/${kase.id}/transition`, { to: "open" });
  assert.equal((await agent.post(`/api/v1/cases/${kase.id}/escalate`, {})).status, 400);
  const tier2 = userId(app, "agent6");
  const escalated = await agent.post(`/api/v1/cases/${kase.id}/escalate`, {
    note: "Refund approved by phone?",
    assignee_id: tier2,
  });
  assert.equal(escalated.status, 200);
  const detail = await (await agent.get(`/api/v1/cases/${kase.id}`)).json();
  assert.equal(detail.case.tier, 2);
  assert.equal(detail.case.assignee_id, tier2);
  assert.equal(detail.notes.at(-1).body, "Handover to tier 2: Refund approved by phone?");
  assert.deepEqual(
    detail.history.map((h: { field: string }) => h.field),
    ["status", "status", "status", "tier", "assignee_id"],
  );
  const tier2Client = await signedIn(app, "agent6");
  const mine = await (await tier2Client.get("/api/v1/cases?mine=1&open=1")).json();
  assert.deepEqual(mine.cases.map((c: { id: number }) => c.id), [kase.id]);
});

Deno.test("notes, edits and attachments are kept on the case; the file comes back byte for byte", async () => {
  await using app = await testAppliance({ demo: true });
  const { agent, kase } = await newCase(app);
  assert.equal(
    (await agent.post(`/api/v1/cases/${kase.id}/notes`, { body: "Customer sent photos" })).status,
    201,
  );
  const patched = await agent.request("PATCH", `/api/v1/cases/${kase.id}`, {
    priority: "high",
    subject: "Kettle leaks at the base",
  });
  assert.equal((await patched.json()).case.priority, "high");
  const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);
  const uploaded = await app.http.app.request(
    `http://appliance.test/api/v1/cases/${kase.id}/attachments?name=${
      encodeURIComponent("照片 1.png")
    }`,
    {
      method: "POST",
      headers: {
        cookie: agent.cookie,
        "x-csrf-token": agent.csrfToken,
        "content-type": "image/png",
      },
      body: bytes,
    },
    { remoteAddr: { hostname: "192.0.2.10", port: 1 } },
  );
  assert.equal(uploaded.status, 201);
  const { attachment } = await uploaded.json();
  assert.match(attachment.sha256, /^[0-9a-f]{64}$/);
  assert.equal(attachment.size_bytes, 8);
  const download = await agent.get(`/api/v1/cases/${kase.id}/attachments/${attachment.id}`);
  assert.equal(download.headers.get("content-type"), "image/png");
  assert.deepEqual(new Uint8Array(await download.arrayBuffer()), bytes);
  assert.equal(
    (await agent.get(`/api/v1/cases/${kase.id + 1000}/attachments/${attachment.id}`)).status,
    404,
  );
  const detail = await (await agent.get(`/api/v1/cases/${kase.id}`)).json();
  assert.equal(detail.attachments[0].file_name, "照片 1.png");
  assert.equal(detail.notes[0].body, "Customer sent photos");
  const stored = await Deno.readFile(`${app.dir}/attachments/${attachment.sha256}`);
  assert.deepEqual(stored, bytes);
});

Deno.test("duplicate cases of one customer merge into one", async () => {
  await using app = await testAppliance({ demo: true });
  const { agent, customer, kase } = await newCase(app);
  const other = (await (await agent.post("/api/v1/cases", {
    customer_id: customer.id,
    subject: "Kettle again",
  })).json()).case;
  const merged = await agent.post(`/api/v1/cases/${kase.id}/merge`, { duplicate_id: other.id });
  assert.equal(merged.status, 200);
  const dup = (await (await agent.get(`/api/v1/cases/${other.id}`)).json()).case;
  assert.deepEqual([dup.status, dup.merged_into], ["closed", kase.id]);
});

Deno.test("supervisors export cases as CSV; agents may not", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  assert.equal((await agent.get("/api/v1/cases/export")).status, 403);
  const lead = await signedIn(app, "lead1");
  const response = await lead.get("/api/v1/cases/export");
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type")!, /text\/csv/);
  const bytes = new Uint8Array(await response.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], "a BOM so Excel reads UTF-8");
  const text = new TextDecoder().decode(bytes);
  assert.ok(text.startsWith("id,customer_id,customer,subject"));
  assert.match(text, /Delivery delayed for order 88231/);
  assert.equal(auditRows(app, "export")[0].entity, "cases");
});

/** A refusal's status, error code and its one issue as `[path, code]`. */
async function refusal(response: Response) {
  const { error } = await response.json();
  const issues = error.details?.issues ?? [];
  assert.equal(issues.length, 1, JSON.stringify(error));
  return [response.status, error.code, issues[0].path, issues[0].code];
}

Deno.test("a case given to someone who is not there is refused at assignee_id with unknown_user, opened, changed or escalated, and nothing changes", async () => {
  await using app = await testAppliance({ demo: true });
  const { agent, customer, kase } = await newCase(app);
  await agent.post(`/api/v1/cases/${kase.id}/transition`, { to: "open" });
  const before = (await (await agent.get(`/api/v1/cases/${kase.id}`)).json()).case;
  const cases = () => app.db.get<{ n: number }>("SELECT count(*) AS n FROM cases")!.n;
  const count = cases();
  const unknownUser = [400, "invalid_request", "assignee_id", "unknown_user"];
  assert.deepEqual(
    await refusal(
      await agent.post("/api/v1/cases", {
        customer_id: customer.id,
        subject: "For nobody",
        assignee_id: 99999,
      }),
    ),
    unknownUser,
  );
  assert.equal(cases(), count, "no case was opened");
  assert.deepEqual(
    await refusal(
      await agent.request("PATCH", `/api/v1/cases/${kase.id}`, {
        assignee_id: 99999,
        priority: "low",
      }),
    ),
    unknownUser,
  );
  assert.deepEqual(
    await refusal(
      await agent.post(`/api/v1/cases/${kase.id}/escalate`, {
        note: "Over to you",
        assignee_id: 99999,
      }),
    ),
    unknownUser,
  );
  const after = (await (await agent.get(`/api/v1/cases/${kase.id}`)).json()).case;
  assert.deepEqual(after, before, "the case is as it was: not escalated, not reassigned");
});

Deno.test("a case escalated to a team that is not there or has nobody in it is refused at team_id with its code, and stays with tier 1", async () => {
  await using app = await testAppliance({ demo: true });
  const { agent, kase } = await newCase(app);
  await agent.post(`/api/v1/cases/${kase.id}/transition`, { to: "open" });
  const admin = await signedIn(app, "admin");
  const empty = await admin.post("/api/v1/teams", { name: "Night shift" });
  assert.equal(empty.status, 201);
  const emptyId = (await empty.json()).team.id;
  const before = (await (await agent.get(`/api/v1/cases/${kase.id}`)).json()).case;
  assert.deepEqual(
    await refusal(
      await agent.post(`/api/v1/cases/${kase.id}/escalate`, {
        note: "Over to you",
        team_id: 99999,
      }),
    ),
    [400, "invalid_request", "team_id", "unknown_team"],
  );
  assert.deepEqual(
    await refusal(
      await agent.post(`/api/v1/cases/${kase.id}/escalate`, {
        note: "Over to you",
        team_id: emptyId,
      }),
    ),
    [400, "invalid_request", "team_id", "empty_team"],
  );
  const after = (await (await agent.get(`/api/v1/cases/${kase.id}`)).json()).case;
  assert.deepEqual(after, before, "the case stays open with tier 1");
});

Deno.test("case and disposition refusals name their field with a code the page words", async () => {
  await using app = await testAppliance({ demo: true });
  const { agent, kase } = await newCase(app);
  const admin = await signedIn(app, "admin");
  /** Path and code of each issue of a 400 or 409. */
  const issues = async (response: Response) => {
    const body = await response.json();
    assert.ok([400, 409].includes(response.status), JSON.stringify(body));
    return body.error.details.issues.map((i: { path: string; code: string }) => [i.path, i.code]);
  };
  assert.deepEqual(
    await issues(await agent.post(`/api/v1/cases/${kase.id}/notes`, { body: "   " })),
    [["body", "too_small"]],
    "refused at the boundary with zod's code, which the page words as required",
  );
  assert.deepEqual(
    await issues(await agent.post(`/api/v1/cases/${kase.id}/send-back`, { note: "Fixed" })),
    [["tier", "not_escalated"]],
  );
  const code = { code: "callback_later", label: "Call back later" };
  assert.equal((await admin.post("/api/v1/dispositions", code)).status, 201);
  assert.deepEqual(
    await issues(await admin.post("/api/v1/dispositions", code)),
    [["code", "already_exists"]],
  );
  assert.deepEqual(
    await issues(
      await admin.post("/api/v1/dispositions", { ...code, code: "other_one", queue_ids: [9999] }),
    ),
    [["queue_ids", "unknown_queue"]],
  );
});
