import assert from "node:assert/strict";
import { readWav } from "../../src/ivr/mod.ts";
import { ADMIN_PASSWORD, DEMO_PASSWORD, type TestClient } from "../support/test_appliance.ts";
import { demoCenter } from "./_demo.ts";
import { makeWav, tone } from "./_wav.ts";
import { flowDoc } from "./_world.ts";

async function signedIn(username: string): Promise<TestClient> {
  const app = await demoCenter();
  const client = app.client();
  const response = await client.login(
    username,
    username === "admin" ? ADMIN_PASSWORD : DEMO_PASSWORD,
  );
  assert.equal(response.status, 200);
  return client;
}

async function json(response: Response, status: number) {
  const body = await response.json();
  assert.equal(response.status, status, JSON.stringify(body));
  return body;
}

async function mainMenuId(): Promise<number> {
  return (await demoCenter()).ivr.flows.byName("Main menu")!.id;
}

Deno.test("API: an admin creates a flow, sees the draft's problems, and publishes once they are fixed", async () => {
  const admin = await signedIn("admin");
  const created = await json(await admin.post("/api/v1/ivr/flows", { name: "Billing line" }), 201);
  const id = created.flow.id;
  assert.equal(created.flow.draft_version, 1);
  assert.deepEqual(created.problems, []);

  const bad = flowDoc({ a: { type: "play", play: ["no_such_prompt"], exits: { next: "ghost" } } });
  const saved = await json(await admin.request("PUT", `/api/v1/ivr/flows/${id}/draft`, bad), 200);
  assert.deepEqual(saved.problems.map((p: { node: string; code: string }) => [p.node, p.code]), [
    ["a", "unknown_target"],
    ["a", "unknown_prompt"],
  ]);
  const refused = await json(await admin.post(`/api/v1/ivr/flows/${id}/publish`), 422);
  assert.equal(refused.error.code, "invalid_flow");
  assert.equal(refused.error.details.problems.length, 2);
  assert.match(refused.error.message, /2 problems; the published version keeps running/);

  const good = flowDoc({ a: { type: "play", play: ["welcome"], exits: { next: "bye" } } });
  await json(await admin.request("PUT", `/api/v1/ivr/flows/${id}/draft`, good), 200);
  const published = await json(await admin.post(`/api/v1/ivr/flows/${id}/publish`), 200);
  assert.equal(published.version, 1);
  assert.equal(published.flow.published_version, 1);
  assert.equal(published.flow.draft_version, null);
  const detail = await json(await admin.get(`/api/v1/ivr/flows/${id}`), 200);
  assert.equal(detail.published.name, "Billing line");
  assert.equal(detail.versions[0].published_at !== null, true);
});

Deno.test("API: a refused publish leaves the published version running for callers", async () => {
  const app = await demoCenter();
  const admin = await signedIn("admin");
  const id =
    (await json(await admin.post("/api/v1/ivr/flows", { name: "Keeps running" }), 201)).flow.id;
  await json(await admin.post(`/api/v1/ivr/flows/${id}/publish`), 200);
  const broken = flowDoc({ a: { type: "queue", queue: "Nope" } });
  await json(await admin.request("PUT", `/api/v1/ivr/flows/${id}/draft`, broken), 200);
  await json(await admin.post(`/api/v1/ivr/flows/${id}/publish`), 422);
  const run = await json(
    await admin.post(`/api/v1/ivr/flows/${id}/simulate`, { version: "published", caller: "+1" }),
    200,
  );
  assert.deepEqual(run.prompts.map((p: { name: string }) => p.name), ["welcome", "goodbye"]);
  assert.equal(app.ivr.load(id, "published")!.version, 1);
});

Deno.test("API: a malformed draft is refused with 422 and every problem, and nothing is saved", async () => {
  const admin = await signedIn("admin");
  const id =
    (await json(await admin.post("/api/v1/ivr/flows", { name: "Malformed" }), 201)).flow.id;
  const response = await admin.request("PUT", `/api/v1/ivr/flows/${id}/draft`, {
    ...flowDoc({ a: { type: "teleport" }, b: { type: "menu", exits: {} } }),
  });
  const body = await json(response, 422);
  assert.deepEqual([...new Set(body.error.details.problems.map((p: { node: string }) => p.node))], [
    "a",
    "b",
  ]);
  const detail = await json(await admin.get(`/api/v1/ivr/flows/${id}`), 200);
  assert.equal(detail.draft.nodes.welcome.type, "play");
});

