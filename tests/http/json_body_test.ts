import assert from "node:assert/strict";
import { ErrorBodySchema } from "../../src/http/mod.ts";
import { ADMIN_PASSWORD, type TestAppliance, type TestClient } from "../support/test_appliance.ts";
import { testAppliance } from "../support/test_appliance.ts";

/** Sends raw bytes with exactly the Content-Type given (none when undefined). */
function send(
  app: TestAppliance,
  client: TestClient,
  path: string,
  body: Uint8Array<ArrayBuffer> | string,
  contentType: string | undefined,
  method = "POST",
): Promise<Response> {
  const headers: Record<string, string> = { cookie: client.cookie };
  if (client.csrfToken) headers["x-csrf-token"] = client.csrfToken;
  if (contentType !== undefined) headers["content-type"] = contentType;
  return Promise.resolve(app.http.app.request(`http://appliance.test${path}`, {
    method,
    headers,
    // Bytes, because a string body would make Request add text/plain by itself.
    body: typeof body === "string" ? new TextEncoder().encode(body) : body,
  }, { remoteAddr: { hostname: client.ip, port: 40000 } }));
}

async function admin(app: TestAppliance): Promise<TestClient> {
  const client = app.client();
  assert.equal((await client.login("admin", ADMIN_PASSWORD)).status, 200);
  return client;
}

function customerCount(app: TestAppliance): number {
  return app.db.get<{ n: number }>("SELECT count(*) AS n FROM customers")!.n;
}

const customer = JSON.stringify({ name: "Zhou Xiaoming" });

Deno.test("a JSON route refuses a text/plain or missing Content-Type with 415 in the standard shape", async () => {
  await using app = await testAppliance();
  const client = await admin(app);
  for (const type of [undefined, "text/plain", "application/x-www-form-urlencoded", "text/json"]) {
    const response = await send(app, client, "/api/v1/customers", customer, type);
    assert.equal(response.status, 415, `Content-Type ${type}`);
    const body = await response.json();
    assert.ok(ErrorBodySchema.safeParse(body).success);
    assert.equal(body.error.code, "unsupported_media_type");
    assert.deepEqual(body.error.details, { expected: "application/json", received: type ?? null });
  }
  assert.equal(customerCount(app), 0);
});

Deno.test("sign-in is a JSON route too: a form post cannot sign anyone in", async () => {
  await using app = await testAppliance();
  const response = await send(
    app,
    app.client(),
    "/api/v1/auth/login",
    JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
    "text/plain;charset=UTF-8",
  );
  assert.equal(response.status, 415);
  assert.equal(response.headers.get("set-cookie"), null);
});

Deno.test("JSON with a UTF-8 charset or a +json type is accepted; another charset is not", async () => {
  await using app = await testAppliance();
  const client = await admin(app);
  for (const type of ["application/json; charset=utf-8", 'Application/JSON;Charset="UTF-8"']) {
    assert.equal((await send(app, client, "/api/v1/customers", customer, type)).status, 201, type);
  }
  const patched = await send(
    app,
    client,
    "/api/v1/customers/1",
    JSON.stringify({ company: "Acme" }),
    "application/merge-patch+json",
    "PATCH",
  );
  assert.equal(patched.status, 200);
  const latin1 = await send(
    app,
    client,
    "/api/v1/customers",
    customer,
    "application/json; charset=iso-8859-1",
  );
  assert.equal(latin1.status, 415);
  assert.equal(customerCount(app), 2);
});

Deno.test("a body that is not valid UTF-8 is refused with 400 and nothing is stored", async () => {
  await using app = await testAppliance();
  const client = await admin(app);
  const prefix = new TextEncoder().encode('{"name":"Zhou ');
  const bad = new Uint8Array([...prefix, 0xe5, 0x91, 0x22, 0x7d]); // a cut-off 呼, then "}
  const response = await send(app, client, "/api/v1/customers", bad, "application/json");
  assert.equal(response.status, 400);
  const body = await response.json();
  assert.equal(body.error.code, "invalid_request");
  assert.match(body.error.message, /UTF-8/);
  assert.equal(customerCount(app), 0);
  const replaced = app.db.get<{ n: number }>(
    "SELECT count(*) AS n FROM customers WHERE instr(name, char(65533)) > 0",
  )!;
  assert.equal(replaced.n, 0);
});

Deno.test("an escaped half of a surrogate pair is refused rather than stored as U+FFFD", async () => {
  await using app = await testAppliance();
  const client = await admin(app);
  for (const body of ['{"name":"Zhou \\ud800"}', '{"name":"Zhou","tags":["\\udfff"]}']) {
    const response = await send(app, client, "/api/v1/customers", body, "application/json");
    assert.equal(response.status, 400, body);
    assert.match((await response.json()).error.message, /surrogate/);
  }
  const paired = await send(
    app,
    client,
    "/api/v1/customers",
    '{"name":"Zhou \\ud83d\\ude00"}',
    "application/json",
  );
  assert.equal(paired.status, 201);
  assert.equal((await paired.json()).customer.name, "Zhou 😀");
});

Deno.test("a route whose JSON body is optional still takes an empty body without a Content-Type", async () => {
  await using app = await testAppliance();
  const client = await admin(app);
  const created = await client.post("/api/v1/ivr/flows", { name: "Main line" });
  assert.equal(created.status, 201, await created.clone().text());
  const { flow } = await created.json();
  const path = `/api/v1/ivr/flows/${flow.id}/validate`;
  assert.equal((await send(app, client, path, "", undefined)).status, 200);
  assert.equal((await send(app, client, path, '{"version":"draft"}', "text/plain")).status, 415);
  assert.equal(
    (await send(app, client, path, '{"version":"draft"}', "application/json")).status,
    200,
  );
});
