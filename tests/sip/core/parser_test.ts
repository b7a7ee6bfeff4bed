import assert from "node:assert/strict";
import {
  createBadRequestResponse,
  createRequest,
  createResponse,
  cseqOf,
  generateBranch,
  generateCallId,
  generateTag,
  messageToString,
  parseMessage,
  parseVia,
  serializeMessage,
  SipParseError,
  type SipRequest,
  toOf,
} from "../../../src/sip/core/mod.ts";

const INVITE = [
  "INVITE sip:bob@example.com SIP/2.0",
  "Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776asdhds;rport",
  "Max-Forwards: 70",
  'To: "Bob" <sip:bob@example.com>',
  "From: Alice <sip:alice@example.com>;tag=1928301774",
  "Call-ID: a84b4c76e66710@pc33.example.com",
  "CSeq: 314159 INVITE",
  "Contact: <sip:alice@pc33.example.com>",
  "Content-Type: application/sdp",
  "Content-Length: 4",
  "",
  "v=0\n",
].join("\r\n");

function parseRequest(text: string): SipRequest {
  const message = parseMessage(text);
  assert.equal(message.kind, "request");
  return message as SipRequest;
}

function rejects(text: string, pattern: RegExp): SipParseError {
  try {
    parseMessage(text);
  } catch (error) {
    assert.ok(error instanceof SipParseError);
    assert.match(error.reason, pattern);
    return error;
  }
  assert.fail("message was accepted");
}

const withHeader = (line: string) => INVITE.replace("Max-Forwards: 70", line);

Deno.test("parser reads a request's start line, headers and body", () => {
  const msg = parseRequest(INVITE);
  assert.equal(msg.method, "INVITE");
  assert.equal(msg.uri, "sip:bob@example.com");
  assert.equal(msg.version, "SIP/2.0");
  assert.deepEqual(cseqOf(msg), { seq: 314159, method: "INVITE" });
  assert.equal(new TextDecoder().decode(msg.body), "v=0\n");
});

Deno.test("parser looks headers up case-insensitively and maps compact forms", () => {
  const text = INVITE.replace("Call-ID:", "i:").replace("Contact:", "m:").replace("To:", "tO:");
  const msg = parseRequest(text);
  assert.equal(msg.headers.get("call-id"), "a84b4c76e66710@pc33.example.com");
  assert.equal(msg.headers.get("CONTACT"), "<sip:alice@pc33.example.com>");
  assert.equal(msg.headers.get("t"), '"Bob" <sip:bob@example.com>');
  assert.ok([...msg.headers].some((f) => f.name === "Call-ID"));
});

Deno.test("parser unfolds a header continued on the next line", () => {
  const msg = parseRequest(
    withHeader("Subject: first part\r\n  second\r\n\tthird\r\nMax-Forwards: 70"),
  );
  assert.equal(msg.headers.get("Subject"), "first part second third");
});

Deno.test("parser splits list headers on commas outside quotes and brackets", () => {
  const msg = parseRequest(withHeader(
    'Route: <sip:p1.example.com;lr>, "A, B" <sip:p2.example.com;lr>\r\nAllow: INVITE, ACK,BYE\r\nMax-Forwards: 70',
  ));
  assert.deepEqual(msg.headers.getAll("Route"), [
    "<sip:p1.example.com;lr>",
    '"A, B" <sip:p2.example.com;lr>',
  ]);
  assert.deepEqual(msg.headers.getAll("Allow"), ["INVITE", "ACK", "BYE"]);
});

Deno.test("parser keeps authentication and Date headers whole", () => {
  const auth = 'Digest username="a", realm="b, c", nonce="n", uri="sip:x", response="r"';
  const msg = parseRequest(withHeader(
    `Authorization: ${auth}\r\nDate: Sat, 13 Nov 2010 23:29:00 GMT\r\nMax-Forwards: 70`,
  ));
  assert.deepEqual(msg.headers.getAll("Authorization"), [auth]);
  assert.deepEqual(msg.headers.getAll("Date"), ["Sat, 13 Nov 2010 23:29:00 GMT"]);
});

