import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../src/config/mod.ts";

Deno.test("loadConfig() gives the documented defaults", () => {
  const config = loadConfig({}, {});
  assert.equal(config.dataDir, "./data");
  assert.equal(config.httpPort, 8080);
  assert.equal(config.sipPort, 5060);
  assert.equal(config.demo, false);
  assert.equal(config.sealRecordings, true);
});

Deno.test("a flag wins over its CC_* environment variable, which wins over the default", () => {
  assert.equal(loadConfig({}, { CC_HTTP_PORT: "9000" }).httpPort, 9000);
  assert.equal(loadConfig({ "http-port": "9100" }, { CC_HTTP_PORT: "9000" }).httpPort, 9100);
  assert.equal(loadConfig({}, { CC_DEMO: "yes" }).demo, true);
  assert.equal(loadConfig({}, { CC_SEAL_RECORDINGS: "false" }).sealRecordings, false);
});

Deno.test("a bad port stops with one line naming the setting, its flag and its variable", () => {
  assert.throws(
    () => loadConfig({}, { CC_SIP_PORT: "70000" }),
    (e: Error) =>
      e instanceof ConfigError && e.message.includes("sipPort") &&
      e.message.includes("--sip-port") &&
      e.message.includes("CC_SIP_PORT") && e.message.includes("70000") && !e.message.includes("\n"),
  );
});

Deno.test("a non-numeric port and an unknown log level are refused", () => {
  assert.throws(() => loadConfig({ "http-port": "eighty" }, {}), /httpPort/);
  assert.throws(() => loadConfig({}, { CC_LOG_LEVEL: "loud" }), /logLevel/);
  assert.throws(() => loadConfig({}, { CC_DEMO: "maybe" }), /demo/);
});

Deno.test("a short admin password is refused without echoing it", () => {
  assert.throws(
    () => loadConfig({}, { CC_ADMIN_PASSWORD: "abc" }),
    (e: Error) => /adminPassword/.test(e.message) && !e.message.includes('abc"'),
  );
});

Deno.test("a certificate without its key is refused", () => {
  assert.throws(
    () => loadConfig({ "tls-cert": "/etc/cert.pem" }, {}),
    /both a certificate and a key/,
  );
});

Deno.test("the role is primary unless --role or CC_ROLE says standby; anything else is refused", () => {
  assert.equal(loadConfig({}, {}).role, "primary");
  assert.equal(loadConfig({}, { CC_ROLE: "standby" }).role, "standby");
  assert.equal(loadConfig({ role: "primary" }, { CC_ROLE: "standby" }).role, "primary");
  assert.throws(
    () => loadConfig({ role: "backup" }, {}),
    (e: Error) => e instanceof ConfigError && /role \(--role or CC_ROLE\)/.test(e.message),
  );
});

Deno.test("a lease witness needs its token, and the token is never echoed in an error", () => {
  assert.throws(
    () => loadConfig({ "lease-witness": "http://10.0.0.9:7450" }, {}),
    /witnessToken.*--witness-token/,
  );
  assert.throws(
    () => loadConfig({ "lease-witness": "http://10.0.0.9:7450", "witness-token": "short" }, {}),
    (error: Error) => !error.message.includes("short"),
  );
  const config = loadConfig({
    "lease-witness": "http://10.0.0.9:7450",
    "witness-token": "a-long-enough-witness-token",
  }, {});
  assert.equal(config.leaseWitness, "http://10.0.0.9:7450");
});
