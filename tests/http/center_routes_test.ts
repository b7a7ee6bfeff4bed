import assert from "node:assert/strict";
import { testAppliance } from "../support/test_appliance.ts";
import { signedIn } from "./crm_helpers.ts";

Deno.test("the center is named with its time zone and language, and a bad zone is refused at its field", async () => {
  await using app = await testAppliance();
  const admin = await signedIn(app, "admin");
  const fresh = (await (await admin.get("/api/v1/center")).json()).center;
  assert.deepEqual(fresh, {
    name: "",
    timezone: "Asia/Shanghai",
    language: "zh-CN",
    configured: false,
  });
  const bad = await admin.request("PUT", "/api/v1/center", {
    name: "Shanghai office",
    timezone: "Mars/Olympus",
    language: "zh-CN",
  });
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.details.issues[0].path, "timezone");
  const saved = await admin.request("PUT", "/api/v1/center", {
    name: "Shanghai office",
    timezone: "Asia/Shanghai",
    language: "en",
  });
  assert.equal(saved.status, 200);
  assert.deepEqual((await saved.json()).center, {
    name: "Shanghai office",
    timezone: "Asia/Shanghai",
    language: "en",
    configured: true,
  });
});