Deno.test("parser accepts bare LF line ends", () => {
  const msg = parseRequest(INVITE.replaceAll("\r\n", "\n"));
  assert.equal(msg.headers.get("CSeq"), "314159 INVITE");
  assert.equal(msg.body.length, 4);
});

Deno.test("parser ignores CRLFs before the start line", () => {
  assert.equal(parseRequest("\r\n\r\n" + INVITE).method, "INVITE");
});

Deno.test("parser parses a response status line", () => {
  const msg = parseMessage(createResponseText(486, "Busy Here"));
  assert.ok(msg.kind === "response");
  assert.equal(msg.status, 486);
  assert.equal(msg.reason, "Busy Here");
});

function createResponseText(status: number, reason: string): string {
  return messageToString(createResponse(parseRequest(INVITE), status, { reason, toTag: "abc" }));
}

Deno.test("parser reads Via protocol, sent-by, branch, received, rport, maddr and ttl", () => {
  const via = parseVia(
    "SIP/2.0/udp [2001:db8::1]:5070;branch=z9hG4bKx;received=192.0.2.4;rport=4000;maddr=224.2.0.1;ttl=16;x=y",
  );
  assert.equal(via.transport, "UDP");
  assert.equal(via.host, "[2001:db8::1]");
  assert.equal(via.port, 5070);
  assert.equal(via.branch, "z9hG4bKx");
  assert.equal(via.received, "192.0.2.4");
  assert.equal(via.rport, 4000);
  assert.equal(via.maddr, "224.2.0.1");
  assert.equal(via.ttl, 16);
  assert.equal(via.params.get("x"), "y");
  assert.equal(parseVia("SIP/2.0/TCP h;rport").rport, true);
});

// RFC 3261 §20.16: a CSeq number is 32 bits. The 2**31 bound of §8.1.1.5 is on the first
// request outside a dialog (validateRequest), not on the BYE that counts on from it.
Deno.test("parser takes any 32-bit CSeq number, 2**31 included, and rejects 2**32", () => {
  rejects(INVITE.replace("314159 INVITE", "4294967296 INVITE"), /CSeq number is too large/);
  assert.equal(cseqOf(parseRequest(INVITE.replace("314159", "2147483647"))).seq, 2 ** 31 - 1);
  assert.equal(cseqOf(parseRequest(INVITE.replace("314159", "2147483648"))).seq, 2 ** 31);
  assert.equal(cseqOf(parseRequest(INVITE.replace("314159", "4294967295"))).seq, 2 ** 32 - 1);
});

Deno.test("parser rejects Max-Forwards above 255 and Expires above 2**32 - 1", () => {
  rejects(withHeader("Max-Forwards: 256"), /Max-Forwards is too large/);
  rejects(withHeader("Max-Forwards: 70\r\nExpires: 4294967296"), /Expires is too large/);
});

Deno.test("parser rejects a message larger than the configured limit", () => {
  assert.throws(() => parseMessage(INVITE, { maxMessageBytes: 100 }), SipParseError);
  assert.throws(() => parseMessage("x".repeat(70_000)), /larger than 65536/);
});

Deno.test("parser requires Content-Length in stream mode but not for datagrams", () => {
  const noLength = INVITE.replace("Content-Length: 4\r\n", "");
  assert.equal(parseRequest(noLength).body.length, 4);
  assert.throws(() => parseMessage(noLength, { stream: true }), /required on stream/);
});

Deno.test("parser measures Content-Length in bytes, not characters", () => {
  const body = "é€";
  const msg = parseRequest(
    INVITE.replace("Content-Length: 4", "Content-Length: 5").replace("v=0\n", body),
  );
  assert.equal(new TextDecoder().decode(msg.body), body);
});

Deno.test("parser rejects a header line without a colon and a leading continuation", () => {
  rejects(withHeader("Garbage"), /no valid name/);
  rejects(INVITE.replace("\r\nVia", "\r\n Via"), /continuation/);
});

Deno.test("a parse error on a request exposes enough to answer 400", () => {
  const error = rejects(INVITE.replace("SIP/2.0\r\n", "SIP/2.0 \r\n"), /Request line/);
  assert.equal(error.partial?.method, "INVITE");
  const answer = createBadRequestResponse(error, "t1")!;
  assert.equal(answer.status, 400);
  assert.equal(answer.headers.get("Call-ID"), "a84b4c76e66710@pc33.example.com");
  assert.equal(toOf(answer).params.get("tag"), "t1");
});

