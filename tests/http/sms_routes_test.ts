import assert from "node:assert/strict";
import { signBody } from "../../src/sms/mod.ts";
import { gatewayStandIn } from "../sms/_gateway.ts";
import { ADMIN_PASSWORD, DEMO_PASSWORD, testAppliance } from "../support/test_appliance.ts";

const SECRET = "inbound-secret-0123";

async function configured(app: Awaited<ReturnType<typeof testAppliance>>, url: string) {
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const saved = await admin.request("PUT", "/api/v1/sms/gateway", {
    enabled: true,
    send_url: url,
    auth_token: "Bearer gw-token",
    inbound_secret: SECRET,
  });
  assert.equal(saved.status, 200);
  return (await saved.json()).gateway;
}

function inbound(app: Awaited<ReturnType<typeof testAppliance>>, message: unknown, sign = SECRET) {
  const body = JSON.stringify(message);
  return app.client("203.0.113.9").post("/api/v1/sms/inbound", body, {
    "x-sms-signature": signBody(sign, body),
  });
}

Deno.test("the gateway settings never show the token or the secret and only admins change them", async () => {
  await using app = await testAppliance({ demo: true });
  await using gateway = gatewayStandIn();
  const view = await configured(app, gateway.url);
  assert.equal(view.auth_token_set, true);
  assert.equal(view.inbound_secret_set, true);
  assert.equal(JSON.stringify(view).includes(SECRET), false);
  const agent = app.client();
  await agent.login("agent1", DEMO_PASSWORD);
  assert.equal((await agent.request("PUT", "/api/v1/sms/gateway", { enabled: false })).status, 403);
});

Deno.test("a signed inbound webhook lands on the customer's page, and a repeat is acknowledged once", async () => {
  await using app = await testAppliance({ demo: true });
  await using gateway = gatewayStandIn();
  await configured(app, gateway.url);
  const message = { id: "gw-100", from: "+8613700137000", text: "Is my order shipped?" };
  const first = await inbound(app, message);
  assert.equal(first.status, 200);
  const stored = await first.json();
  assert.equal(stored.outcome, "stored");
  const again = await (await inbound(app, message)).json();
  assert.equal(again.outcome, "duplicate");
  assert.equal(again.message_id, stored.message_id);

  const customerId = app.crm.customers.idByPhone("+8613700137000")!;
  const agent = app.client();
  await agent.login("agent1", DEMO_PASSWORD);
  const threads = await (await agent.get(`/api/v1/customers/${customerId}/sms`)).json();
  assert.equal(threads.threads.length, 1);
  assert.equal(threads.threads[0].messages[0].body, "Is my order shipped?");
});

Deno.test("a webhook with a wrong signature, no secret or a bad body is refused", async () => {
  await using app = await testAppliance({ demo: true });
  await using gateway = gatewayStandIn();
  const message = { id: "gw-1", from: "+8613700137000", text: "x" };
  assert.equal((await inbound(app, message)).status, 401, "no secret configured yet");
  await configured(app, gateway.url);
  assert.equal((await inbound(app, message, "another-secret-xyz")).status, 401);
  const bad = await inbound(app, { id: "", from: "1", text: 5 });
  assert.equal(bad.status, 400);
  const token = await app.client().post("/api/v1/sms/inbound", JSON.stringify(message), {
    "x-sms-token": SECRET,
  });
  assert.equal(token.status, 200);
});

Deno.test("a flood from one number is answered 429 with Retry-After", async () => {
  await using app = await testAppliance({ demo: true });
  await using gateway = gatewayStandIn();
  await configured(app, gateway.url);
  let last: Response | undefined;
  for (let i = 0; i < 11; i++) {
    last = await inbound(app, { id: `f${i}`, from: "+8613700137000", text: "spam" });
    if (i < 10) assert.equal(last.status, 200);
  }
  assert.equal(last!.status, 429);
  assert.equal(last!.headers.get("retry-after"), "60");
});

Deno.test("an agent's reply reaches the gateway; a refused one answers 502 and can be sent again", async () => {
  await using app = await testAppliance({ demo: true });
  await using gateway = gatewayStandIn();
  await configured(app, gateway.url);
  await inbound(app, { id: "gw-1", from: "+8613700137000", text: "hello" });
  const customerId = app.crm.customers.idByPhone("+8613700137000")!;
  const agent = app.client();
  await agent.login("agent1", DEMO_PASSWORD);
  const sent = await agent.post(`/api/v1/customers/${customerId}/sms`, {
    text: "Hi, it left today",
  });
  assert.equal(sent.status, 201);
  assert.equal(gateway.received[0].headers.get("authorization"), "Bearer gw-token");
  assert.equal(JSON.parse(gateway.received[0].body).text, "Hi, it left today");

  gateway.answers.push(400);
  const refused = await agent.post(`/api/v1/customers/${customerId}/sms`, { text: "again" });
  assert.equal(refused.status, 502);
  const failure = await refused.json();
  assert.equal(failure.error.code, "sms_not_sent");
  assert.equal(failure.error.details.message.status, "failed");
  const resent = await agent.post(
    `/api/v1/sms/messages/${failure.error.details.message.id}/resend`,
  );
  assert.equal(resent.status, 201);
  assert.equal((await resent.json()).message.status, "sent");
});
