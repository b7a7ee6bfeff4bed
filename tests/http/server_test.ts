import assert from "node:assert/strict";
import { Hono } from "hono";
import type { AppEnv } from "../../src/http/mod.ts";
import { listen } from "../../src/http/mod.ts";
import { selfSignedCertificate } from "../../src/http/tls.ts";
import { createLogger } from "../../src/log/mod.ts";

Deno.test("HTTPS serves a replaced certificate on the same port without a restart", async () => {
  const app = new Hono<AppEnv>();
  app.get("/", (c) => c.text("ok"));
  const first = await selfSignedCertificate([]);
  const second = await selfSignedCertificate([]);
  const servers = await listen(app, {
    bind: "127.0.0.1",
    httpPort: 0,
    httpsPort: 0,
    tls: first,
  }, createLogger("test", { sink: () => {} }));
  const get = async (caCert: string) => {
    const client = Deno.createHttpClient({ caCerts: [caCert] });
    try {
      return await (await fetch(`https://localhost:${servers.httpsPort}/`, { client })).text();
    } finally {
      client.close();
    }
  };
  try {
    assert.equal(await get(first.cert), "ok");
    await servers.replaceCertificate(second);
    assert.equal(await get(second.cert), "ok");
    await assert.rejects(() => get(first.cert), "the old certificate is no longer served");
  } finally {
    await servers.shutdown();
  }
});
