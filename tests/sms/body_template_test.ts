import assert from "node:assert/strict";
import {
  fillBody,
  signBody,
  SmsGatewaySchema,
  SmsGatewayStore,
  webhookAuthentic,
} from "../../src/sms/mod.ts";

Deno.test("fillBody() escapes the text for a JSON body so quotes cannot break it", () => {
  const body = fillBody(
    { body_format: "json", body_template: '{"to":"{to}","msg":"{text}"}' },
    { to: "+86138", from: "", text: 'say "hi"\n\\' },
  );
  assert.deepEqual(JSON.parse(body), { to: "+86138", msg: 'say "hi"\n\\' });
});

Deno.test("fillBody() URL-encodes values for a form body", () => {
  const body = fillBody(
    { body_format: "form", body_template: "to={to}&from={from}&text={text}" },
    { to: "+86138", from: "ACME", text: "a&b=c 你好" },
  );
  const form = new URLSearchParams(body);
  assert.equal(form.get("to"), "+86138");
  assert.equal(form.get("text"), "a&b=c 你好");
});

Deno.test("a body template without {to} or {text} is refused", () => {
  assert.equal(SmsGatewaySchema.safeParse({ body_template: '{"x":"{from}"}' }).success, false);
});

Deno.test("the gateway view hides the token and the secret and a gateway cannot be on without a URL", () => {
  const values = new Map<string, string>();
  const store = new SmsGatewayStore({ get: (k) => values.get(k), set: (k, v) => values.set(k, v) });
  store.update({ auth_token: "Bearer t", inbound_secret: "0123456789abcdef" });
  const view = store.view();
  assert.equal(view.auth_token_set, true);
  assert.equal(view.inbound_secret_set, true);
  assert.equal("auth_token" in view, false);
  assert.throws(() => store.update({ enabled: true }), RangeError);
});

Deno.test("webhookAuthentic() takes a good signature or token and refuses anything else", () => {
  const secret = "0123456789abcdef";
  const body = '{"id":"1"}';
  assert.equal(webhookAuthentic(secret, body, { signature: signBody(secret, body) }), true);
  assert.equal(webhookAuthentic(secret, body + " ", { signature: signBody(secret, body) }), false);
  assert.equal(webhookAuthentic(secret, body, { token: secret }), true);
  assert.equal(webhookAuthentic(secret, body, { token: "wrong" }), false);
  assert.equal(webhookAuthentic(null, body, { token: "" }), false);
  assert.equal(webhookAuthentic(secret, body, {}), false);
});

Deno.test("a change to one gateway field keeps every other field as it was", () => {
  const values = new Map<string, string>();
  const store = new SmsGatewayStore({ get: (k) => values.get(k), set: (k, v) => values.set(k, v) });
  store.update({ enabled: true, send_url: "http://gw.example/send", from: "ACME" });
  const after = store.update({ response_target_s: 60 });
  assert.equal(after.enabled, true);
  assert.equal(after.from, "ACME");
  assert.equal(after.response_target_s, 60);
});
