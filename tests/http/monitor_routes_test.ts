import assert from "node:assert/strict";
import { testAppliance } from "../support/test_appliance.ts";
import { signedIn } from "./crm_helpers.ts";

const CALL = "0192f0c4-7a7e-7c3e-8b1a-2f1e5d6c7b8a";

Deno.test("monitoring a call is for team leads and above, in a mode that exists, on a live call", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  const supervisor = await signedIn(app, "super1");
  assert.equal(
    (await agent.post(`/api/v1/calls/${CALL}/monitor`, { mode: "listen" })).status,
    403,
  );
  const badMode = await supervisor.post(`/api/v1/calls/${CALL}/monitor`, { mode: "spy" });
  assert.equal(badMode.status, 400);
  await badMode.body?.cancel();
  const gone = await supervisor.post(`/api/v1/calls/${CALL}/monitor`, { mode: "whisper" });
  assert.equal(gone.status, 404);
  assert.match((await gone.json()).error.message, /Live call/);
  for (const [method, path] of [["PATCH", ""], ["DELETE", ""], ["POST", "/take-over"]]) {
    const none = await supervisor.request(
      method,
      `/api/v1/calls/${CALL}/monitor${path}`,
      method === "PATCH" ? { mode: "barge" } : undefined,
    );
    assert.equal(none.status, 404, `${method} ${path} without a session`);
    await none.body?.cancel();
  }
  const idle = await supervisor.get(`/api/v1/calls/${CALL}/monitor`);
  assert.deepEqual(await idle.json(), { monitor: null });
});
