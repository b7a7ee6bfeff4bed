import assert from "node:assert/strict";
import type { HubEvent } from "../../src/events/mod.ts";
import { DEMO_PASSWORD, testAppliance } from "../support/test_appliance.ts";

type App = Awaited<ReturnType<typeof testAppliance>>;

const ZHOU = "+8613800138000";

/** A voicemail as the IVR stores one, with a small WAV file in the data directory. */
async function leaveVoicemail(app: App, box: string) {
  const callId = crypto.randomUUID();
  app.calls.journal.open({ id: callId, direction: "inbound", state: "answered", caller: ZHOU });
  const customer = app.db.get<{ id: number }>(
    "SELECT customer_id AS id FROM customer_phones WHERE e164 = ?",
    ZHOU,
  );
  await Deno.mkdir(`${app.dir}/voicemails`, { recursive: true });
  const path = `voicemails/${callId}.wav`;
  await Deno.writeFile(`${app.dir}/${path}`, new Uint8Array(1000).map((_, i) => i % 251));
  const id = app.ivr.services.records.saveVoicemail({
    callId,
    flowId: null,
    customerId: customer?.id ?? null,
    caller: ZHOU,
    box,
    path,
    durationMs: 4000,
    at: app.clock.now(),
  });
  await app.voicemails.sealed();
  return { id, callId, customerId: customer?.id ?? null };
}

async function signedIn(app: App, username: string) {
  const client = app.client();
  const response = await client.login(username, DEMO_PASSWORD);
  assert.equal(response.status, 200);
  return client;
}

Deno.test("a new voicemail becomes a contact in the customer's timeline and a notice to its box's agents", async () => {
  await using app = await testAppliance({ demo: true });
  const events: HubEvent[] = [];
  app.hub.subscribe((e) => events.push(e));
  const { id, customerId } = await leaveVoicemail(app, "Support");
  assert.ok(customerId, "the demo knows the caller");
  const support = app.db.get<{ id: number }>("SELECT id FROM queues WHERE name = 'Support'")!.id;
  const members = app.db.all<{ user_id: number }>(
    "SELECT user_id FROM queue_members WHERE queue_id = ? ORDER BY user_id",
    support,
  ).map((m) => m.user_id);
  const notice = events.find((e) => e.type === "voicemail.new");
  assert.deepEqual(notice?.data, {
    id,
    box: "Support",
    queue_id: support,
    duration_ms: 4000,
    agent_ids: members,
  });
  const contact = app.db.get<{ channel: string; customer_id: number; queue_id: number }>(
    "SELECT i.channel, i.customer_id, i.queue_id FROM interactions i JOIN voicemails v ON v.interaction_id = i.id WHERE v.id = ?",
    id,
  );
  assert.deepEqual({ ...contact }, {
    channel: "voicemail",
    customer_id: customerId,
    queue_id: support,
  });
});

Deno.test("agents see shared boxes and their queues' boxes; a queue's box is closed to others", async () => {
  await using app = await testAppliance({ demo: true });
  const shared = await leaveVoicemail(app, "general");
  const support = await leaveVoicemail(app, "Support");
  const supportId = app.db.get<{ id: number }>("SELECT id FROM queues WHERE name = 'Support'")!.id;
  const outsider = app.db.get<{ username: string }>(
    `SELECT username FROM users WHERE role = 'agent' AND id NOT IN
       (SELECT user_id FROM queue_members WHERE queue_id = ?) LIMIT 1`,
    supportId,
  );
  assert.ok(outsider, "the demo has an agent outside Support");
  const client = await signedIn(app, outsider.username);
  const listed = await (await client.get("/api/v1/voicemails")).json();
  assert.deepEqual(listed.voicemails.map((v: { id: number }) => v.id), [shared.id]);
  const refused = await client.get(`/api/v1/voicemails/${support.id}/audio`);
  assert.equal(refused.status, 403);
  await refused.body?.cancel();
  const lead = await signedIn(app, "super1");
  const all = await (await lead.get("/api/v1/voicemails")).json();
  assert.deepEqual(
    all.voicemails.map((v: { id: number }) => v.id).sort(),
    [shared.id, support.id].sort(),
  );
});

