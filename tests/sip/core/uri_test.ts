import assert from "node:assert/strict";
import {
  formatNameAddr,
  formatUri,
  parseNameAddr,
  parseUri,
  SipParseError,
  sipUri,
  unescapeUriPart,
} from "../../../src/sip/core/mod.ts";

Deno.test("parseUri reads user, password, host, port, params and headers", () => {
  const uri = parseUri(
    "sips:alice:secret@Atlanta.COM:5061;transport=tcp;lr;maddr=239.255.255.1?subject=hi&priority=urgent",
  );
  assert.ok(uri.kind === "sip");
  assert.equal(uri.scheme, "sips");
  assert.equal(uri.user, "alice");
  assert.equal(uri.password, "secret");
  assert.equal(uri.host, "atlanta.com");
  assert.equal(uri.port, 5061);
  assert.equal(uri.params.get("transport"), "tcp");
  assert.equal(uri.params.get("lr"), null);
  assert.equal(uri.headers.get("priority"), "urgent");
});

Deno.test("parseUri accepts IPv6 references with and without a port", () => {
  const a = parseUri("sip:[2001:db8::10]:5070");
  assert.ok(a.kind === "sip" && a.host === "[2001:db8::10]" && a.port === 5070);
  const b = parseUri("sip:alice@[::1]");
  assert.ok(b.kind === "sip" && b.host === "[::1]" && b.port === undefined);
  assert.throws(() => parseUri("sip:[::1"), SipParseError);
});

Deno.test("parseUri reads tel URIs and keeps unknown schemes opaque", () => {
  const tel = parseUri("tel:+1-201-555-0123;phone-context=example.com");
  assert.ok(tel.kind === "tel" && tel.number === "+1-201-555-0123");
  assert.equal(tel.params.get("phone-context"), "example.com");
  const other = parseUri("urn:service:sos");
  assert.deepEqual(other, { kind: "other", scheme: "urn", opaque: "service:sos" });
});

Deno.test("parseUri rejects spaces, missing schemes, bad ports and empty params", () => {
  for (
    const bad of [
      "sip:a b@example.com",
      "alice@example.com",
      "sip:example.com:99999",
      "sip:example.com;;lr",
      "sip:",
      "sip:@",
    ]
  ) {
    assert.throws(() => parseUri(bad), SipParseError, bad);
  }
});

Deno.test("unescapeUriPart decodes escapes and tolerates broken UTF-8", () => {
  assert.equal(unescapeUriPart("%61lice%20b"), "alice b");
  assert.equal(unescapeUriPart("%FF"), "\uFFFD");
  assert.equal(unescapeUriPart("100%"), "100%");
});

Deno.test("formatUri round-trips a parsed URI", () => {
  for (
    const text of [
      "sip:alice@example.com:5060;transport=udp;lr",
      "sips:[::1]",
      "tel:+4930;ext=1",
      "sip:a@b?x=1",
    ]
  ) {
    assert.equal(formatUri(parseUri(text)), text);
  }
});

Deno.test("sipUri escapes characters the user part may not carry", () => {
  assert.equal(
    formatUri(sipUri("Example.com", { user: "+49 30", port: 5080 })),
    "sip:+49%2030@example.com:5080",
  );
});

Deno.test("parseNameAddr reads quoted and token display names and parameters after >", () => {
  const quoted = parseNameAddr(
    '"Alice \\"A\\"" <sip:alice@example.com;transport=tcp>;tag=88;expires=60',
  );
  assert.equal(quoted.displayName, 'Alice "A"');
  assert.equal(quoted.params.get("tag"), "88");
  assert.ok(quoted.uri.kind === "sip" && quoted.uri.params.get("transport") === "tcp");
  const token = parseNameAddr("Bob Smith <sip:bob@example.com>");
  assert.equal(token.displayName, "Bob Smith");
});

Deno.test("parseNameAddr treats semicolons after a bare addr-spec as header parameters", () => {
  const addr = parseNameAddr("sip:alice@example.com;tag=1");
  assert.equal(addr.params.get("tag"), "1");
  assert.ok(addr.uri.kind === "sip" && addr.uri.params.size === 0);
});

Deno.test("parseNameAddr rejects unbalanced quotes, spaces inside <> and headers in a bare addr-spec", () => {
  for (
    const bad of [
      '"Bob <sip:b@x>',
      "< sip:b@x >",
      "sip:b@x?Route=y",
      "Bell, Alex <sip:a@b>",
      "<sip:a@b",
    ]
  ) {
    assert.throws(() => parseNameAddr(bad), SipParseError, bad);
  }
});

Deno.test("formatNameAddr always brackets the URI and quotes the display name", () => {
  assert.equal(
    formatNameAddr(parseNameAddr("Bob <sip:bob@example.com;lr>;tag=9")),
    '"Bob" <sip:bob@example.com;lr>;tag=9',
  );
});