Deno.test("API: rollback re-publishes an earlier version and keeps the draft", async () => {
  const admin = await signedIn("admin");
  const id =
    (await json(await admin.post("/api/v1/ivr/flows", { name: "Rollback line" }), 201)).flow.id;
  await json(await admin.post(`/api/v1/ivr/flows/${id}/publish`), 200);
  const v2 = flowDoc({ a: { type: "hangup", play: ["closed"] } });
  await json(await admin.request("PUT", `/api/v1/ivr/flows/${id}/draft`, v2), 200);
  assert.equal(
    (await json(await admin.post(`/api/v1/ivr/flows/${id}/publish`, {}), 200)).version,
    2,
  );
  await json(await admin.request("PUT", `/api/v1/ivr/flows/${id}/draft`, v2), 200);
  const back = await json(
    await admin.post(`/api/v1/ivr/flows/${id}/rollback`, { version: 1 }),
    200,
  );
  assert.equal(back.flow.published_version, 1);
  assert.equal(back.flow.draft_version, 3);
  const never = await json(
    await admin.post(`/api/v1/ivr/flows/${id}/rollback`, { version: 3 }),
    422,
  );
  assert.match(never.error.message, /never published/);
  await json(await admin.post(`/api/v1/ivr/flows/${id}/rollback`, { version: 9 }), 422);
});

Deno.test("API: validate checks the draft or a posted document, and supervisors may use it", async () => {
  const supervisor = await signedIn("super1");
  const id = await mainMenuId();
  const stored = await json(await supervisor.post(`/api/v1/ivr/flows/${id}/validate`), 200);
  assert.deepEqual(stored, { valid: true, version: 1, problems: [] });
  const posted = await json(
    await supervisor.post(`/api/v1/ivr/flows/${id}/validate`, {
      definition: flowDoc({
        a: { type: "business_hours", schedule: "lunar", exits: { open: "bye", closed: "bye" } },
      }),
    }),
    200,
  );
  assert.equal(posted.valid, false);
  assert.deepEqual(posted.problems.map((p: { code: string }) => p.code), ["unknown_schedule"]);
});

Deno.test("API: simulate returns prompts, variables, events and the route, for supervisors but not agents", async () => {
  const supervisor = await signedIn("super1");
  const id = await mainMenuId();
  const body = await json(
    await supervisor.post(`/api/v1/ivr/flows/${id}/simulate`, {
      caller: "+8613800138000",
      digits: "3 12345#",
      at: "2026-05-04T10:00:00+08:00",
    }),
    200,
  );
  assert.deepEqual(body.route, { type: "self_service" });
  assert.equal(body.version, 1);
  assert.equal(body.variables["customer.account"], "12345");
  assert.ok(body.prompts.some((p: { name: string }) => p.name === "status_open"));
  assert.ok(body.events.some((e: { type: string }) => e.type === "ivr.node_entered"));
  assert.equal(body.started_at, "2026-05-04T02:00:00.000Z");

  const evening = await json(
    await supervisor.post(`/api/v1/ivr/flows/${id}/simulate`, {
      caller: "+8613800138000",
      digits: "2",
      at: "2026-05-01T22:00:00+08:00",
    }),
    200,
  );
  assert.equal(evening.route.type, "callback");

  const agent = await signedIn("agent1");
  assert.equal((await agent.post(`/api/v1/ivr/flows/${id}/simulate`, { digits: "1" })).status, 403);
});

Deno.test("API: simulate refuses a keypad script outside the notation with 400", async () => {
  const supervisor = await signedIn("super1");
  const response = await supervisor.post(`/api/v1/ivr/flows/${await mainMenuId()}/simulate`, {
    digits: "1 x2",
  });
  const body = await json(response, 400);
  assert.match(body.error.message, /Keypad entry "x2"/);
});

