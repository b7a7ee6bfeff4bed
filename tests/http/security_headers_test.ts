import assert from "node:assert/strict";
import { listen } from "../../src/http/mod.ts";
import { contentSecurityPolicy } from "../../src/http/security_headers.ts";
import { ServedFile } from "../../src/http/served_file.ts";
import { ADMIN_PASSWORD, testAppliance } from "../support/test_appliance.ts";

function assertHardened(response: Response, what: string): void {
  assert.equal(response.headers.get("x-content-type-options"), "nosniff", what);
  assert.equal(response.headers.get("referrer-policy"), "no-referrer", what);
  const csp = response.headers.get("content-security-policy") ?? "";
  assert.match(csp, /(^|; )frame-ancestors 'none'(;|$)/, what);
  assert.match(csp, /(^|; )script-src 'self'(;|$)/, what);
  assert.equal(response.headers.get("x-frame-options"), "DENY", what);
}

Deno.test("every answer carries nosniff, no-referrer and a CSP that forbids framing", async () => {
  await using app = await testAppliance();
  const anonymous = app.client();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const answers: [string, Response][] = [
    ["API JSON", await anonymous.get("/api/v1/health")],
    ["API 401", await anonymous.get("/api/v1/users")],
    ["API 404", await anonymous.get("/api/v1/no-such-thing")],
    ["API 400", await anonymous.post("/api/v1/auth/login", "{not json")],
    ["API write", await admin.post("/api/v1/auth/tokens", { name: "crm" })],
    ["API docs", await anonymous.get("/api/v1/docs")],
    ["API docs script", await anonymous.get("/api/v1/docs.js")],
    ["UI page", await anonymous.get("/agent")],
    ["UI asset", await anonymous.get("/assets/app.js")],
    ["UI 404", await anonymous.get("/assets/missing.js")],
  ];
  for (const [what, response] of answers) {
    assertHardened(response, what);
    assert.equal(response.headers.get("strict-transport-security"), null, `${what} over HTTP`);
    await response.body?.cancel();
  }
});

Deno.test("HSTS is sent only on answers over HTTPS", async () => {
  await using app = await testAppliance();
  for (const path of ["/api/v1/health", "/agent", "/api/v1/nothing-here"]) {
    const response = await app.http.app.request(`https://appliance.test${path}`, {}, {
      remoteAddr: { hostname: "192.0.2.10", port: 40000 },
    });
    assertHardened(response, path);
    assert.match(response.headers.get("strict-transport-security") ?? "", /^max-age=\d{7,}$/);
    await response.body?.cancel();
  }
});

Deno.test("the CSP lets the page open WebSockets to its own host and nowhere else", () => {
  const csp = contentSecurityPolicy("pbx.example:8443");
  const connect = csp.split("; ").find((d) => d.startsWith("connect-src "));
  assert.equal(connect, "connect-src 'self' ws://pbx.example:8443 wss://pbx.example:8443");
  assert.doesNotMatch(csp, /unsafe-eval/);
  assert.doesNotMatch(csp.split("; ").find((d) => d.startsWith("script-src "))!, /unsafe-inline/);
  // A Host header that could smuggle directives is not echoed.
  assert.match(contentSecurityPolicy("evil; script-src *"), /connect-src 'self'; /);
});

Deno.test("the bundled page shell and the docs page load no inline script the CSP would block", async () => {
  const { uiAssets } = await import("../../src/http/ui_assets.gen.ts");
  const shell = await new ServedFile(uiAssets["/index.html"]).respond(new Headers(), {}).text();
  await using app = await testAppliance();
  const docs = await (await app.client().get("/api/v1/docs")).text();
  for (const [what, html] of [["UI shell", shell], ["API docs", docs]]) {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length > 0, what);
    for (const [, attributes, body] of scripts) {
      assert.match(attributes, /\bsrc="\/[^"]+"/, `${what} script comes from this host`);
      assert.equal(body.trim(), "", `${what} script has no inline body`);
    }
    assert.doesNotMatch(html, /\son\w+=/i, `${what} has no inline event handlers`);
  }
});

Deno.test("a WebSocket handshake still succeeds with the headers added around it", async () => {
  await using app = await testAppliance();
  const server = await listen(
    app.http.app,
    { bind: "127.0.0.1", httpPort: 0, httpsPort: 0 },
    app.log,
  );
  try {
    const base = `127.0.0.1:${server.httpPort}`;
    const login = await fetch(`http://${base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
    });
    assertHardened(login, "login over a real socket");
    await login.body?.cancel();
    const cookie = login.headers.get("set-cookie")!.split(";")[0];
    // A raw handshake: the page's WebSocket carries the cookie the same way.
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.httpPort });
    try {
      await conn.write(new TextEncoder().encode(
        `GET /api/v1/events HTTP/1.1\r\nHost: ${base}\r\nCookie: ${cookie}\r\n` +
          "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n" +
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
      ));
      const buffer = new Uint8Array(4096);
      const n = await conn.read(buffer);
      const head = new TextDecoder().decode(buffer.subarray(0, n ?? 0));
      assert.match(head, /^HTTP\/1\.1 101 /);
      assert.match(head, /\r\nsec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK\+xOo=\r\n/i);
    } finally {
      conn.close();
    }
  } finally {
    await server.shutdown();
  }
});
