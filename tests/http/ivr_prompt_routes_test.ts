import assert from "node:assert/strict";
import { ADMIN_PASSWORD, type TestAppliance, testAppliance } from "../support/test_appliance.ts";
import type { TestClient } from "../support/test_appliance.ts";
import { readWav } from "../../src/ivr/mod.ts";
import { makeWav, tone } from "../ivr/_wav.ts";
import { flowDoc } from "../ivr/_world.ts";

async function center(): Promise<
  { app: TestAppliance; admin: TestClient; [Symbol.asyncDispose](): Promise<void> }
> {
  const app = await testAppliance();
  const admin = app.client();
  assert.equal((await admin.login("admin", ADMIN_PASSWORD)).status, 200);
  return { app, admin, [Symbol.asyncDispose]: () => app[Symbol.asyncDispose]() };
}

/** A queue that plays `music` while callers wait. */
function queueInput(name: string, music?: string) {
  return {
    name,
    strategy: "longest_idle",
    service_level_s: 20,
    short_abandon_s: 5,
    skills: [],
    members: [],
    options: music ? { music_on_hold: music } : {},
  };
}

async function json(response: Response, status: number) {
  const body = await response.json();
  assert.equal(response.status, status, JSON.stringify(body));
  return body;
}

/** Posts audio bytes as the browser's upload does. */
async function upload(
  app: TestAppliance,
  admin: TestClient,
  query: string,
  body: Uint8Array<ArrayBuffer>,
): Promise<Response> {
  return await app.http.app.request(
    `http://appliance.test/api/v1/ivr/prompts?${query}`,
    {
      method: "POST",
      headers: {
        cookie: admin.cookie,
        "x-csrf-token": admin.csrfToken,
        "content-type": "audio/wav",
      },
      body,
    },
    { remoteAddr: { hostname: admin.ip, port: 40000 } },
  );
}

const halfSecond = () =>
  makeWav({ rate: 8000, channels: 1, bits: 16, length: 4000, frames: tone(440, 8000) });

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

Deno.test("prompt list names the published flows, drafts and queues that play each prompt", async () => {
  await using world = await center();
  const { app, admin } = world;
  await json(await upload(app, admin, "name=promo&language=en", halfSecond()), 201);
  const flow = (await json(await admin.post("/api/v1/ivr/flows", { name: "Promo line" }), 201))
    .flow;
  const plays = flowDoc({ a: { type: "play", play: ["promo"], exits: { next: "bye" } } });
  await json(await admin.request("PUT", `/api/v1/ivr/flows/${flow.id}/draft`, plays), 200);
  await json(await admin.post(`/api/v1/ivr/flows/${flow.id}/publish`), 200);
  await json(await admin.request("PUT", `/api/v1/ivr/flows/${flow.id}/draft`, plays), 200);
  const queue = app.queueStore.save(queueInput("Sales", "promo"));

  const listed = await json(await admin.get("/api/v1/ivr/prompts"), 200);
  const promo = listed.prompts.find((p: { name: string }) => p.name === "promo");
  assert.deepEqual(promo.used_by, [
    { kind: "flow", flow_id: flow.id, flow: "Promo line", version: 1, published: true },
    { kind: "flow", flow_id: flow.id, flow: "Promo line", version: 2, published: false },
    { kind: "queue", queue_id: queue.id, queue: "Sales", setting: "music_on_hold" },
  ]);
  const welcome = listed.prompts.find((p: { name: string }) => p.name === "welcome");
  assert.deepEqual(welcome.used_by, []);
});

Deno.test("deleting a prompt a flow or queue plays is refused with 409 naming them, and nothing is deleted", async () => {
  await using world = await center();
  const { app, admin } = world;
  await json(await upload(app, admin, "name=hold_tune&language=zh-CN", halfSecond()), 201);
  const queue = app.queueStore.save(queueInput("Support", "hold_tune"));

  const refused = await json(
    await admin.request("DELETE", "/api/v1/ivr/prompts/zh-CN/hold_tune"),
    409,
  );
  assert.equal(refused.error.code, "conflict");
  assert.match(refused.error.message, /queue Support \(music on hold\)/);
  assert.deepEqual(refused.error.details.uses, [
    { kind: "queue", queue_id: queue.id, queue: "Support", setting: "music_on_hold" },
  ]);
  assert.ok(await exists(`${app.dir}/prompts/zh-CN/hold_tune.wav`));
  assert.ok(app.ivr.prompts.file("hold_tune", "zh-CN"));

  app.queueStore.save(queueInput("Support"), queue.id);
  const deleted = await admin.request("DELETE", "/api/v1/ivr/prompts/zh-CN/hold_tune");
  assert.equal(deleted.status, 204);
  assert.equal(await exists(`${app.dir}/prompts/zh-CN/hold_tune.wav`), false);
  assert.equal(app.ivr.prompts.file("hold_tune", "zh-CN"), undefined);
  await json(await admin.request("DELETE", "/api/v1/ivr/prompts/zh-CN/hold_tune"), 404);
  const audit = app.db.get<{ action: string; entity_id: string }>(
    "SELECT action, entity_id FROM audit_log WHERE entity = 'prompts' ORDER BY id DESC",
  );
  assert.deepEqual({ ...audit }, {
    action: "DELETE /ivr/prompts/:language/:name",
    entity_id: "zh-CN/hold_tune",
  });
});

