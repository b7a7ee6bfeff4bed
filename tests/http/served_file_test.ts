import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { acceptsGzip, ServedFile } from "../../src/http/served_file.ts";

const TEXT = "console.log('商品 — the agent desktop');\n".repeat(200);
const packed = new ServedFile({
  contentType: "text/javascript; charset=utf-8",
  etag: '"build-1"',
  gzipBase64: gzipSync(new TextEncoder().encode(TEXT)).toString("base64"),
});

Deno.test("a browser that takes gzip gets the packed bytes as they are, marked gzip", async () => {
  const response = packed.respond(new Headers({ "accept-encoding": "gzip, deflate, br" }), {
    "Cache-Control": "no-cache",
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-encoding"), "gzip");
  assert.equal(response.headers.get("content-type"), "text/javascript; charset=utf-8");
  assert.equal(response.headers.get("cache-control"), "no-cache");
  assert.equal(response.headers.get("etag"), '"build-1"');
  assert.equal(response.headers.get("vary"), "Accept-Encoding");
  const bytes = new Uint8Array(await response.arrayBuffer());
  assert.ok(bytes.length < TEXT.length / 10, `${bytes.length} bytes for ${TEXT.length}`);
  const unpacked = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  assert.equal(await new Response(unpacked).text(), TEXT);
  const again = packed.respond(new Headers({ "accept-encoding": "gzip" }), {});
  assert.deepEqual(
    new Uint8Array(await again.arrayBuffer()),
    bytes,
    "the next browser gets it too",
  );
});

Deno.test("a client that does not take gzip gets the text itself", async () => {
  for (const header of [null, "identity", "gzip;q=0, identity", "br"]) {
    const response = packed.respond(new Headers(header ? { "accept-encoding": header } : {}), {});
    assert.equal(response.headers.get("content-encoding"), null, String(header));
    assert.equal(await response.text(), TEXT, String(header));
  }
});

Deno.test("a browser holding this build's copy is told 304 with no body", async () => {
  for (const tag of ['"build-1"', 'W/"build-1"', '"old", "build-1"', "*"]) {
    const response = packed.respond(new Headers({ "if-none-match": tag }), {});
    assert.equal(response.status, 304, tag);
    assert.equal(response.headers.get("etag"), '"build-1"');
    assert.equal(await response.text(), "");
  }
  const stale = packed.respond(new Headers({ "if-none-match": '"build-0"' }), {});
  assert.equal(stale.status, 200);
  await stale.body?.cancel();
});

Deno.test("plain text is served as text, with no ETag to revalidate by", async () => {
  const plain = new ServedFile({ contentType: "text/html; charset=utf-8", body: "<p>héllo</p>" });
  const response = plain.respond(new Headers({ "accept-encoding": "gzip" }), {});
  assert.equal(response.headers.get("content-encoding"), null);
  assert.equal(response.headers.get("etag"), null);
  assert.equal(await response.text(), "<p>héllo</p>");
});

Deno.test("gzip is taken when named or starred with a weight above zero", () => {
  assert.equal(acceptsGzip("gzip"), true);
  assert.equal(acceptsGzip("deflate, GZIP;q=0.5"), true);
  assert.equal(acceptsGzip("x-gzip"), true);
  assert.equal(acceptsGzip("*"), true);
  assert.equal(acceptsGzip("br, *;q=0.1"), true);
  assert.equal(acceptsGzip("gzip;q=0"), false);
  assert.equal(acceptsGzip("gzip;q=0.000, *"), false);
  assert.equal(acceptsGzip("*;q=0"), false);
  assert.equal(acceptsGzip("br, deflate"), false);
  assert.equal(acceptsGzip(""), false);
  assert.equal(acceptsGzip(null), false);
});
