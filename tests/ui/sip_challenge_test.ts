import assert from "node:assert/strict";
import { keepMd5Challenges } from "../../ui/agent/sip_challenge.ts";

const challenged = [
  "SIP/2.0 401 Unauthorized",
  "Via: SIP/2.0/WS a.invalid;branch=z9hG4bK1",
  "CSeq: 2 REGISTER",
  'WWW-Authenticate: Digest realm="cc", nonce="n1", algorithm=MD5, qop="auth"',
  'WWW-Authenticate: Digest realm="cc", nonce="n1", algorithm=SHA-256, qop="auth"',
  "Content-Length: 0",
  "",
  "",
].join("\r\n");

Deno.test("keepMd5Challenges() leaves only the MD5 challenge of a 401 offering several", () => {
  const filtered = keepMd5Challenges(challenged);
  assert.match(filtered, /algorithm=MD5/);
  assert.doesNotMatch(filtered, /SHA-256/);
  assert.ok(filtered.startsWith("SIP/2.0 401 Unauthorized\r\nVia:"));
  assert.ok(filtered.endsWith("Content-Length: 0\r\n\r\n"));
});

Deno.test("keepMd5Challenges() passes other messages and lone challenges through untouched", () => {
  const ok = challenged.replace("401 Unauthorized", "200 OK");
  assert.equal(keepMd5Challenges(ok), ok);
  const single = challenged.replace(/WWW-Authenticate: [^\r]*SHA-256[^\r]*\r\n/, "");
  assert.equal(keepMd5Challenges(single), single);
  const shaOnly = challenged.replace("algorithm=MD5", "algorithm=SHA-512-256");
  assert.equal(keepMd5Challenges(shaOnly), shaOnly);
  const invite = "INVITE sip:1003@x SIP/2.0\r\nWWW-Authenticate: a\r\n\r\n";
  assert.equal(keepMd5Challenges(invite), invite);
});