Deno.test("deleting the recording of a built-in prompt that flows play is allowed: its words take over", async () => {
  await using world = await center();
  const { app, admin } = world;
  await json(await upload(app, admin, "name=goodbye&language=en", halfSecond()), 201);
  const flow = (await json(await admin.post("/api/v1/ivr/flows", { name: "Bye line" }), 201))
    .flow;
  await json(
    await admin.request(
      "PUT",
      `/api/v1/ivr/flows/${flow.id}/draft`,
      flowDoc({ a: { type: "hangup", play: ["goodbye"] } }),
    ),
    200,
  );
  assert.equal(app.ivr.promptUses().get("goodbye")?.length, 1);
  assert.equal((await admin.request("DELETE", "/api/v1/ivr/prompts/en/goodbye")).status, 204);
  assert.equal(app.ivr.prompts.file("goodbye", "en"), undefined);
  assert.equal(app.ivr.prompts.has("goodbye"), true);
});

Deno.test("an upload longer than five minutes is refused at the file field before anything is stored", async () => {
  await using world = await center();
  const { app, admin } = world;
  const long = makeWav({ rate: 8000, channels: 1, bits: 16, length: 8000 * 301, frames: () => 0 });
  assert.ok(long.byteLength > 1024 * 1024, "larger than the API's usual body limit");
  const refused = await json(await upload(app, admin, "name=too_long&language=en", long), 400);
  assert.match(refused.error.message, /lasts 301 s; prompts may last at most 300 s/);
  assert.deepEqual(refused.error.details.issues, [{
    path: "file",
    code: "audio_too_long",
    message: refused.error.message,
    maximum: 300,
  }]);
  assert.equal(app.ivr.prompts.file("too_long", "en"), undefined);
  assert.equal(await exists(`${app.dir}/prompts/en`), false, "not even a directory was made");
});

Deno.test("an upload that is not audio is refused at the file field and nothing is stored", async () => {
  await using world = await center();
  const { app, admin } = world;
  const text = new TextEncoder().encode("just some text, not a recording");
  const refused = await json(await upload(app, admin, "name=text&language=en", text), 400);
  assert.equal(refused.error.details.issues[0].path, "file");
  assert.equal(refused.error.details.issues[0].code, "not_audio");
  assert.match(refused.error.message, /not a WAV file/);
  assert.equal(await exists(`${app.dir}/prompts/en`), false);
  const listed = await json(await admin.get("/api/v1/ivr/prompts"), 200);
  assert.equal(listed.prompts.some((p: { name: string }) => p.name === "text"), false);
});

Deno.test("typed text is spoken and stored as a prompt to play back", async () => {
  await using world = await center();
  const { app, admin } = world;
  const created = await json(
    await admin.post("/api/v1/ivr/prompts/speech", {
      name: "closed_today",
      language: "en",
      text: "We are closed today. Please call again tomorrow.",
    }),
    201,
  );
  assert.equal(created.prompt.description, "We are closed today. Please call again tomorrow.");
  assert.ok(created.prompt.duration_ms > 1000, `spoken for ${created.prompt.duration_ms} ms`);
  const audio = await admin.get("/api/v1/ivr/prompts/en/closed_today/audio");
  assert.equal(audio.status, 200);
  assert.equal(audio.headers.get("content-type"), "audio/wav");
  assert.ok((await audio.arrayBuffer()).byteLength > 16000);
  const blank = await json(
    await admin.post("/api/v1/ivr/prompts/speech", { name: "blank", language: "en", text: "  " }),
    400,
  );
  assert.equal(blank.error.details.issues[0].path, "text");
  const audit = app.db.get<{ details: string }>(
    "SELECT details FROM audit_log WHERE entity = 'prompts' ORDER BY id DESC",
  );
  assert.match(audit!.details, /"from":"speech"/);
});

Deno.test("a built-in prompt without a recording plays as calls hear it, spoken", async () => {
  await using world = await center();
  const { admin } = world;
  const audio = await admin.get("/api/v1/ivr/prompts/zh-CN/goodbye/audio");
  assert.equal(audio.status, 200);
  assert.equal(audio.headers.get("content-type"), "audio/wav");
  const wav = readWav(new Uint8Array(await audio.arrayBuffer()));
  assert.deepEqual([wav.sampleRate, wav.channels], [8000, 1]);
  assert.ok(wav.data[0].length > 8000, "at least a second of speech");
  await json(await admin.get("/api/v1/ivr/prompts/en/no_such_prompt/audio"), 404);
});
