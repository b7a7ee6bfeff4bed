import assert from "node:assert/strict";
import { StorageError } from "../../src/db/mod.ts";
import { ErrorBodySchema } from "../../src/http/mod.ts";
import { ADMIN_PASSWORD, testAppliance } from "../support/test_appliance.ts";

Deno.test("the health endpoint answers without authentication", async () => {
  await using app = await testAppliance();
  const response = await app.client().get("/api/v1/health");
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.equal(body.status, "ok");
  assert.match(body.version, /^\d+\.\d+\.\d+/);
  assert.equal(typeof body.uptime_s, "number");
});

Deno.test("a body that is not JSON answers 400 in the standard error shape", async () => {
  await using app = await testAppliance();
  const response = await app.client().post("/api/v1/auth/login", "{not json", {
    "content-type": "application/json",
  });
  assert.equal(response.status, 400);
  const body = await response.json();
  assert.ok(ErrorBodySchema.safeParse(body).success);
  assert.equal(body.error.code, "invalid_request");
});

Deno.test("an unknown API endpoint answers 404 in the standard error shape", async () => {
  await using app = await testAppliance();
  const response = await app.client().get("/api/v1/no-such-thing");
  assert.equal(response.status, 404);
  assert.ok(ErrorBodySchema.safeParse(await response.json()).success);
});

Deno.test("a request body over 1 MiB answers 413", async () => {
  await using app = await testAppliance();
  const big = JSON.stringify({ username: "a".repeat(1_100_000), password: "x" });
  const response = await app.client().post("/api/v1/auth/login", big);
  assert.equal(response.status, 413);
  assert.equal((await response.json()).error.code, "payload_too_large");
});

Deno.test("the OpenAPI document is generated from the route schemas", async () => {
  await using app = await testAppliance();
  const doc = await (await app.client().get("/api/v1/openapi.json")).json();
  assert.equal(doc.openapi, "3.0.3");
  const login = doc.paths["/api/v1/auth/login"].post;
  assert.deepEqual(login.requestBody.content["application/json"].schema.required.sort(), [
    "password",
    "username",
  ]);
  assert.deepEqual(login.security, []);
  assert.ok(doc.paths["/api/v1/users/{id}"].patch);
  assert.deepEqual(doc.paths["/api/v1/users"].post["x-roles"], ["admin"]);
  const docsPage = await app.client().get("/api/v1/docs");
  assert.match(await docsPage.text(), /openapi\.json/);
});

Deno.test("UI paths get the embedded page shell and assets, never the API", async () => {
  await using app = await testAppliance();
  const page = await app.client().get("/agent");
  assert.equal(page.status, 200);
  assert.match(await page.text(), /test shell/);
  const asset = await app.client().get("/assets/app.js");
  assert.match(asset.headers.get("content-type")!, /javascript/);
  assert.equal((await app.client().get("/assets/missing.js")).status, 404);
});

Deno.test("an admin can change their own display name and the API answers with the change", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const response = await admin.request("PATCH", "/api/v1/users/1", {
    display_name: "Head of IT",
    nonsense: 1,
  });
  assert.equal(response.status, 400, "unknown fields are refused rather than ignored");
  const ok = await admin.request("PATCH", "/api/v1/users/1", { display_name: "Head of IT" });
  assert.equal((await ok.json()).user.display_name, "Head of IT");
});

Deno.test("a disk that refuses answers 507 when full and 503 when failing, in the standard shape, and /health says which", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  let refusal: "full" | "failing" = "full";
  app.users.update = () => {
    throw new StorageError(refusal, "The data disk refused");
  };
  const change = () => admin.request("PATCH", "/api/v1/users/1", { display_name: "Head of IT" });

  const full = await change();
  assert.equal(full.status, 507);
  const body = await full.json();
  assert.ok(ErrorBodySchema.safeParse(body).success);
  assert.equal(body.error.code, "storage_full");
  assert.deepEqual(body.error.details, { storage: "full" });
  refusal = "failing";
  const failing = await change();
  assert.equal(failing.status, 503);
  assert.equal((await failing.json()).error.code, "storage_unavailable");
  assert.deepEqual(app.logs.filter((l) => l.includes("request failed")), []);

  const health = () => app.client().get("/api/v1/health");
  assert.equal((await (await health()).json()).storage, "ok");
  app.db.storage.failed(new StorageError("full", "The data disk refused"));
  const refused = await health();
  assert.equal(refused.status, 200, "the appliance still serves");
  assert.equal((await refused.json()).storage, "full");
});