Deno.test("serializer writes canonical names and a Content-Length in UTF-8 bytes", () => {
  const req = createRequest({
    method: "MESSAGE",
    uri: "sip:bob@example.com",
    headers: [["v", "SIP/2.0/UDP h;branch=z9hG4bK1"], ["Content-Length", "999"]],
    body: "héllo",
  });
  const text = new TextDecoder().decode(serializeMessage(req));
  assert.match(
    text,
    /^MESSAGE sip:bob@example\.com SIP\/2\.0\r\nVia: SIP\/2\.0\/UDP h;branch=z9hG4bK1\r\n/,
  );
  assert.match(text, /Content-Length: 6\r\n\r\nhéllo$/);
  assert.doesNotMatch(text, /999/);
});

Deno.test("serialize then parse gives back the same message", () => {
  const first = parseRequest(INVITE);
  const again = parseRequest(new TextDecoder().decode(serializeMessage(first)));
  assert.deepEqual([...again.headers], [...first.headers]);
  assert.deepEqual(again.body, first.body);
});

Deno.test("createResponse copies Vias, From, To, Call-ID and CSeq and adds a To tag", () => {
  const req = parseRequest(
    INVITE.replace("Max-Forwards: 70", "Via: SIP/2.0/TCP p2;branch=z9hG4bK2\r\nMax-Forwards: 70"),
  );
  const res = createResponse(req, 180, { toTag: "x1" });
  assert.equal(res.reason, "Ringing");
  assert.deepEqual(res.headers.getAll("Via"), req.headers.getAll("Via"));
  assert.equal(res.headers.get("From"), req.headers.get("From"));
  assert.equal(res.headers.get("To"), '"Bob" <sip:bob@example.com>;tag=x1');
  assert.equal(res.headers.get("CSeq"), "314159 INVITE");
  const again = createResponse(
    parseRequest(INVITE.replace("<sip:bob@example.com>", "<sip:bob@example.com>;tag=old")),
    200,
    {
      toTag: "new",
    },
  );
  assert.match(again.headers.get("To")!, /tag=old$/);
});

Deno.test("generated branches carry the magic cookie and identifiers differ", () => {
  assert.match(generateBranch(), /^z9hG4bK[0-9a-f]{24}$/);
  assert.notEqual(generateTag(), generateTag());
  assert.match(generateCallId("host.example"), /^[0-9a-f]{32}@host\.example$/);
});

Deno.test("parser copies the body out of the datagram it was read from", () => {
  // A datagram as node:dgram hands it over: a view on a much larger receive buffer.
  const received = new Uint8Array(65_536);
  const bytes = new TextEncoder().encode(INVITE);
  received.set(bytes, 100);
  const msg = parseMessage(received.subarray(100, 100 + bytes.length));
  assert.equal(new TextDecoder().decode(msg.body), "v=0\n");
  assert.equal(msg.body.buffer.byteLength, msg.body.length, "the body has a buffer of its own");
});

Deno.test("headers keep their order and spelling through set, prepend, shift and clone", () => {
  const msg = parseRequest(INVITE);
  const headers = msg.headers.clone();
  headers.prepend("v", "SIP/2.0/UDP proxy.example.com;branch=z9hG4bK1");
  headers.set("max-forwards", "69");
  headers.append("X-Custom", "a");
  headers.append("x-custom", "b");
  assert.equal(headers.shift("VIA"), "SIP/2.0/UDP proxy.example.com;branch=z9hG4bK1");
  assert.deepEqual(headers.getAll("X-CUSTOM"), ["a", "b"]);
  assert.equal(headers.count("x-custom"), 2);
  headers.delete("X-Custom");
  assert.equal(headers.has("x-custom"), false);
  assert.deepEqual([...headers].slice(0, 2), [
    { name: "Via", value: "SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776asdhds;rport" },
    { name: "Max-Forwards", value: "69" },
  ]);
  assert.equal(msg.headers.get("Max-Forwards"), "70", "the clone is independent");
});
