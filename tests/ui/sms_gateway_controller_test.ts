import assert from "node:assert/strict";
import { gatewayChange, SmsGatewayController } from "../../ui/admin/sms_gateway_controller.ts";
import { ApiError } from "../../ui/common/api_client.ts";

function fakeHost() {
  return {
    addController() {},
    removeController() {},
    requestUpdate() {},
    updateComplete: Promise.resolve(true),
  };
}

const FORM = {
  enabled: true,
  send_url: " http://gw.example/send ",
  method: "POST" as const,
  auth_header: "",
  auth_token: "",
  body_format: "json" as const,
  body_template: '{"to":"{to}","text":"{text}"}',
  from: "ACME",
  inbound_secret: " new-secret-0123456789 ",
  inbound_per_minute: 10,
  conversation_idle_hours: 24,
  response_target_s: 900,
  send_attempts: 3,
};

Deno.test("gatewayChange() leaves a blank token out so the stored one stays, and sends a typed secret", () => {
  const change = gatewayChange(FORM);
  assert.equal("auth_token" in change, false);
  assert.equal(change.inbound_secret, "new-secret-0123456789");
  assert.equal(change.send_url, "http://gw.example/send");
  assert.equal(change.auth_header, null);
});

Deno.test("the gateway controller saves and shows refused fields by name", async () => {
  let fail = false;
  const c = new SmsGatewayController(fakeHost(), <T>(method: string) => {
    if (fail) {
      return Promise.reject(
        new ApiError(400, "invalid_request", "bad", {
          issues: [{ path: "send_url", message: "must be an http or https URL" }],
        }),
      );
    }
    return Promise.resolve({ gateway: { enabled: method === "PUT" } } as T);
  });
  await c.load();
  assert.equal(c.gateway?.enabled, false);
  assert.equal(await c.save(FORM), null);
  assert.equal(c.gateway?.enabled, true);
  fail = true;
  const errors = await c.save(FORM);
  assert.ok(errors?.send_url);
});