Deno.test("API: export gives the flow document and import makes a new flow or a new draft", async () => {
  const admin = await signedIn("admin");
  const exported = await admin.get(`/api/v1/ivr/flows/${await mainMenuId()}/export`);
  assert.match(exported.headers.get("content-disposition")!, /main_menu\.v1\.json/);
  const document = await json(exported, 200);
  assert.equal(document.name, "Main menu");
  assert.equal(document.start, "identify");

  const copy = { ...document, name: "Main menu copy" };
  const created = await json(await admin.post("/api/v1/ivr/flows/import", copy), 201);
  assert.equal(created.created, true);
  assert.deepEqual(created.problems, []);
  const again = await json(await admin.post("/api/v1/ivr/flows/import?publish=true", copy), 200);
  assert.equal(again.created, false);
  assert.equal(again.flow.published_version, 1);

  const broken = {
    ...copy,
    nodes: { ...copy.nodes, menu: { ...copy.nodes.menu, play: ["missing_prompt"] } },
  };
  const refused = await json(
    await admin.post("/api/v1/ivr/flows/import?publish=true", broken),
    422,
  );
  assert.equal(refused.error.details.problems[0].node, "menu");
});

Deno.test("API: writes need an admin; supervisors may read and simulate only", async () => {
  const supervisor = await signedIn("super1");
  const id = await mainMenuId();
  assert.equal((await supervisor.get("/api/v1/ivr/flows")).status, 200);
  assert.equal((await supervisor.get(`/api/v1/ivr/flows/${id}/export`)).status, 200);
  assert.equal((await supervisor.post("/api/v1/ivr/flows", { name: "Nope" })).status, 403);
  assert.equal(
    (await supervisor.request(
      "PUT",
      `/api/v1/ivr/flows/${id}/draft`,
      flowDoc({ a: { type: "hangup" } }),
    )).status,
    403,
  );
  assert.equal((await supervisor.post(`/api/v1/ivr/flows/${id}/publish`)).status, 403);
  assert.equal(
    (await supervisor.post(`/api/v1/ivr/flows/${id}/rollback`, { version: 1 })).status,
    403,
  );
  assert.equal(
    (await supervisor.post("/api/v1/ivr/flows/import", flowDoc({ a: { type: "hangup" } }))).status,
    403,
  );
  assert.equal(
    (await supervisor.request("PUT", "/api/v1/ivr/schedules/office", { hours: [] })).status,
    403,
  );
  assert.equal(
    (await supervisor.post("/api/v1/ivr/prompts?name=x&language=en", "RIFF")).status,
    403,
  );
  const agent = await signedIn("agent1");
  assert.equal((await agent.get("/api/v1/ivr/flows")).status, 403);
});

Deno.test("API: an uploaded prompt is stored as 8 kHz mono 16-bit and flows may use it", async () => {
  const app = await demoCenter();
  const admin = await signedIn("admin");
  const wav = makeWav({
    rate: 48000,
    channels: 2,
    bits: 24,
    length: 24000,
    frames: tone(300, 48000),
  });
  const response = await app.http.app.request(
    "http://appliance.test/api/v1/ivr/prompts?name=promo_may&language=en&description=May%20offers",
    {
      method: "POST",
      headers: {
        cookie: admin.cookie,
        "x-csrf-token": admin.csrfToken,
        "content-type": "audio/wav",
      },
      body: wav,
    },
    { remoteAddr: { hostname: admin.ip, port: 40000 } },
  );
  const { prompt } = await json(response, 201);
  assert.deepEqual([prompt.name, prompt.language, prompt.duration_ms, prompt.path], [
    "promo_may",
    "en",
    500,
    "prompts/en/promo_may.wav",
  ]);
  const stored = readWav(await Deno.readFile(`${app.dir}/prompts/en/promo_may.wav`));
  assert.deepEqual([stored.sampleRate, stored.channels, stored.data[0].length], [8000, 1, 4000]);
  const listed = await json(await admin.get("/api/v1/ivr/prompts"), 200);
  assert.ok(
    listed.prompts.some((p: { name: string; builtin: boolean }) =>
      p.name === "promo_may" && !p.builtin
    ),
  );
  const audio = await admin.get("/api/v1/ivr/prompts/en/promo_may/audio");
  assert.equal(audio.headers.get("content-type"), "audio/wav");
  await audio.arrayBuffer();
  assert.deepEqual(
    app.ivr.validate(flowDoc({ a: { type: "hangup", play: ["promo_may"] } })).problems,
    [],
  );
  const audit = app.db.get<{ action: string }>(
    "SELECT action FROM audit_log WHERE entity = 'prompts' ORDER BY id DESC",
  );
  assert.equal(audit?.action, "POST /ivr/prompts");
});

