import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import { ScriptedCall } from "../../src/ivr/mod.ts";
import { ADMIN_PASSWORD, type TestClient } from "../support/test_appliance.ts";
import { demoCenter } from "./_demo.ts";
import { flowDoc } from "./_world.ts";

async function admin(): Promise<TestClient> {
  const app = await demoCenter();
  const client = app.client();
  assert.equal((await client.login("admin", ADMIN_PASSWORD)).status, 200);
  return client;
}

async function json(response: Response, status: number) {
  const body = await response.json();
  assert.equal(response.status, status, JSON.stringify(body));
  return body;
}

Deno.test("editor API: a draft saved from a stale copy is refused with 409 naming who saved it", async () => {
  const first = await admin();
  const second = await admin();
  const id = (await json(await first.post("/api/v1/ivr/flows", { name: "Two editors" }), 201))
    .flow.id;
  const opened = await first.get(`/api/v1/ivr/flows/${id}`);
  const tag = opened.headers.get("etag")!;
  assert.match(tag, /^"\d+"$/);
  await opened.body?.cancel();

  const doc = flowDoc({ a: { type: "play", play: ["welcome"], exits: { next: "bye" } } });
  const saved = await second.request("PUT", `/api/v1/ivr/flows/${id}/draft`, doc, {
    "if-match": tag,
  });
  const savedBody = await json(saved, 200);
  assert.notEqual(saved.headers.get("etag"), tag);
  assert.equal(savedBody.flow.saved_by, "admin");

  const stale = await json(
    await first.request("PUT", `/api/v1/ivr/flows/${id}/draft`, doc, { "if-match": tag }),
    409,
  );
  assert.equal(stale.error.code, "changed_meanwhile");
  assert.equal(stale.error.details.changed_by, "admin");
  assert.match(stale.error.message, /was changed by admin/);

  // A client that sends no If-Match is not refused (scripts that PUT JSON keep working).
  await json(await first.request("PUT", `/api/v1/ivr/flows/${id}/draft`, doc), 200);
});

Deno.test("editor API: publishing keeps a comment and who published it in the history", async () => {
  const client = await admin();
  const id = (await json(await client.post("/api/v1/ivr/flows", { name: "Commented" }), 201))
    .flow.id;
  await json(
    await client.post(`/api/v1/ivr/flows/${id}/publish`, { comment: "First version" }),
    200,
  );
  const doc = flowDoc({ a: { type: "play", play: ["welcome"], exits: { next: "bye" } } });
  await json(await client.request("PUT", `/api/v1/ivr/flows/${id}/draft`, doc), 200);
  await json(await client.post(`/api/v1/ivr/flows/${id}/publish`, { comment: "Second" }), 200);
  // A rollback re-publishes version 1 and keeps its original comment.
  await json(await client.post(`/api/v1/ivr/flows/${id}/rollback`, { version: 1 }), 200);
  const detail = await json(await client.get(`/api/v1/ivr/flows/${id}`), 200);
  assert.equal(detail.flow.published_version, 1);
  assert.deepEqual(
    detail.versions.map((v: { version: number; comment: string; published_by: string }) => [
      v.version,
      v.comment,
      v.published_by,
    ]),
    [[2, "Second", "admin"], [1, "First version", "admin"]],
  );
});

Deno.test("editor API: node types say which exits a new node of each type has", async () => {
  const client = await admin();
  const body = await json(await client.get("/api/v1/ivr/node-types"), 200);
  const byType = new Map(
    body.node_types.map((t: { type: string; exits: unknown }) => [t.type, t.exits]),
  );
  assert.deepEqual(byType.get("play"), { required: ["next"], optional: [] });
  assert.deepEqual(byType.get("menu"), { required: [], optional: ["invalid", "timeout"] });
  assert.deepEqual(byType.get("business_hours"), {
    required: ["open", "closed"],
    optional: ["holiday"],
  });
  assert.deepEqual(byType.get("voicemail"), { required: [], optional: [] });
});

Deno.test("editor API: traffic counts callers per node and exit for a period, and lists a node's calls", async () => {
  const app = await demoCenter();
  const client = await admin();
  const flow = app.ivr.flowForDid("1000")!;
  const id = flow.flowId!;
  const at = Date.parse("2026-05-04T10:00:00+08:00");
  const run = (callId: string, digits: string) =>
    app.ivr.runCall(
      new ScriptedCall(new VirtualClock(at), callId, "+8613800138000", "1000", digits),
    );
  await run("traffic-1", "2");
  await run("traffic-2", "2");
  await run("traffic-3", "3 12345#");

  const period = "from=2026-05-04T00:00:00Z&to=2026-05-05T00:00:00Z";
  const traffic = await json(await client.get(`/api/v1/ivr/flows/${id}/traffic?${period}`), 200);
  assert.equal(traffic.calls, 3);
  assert.equal(traffic.self_served, 1);
  assert.equal(traffic.nodes.menu.entered, 3);
  const menuExits = traffic.exits.filter((e: { node: string }) => e.node === "menu");
  assert.deepEqual(
    menuExits.map((e: { exit: string; callers: number }) => [e.exit, e.callers]),
    [["2", 2], ["3", 1]],
  );
  const support = menuExits.find((e: { exit: string }) => e.exit === "2");
  assert.equal(support.to, flow.definition.nodes.menu.exits!["2"]);
  assert.equal(traffic.nodes[support.to].ended.queue, 2);

  // Another day has none of these calls.
  const empty = await json(
    await client.get(
      `/api/v1/ivr/flows/${id}/traffic?from=2026-05-06T00:00:00Z&to=2026-05-07T00:00:00Z`,
    ),
    200,
  );
  assert.equal(empty.calls, 0);
  assert.deepEqual(empty.exits, []);

  const calls = await json(
    await client.get(`/api/v1/ivr/flows/${id}/traffic/calls?node=${support.to}&${period}`),
    200,
  );
  assert.deepEqual(
    calls.calls.map((c: { call_id: string }) => c.call_id).sort(),
    ["traffic-1", "traffic-2"],
  );
});

Deno.test("editor API: a traffic period that ends before it starts is a 400", async () => {
  const app = await demoCenter();
  const client = await admin();
  const id = app.ivr.flowForDid("1000")!.flowId!;
  const response = await client.get(
    `/api/v1/ivr/flows/${id}/traffic?from=2026-05-05T00:00:00Z&to=2026-05-04T00:00:00Z`,
  );
  assert.equal(response.status, 400);
  await response.body?.cancel();
});