Deno.test("a voicemail plays in ranges, 416 past the end, and is assigned, linked to a case and handled", async () => {
  await using app = await testAppliance({ demo: true });
  const { id, customerId } = await leaveVoicemail(app, "general");
  const agent = await signedIn(app, "agent3");
  const part = await agent.request("GET", `/api/v1/voicemails/${id}/audio`, undefined, {
    range: "bytes=100-199",
  });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get("content-range"), "bytes 100-199/1000");
  const body = new Uint8Array(await part.arrayBuffer());
  assert.equal(body.length, 100);
  assert.equal(body[0], 100 % 251);
  const past = await agent.request("GET", `/api/v1/voicemails/${id}/audio`, undefined, {
    range: "bytes=1000-",
  });
  assert.equal(past.status, 416);
  await past.body?.cancel();
  const heard = (await (await agent.get(`/api/v1/voicemails/${id}`)).json()).voicemail;
  assert.equal(heard.status, "heard", "playing it marks it heard");

  const caseId = app.db.get<{ id: number }>(
    "SELECT id FROM cases WHERE customer_id = ? ORDER BY id LIMIT 1",
    customerId,
  )!.id;
  const me = app.users.byUsername("agent3")!.id;
  const changed = await agent.request("PATCH", `/api/v1/voicemails/${id}`, {
    assigned_to: me,
    case_id: caseId,
    handled: true,
  });
  assert.equal(changed.status, 200);
  const v = (await changed.json()).voicemail;
  assert.equal(v.assigned_to, me);
  assert.equal(v.case_id, caseId);
  assert.ok(v.handled_at);
  assert.equal(v.status, "archived");
  const contact = app.db.get<{ case_id: number }>(
    "SELECT case_id FROM interactions WHERE id = ?",
    v.interaction_id,
  );
  assert.equal(contact?.case_id, caseId, "the timeline's contact carries the case");
  const open = await (await agent.get("/api/v1/voicemails")).json();
  assert.deepEqual(open.voicemails, [], "handled messages leave the open list");
  const other = app.users.byUsername("agent1")!.id;
  const refused = await agent.request("PATCH", `/api/v1/voicemails/${id}`, { assigned_to: other });
  assert.equal(refused.status, 403, "an agent cannot hand work to someone else");
  await refused.body?.cancel();
});

Deno.test("a voicemail whose file is gone says so, never a 500", async () => {
  await using app = await testAppliance({ demo: true });
  const { id, callId } = await leaveVoicemail(app, "general");
  await Deno.remove(`${app.dir}/voicemails/${callId}.wav.enc`);
  const lead = await signedIn(app, "super1");
  const gone = await lead.get(`/api/v1/voicemails/${id}/audio`);
  assert.equal(gone.status, 404);
  assert.match((await gone.json()).error.message, /missing/);
});

/** A refusal's status, error code and its one issue as `[path, code]`. */
async function refusal(response: Response) {
  const { error } = await response.json();
  const issues = error.details?.issues ?? [];
  assert.equal(issues.length, 1, JSON.stringify(error));
  return [response.status, error.code, issues[0].path, issues[0].code];
}

Deno.test("a voicemail given to someone who is not there or linked to a case that is not there is refused at that field, and nothing changes", async () => {
  await using app = await testAppliance({ demo: true });
  const { id } = await leaveVoicemail(app, "general");
  const lead = await signedIn(app, "super1");
  const before = (await (await lead.get(`/api/v1/voicemails/${id}`)).json()).voicemail;
  const agent1 = app.users.byUsername("agent1")!.id;
  assert.deepEqual(
    await refusal(
      await lead.request("PATCH", `/api/v1/voicemails/${id}`, { assigned_to: 99999 }),
    ),
    [400, "invalid_request", "assigned_to", "unknown_user"],
  );
  app.db.run("UPDATE users SET active = 0 WHERE id = ?", agent1);
  assert.deepEqual(
    await refusal(
      await lead.request("PATCH", `/api/v1/voicemails/${id}`, { assigned_to: agent1 }),
    ),
    [400, "invalid_request", "assigned_to", "unknown_user"],
    "a deactivated user cannot be given work either",
  );
  assert.deepEqual(
    await refusal(
      await lead.request("PATCH", `/api/v1/voicemails/${id}`, {
        assigned_to: app.users.byUsername("agent2")!.id,
        case_id: 99999,
        handled: true,
      }),
    ),
    [400, "invalid_request", "case_id", "unknown_case"],
  );
  const after = (await (await lead.get(`/api/v1/voicemails/${id}`)).json()).voicemail;
  assert.deepEqual(after, before, "the refused changes left the voicemail as it was");
});

Deno.test("an agent giving a voicemail to someone else is refused at assigned_to with self_only", async () => {
  await using app = await testAppliance({ demo: true });
  const { id } = await leaveVoicemail(app, "general");
  const agent = await signedIn(app, "agent3");
  const refused = await agent.request("PATCH", `/api/v1/voicemails/${id}`, {
    assigned_to: app.users.byUsername("agent1")!.id,
  });
  assert.deepEqual(await refusal(refused), [403, "forbidden", "assigned_to", "self_only"]);
  const row = app.db.get<{ assigned_to: number | null }>(
    "SELECT assigned_to FROM voicemails WHERE id = ?",
    id,
  );
  assert.equal(row?.assigned_to, null, "nobody was given it");
});