Deno.test("API: a prompt upload that is not WAV answers 400 saying so", async () => {
  const admin = await signedIn("admin");
  const response = await admin.post(
    "/api/v1/ivr/prompts?name=bad&language=en",
    "not audio at all",
    {
      "content-type": "audio/wav",
    },
  );
  const body = await json(response, 400);
  assert.match(body.error.message, /not a WAV file/);
});

Deno.test("API: schedules are listed and replaced by admins, and flows validate against them", async () => {
  const app = await demoCenter();
  const admin = await signedIn("admin");
  const listed = await json(await admin.get("/api/v1/ivr/schedules"), 200);
  const office = listed.schedules.find((s: { name: string }) => s.name === "office");
  assert.equal(office.hours.length, 5);
  assert.ok(office.holidays.some((h: { date: string }) => h.date === "2026-10-01"));
  const put = await json(
    await admin.request("PUT", "/api/v1/ivr/schedules/night_shift", {
      hours: [{ weekday: 1, opens: "18:00", closes: "24:00" }],
      holidays: [{ date: "2026-12-25", name: "Christmas" }],
    }),
    200,
  );
  assert.equal(put.schedule.name, "night_shift");
  const doc = flowDoc({
    h: { type: "business_hours", schedule: "night_shift", exits: { open: "bye", closed: "bye" } },
  });
  assert.deepEqual(app.ivr.validate(doc).problems, []);
  const bad = await json(
    await admin.request("PUT", "/api/v1/ivr/schedules/x", {
      hours: [{ weekday: 8, opens: "9", closes: "8" }],
    }),
    400,
  );
  assert.ok(bad.error.details.issues.length >= 2);
  const backwards = await json(
    await admin.request("PUT", "/api/v1/ivr/schedules/x", {
      hours: [{ weekday: 2, opens: "18:00", closes: "09:00" }],
    }),
    400,
  );
  assert.deepEqual(
    backwards.error.details.issues.map((i: { path: string; code: string }) => [i.path, i.code]),
    [["hours.0.closes", "ends_before_start"]],
    "a day that closes before it opens says so with a code the page words",
  );
});

Deno.test("API: node types are listed with their schemas for the flow editor", async () => {
  const supervisor = await signedIn("super1");
  const body = await json(await supervisor.get("/api/v1/ivr/node-types"), 200);
  const types = body.node_types.map((t: { type: string }) => t.type);
  assert.equal(types.length, 17);
  assert.ok(types.includes("webhook") && types.includes("survey"));
  const menu = body.node_types.find((t: { type: string }) => t.type === "menu");
  assert.ok(menu.schema.properties.timeout_s);
});

Deno.test("API: a flow that a number routes to cannot be deleted; others can, and changes are audited", async () => {
  const app = await demoCenter();
  const admin = await signedIn("admin");
  const routed = await json(
    await admin.request("DELETE", `/api/v1/ivr/flows/${await mainMenuId()}`),
    409,
  );
  assert.match(routed.error.message, /answers 1000/);
  assert.deepEqual(routed.error.details.in_use, { kind: "numbers", names: ["1000"] });
  const id =
    (await json(await admin.post("/api/v1/ivr/flows", { name: "Short lived" }), 201)).flow.id;
  assert.equal((await admin.request("DELETE", `/api/v1/ivr/flows/${id}`)).status, 204);
  assert.equal((await admin.get(`/api/v1/ivr/flows/${id}`)).status, 404);
  const actions = app.db.all<{ action: string }>(
    "SELECT action FROM audit_log WHERE entity = 'ivr_flows'",
  )
    .map((r) => r.action);
  assert.ok(actions.includes("POST /ivr/flows"));
  assert.ok(actions.includes("DELETE /ivr/flows/:id"));
});
