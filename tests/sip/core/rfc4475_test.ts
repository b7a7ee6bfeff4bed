/**
 * RFC 4475 torture messages. Each file is either accepted by the parser (and, where the
 * RFC expects it, turned into an error response by validateRequest), or rejected with a
 * SipParseError that yields a 400 for requests and a silent drop for responses.
 */
import assert from "node:assert/strict";
import {
  bodyText,
  createBadRequestResponse,
  cseqOf,
  DigestAuthenticator,
  fromOf,
  parseDigestCredentials,
  parseMessage,
  parseNameAddr,
  parseUri,
  parseVia,
  type SipMessage,
  SipParseError,
  type SipRequest,
  type SipResponse,
  toOf,
  unescapeUriPart,
  validateRequest,
} from "../../../src/sip/core/mod.ts";
import { VirtualClock } from "../../../src/clock/mod.ts";

const DIR = new URL("../../../../shared/conformance/rfc4475/", import.meta.url);

function load(name: string): Uint8Array {
  return Deno.readFileSync(new URL(`${name}.dat`, DIR));
}

function parse(name: string): SipMessage {
  return parseMessage(load(name));
}

function request(name: string): SipRequest {
  const message = parse(name);
  assert.equal(message.kind, "request");
  return message as SipRequest;
}

function response(name: string): SipResponse {
  const message = parse(name);
  assert.equal(message.kind, "response");
  return message as SipResponse;
}

function parseError(name: string): SipParseError {
  try {
    parse(name);
  } catch (error) {
    assert.ok(error instanceof SipParseError, `${name} threw ${error}`);
    return error;
  }
  assert.fail(`${name} was accepted`);
}

// The outcome every file must have; a new file in the folder without an entry fails.
const OUTCOMES: Record<string, string> = {
  // §3.1.1 valid messages
  wsinv: "accept",
  intmeth: "accept",
  esc01: "accept",
  escnull: "accept",
  esc02: "accept",
  lwsdisp: "accept",
  longreq: "accept",
  dblreq: "accept",
  semiuri: "accept",
  transports: "accept",
  mpart01: "accept",
  unreason: "accept",
  noreason: "accept",
  // §3.1.2 invalid messages: requests get 400, responses are dropped
  badinv01: "400",
  clerr: "400",
  ncl: "400",
  scalar02: "400",
  quotbal: "400",
  ltgtruri: "400",
  lwsruri: "400",
  lwsstart: "400",
  trws: "400",
  escruri: "400",
  baddate: "400",
  regbadct: "400",
  badaspec: "400",
  baddn: "400",
  scalarlg: "drop",
  bigcode: "drop",
  // §3.1.2 well-formed but refused by request validation
  badvers: "505",
  mismatch01: "400-validate",
  mismatch02: "400-validate",
  // §3.2 transaction layer, §3.3 application layer, §3.4 backward compatibility
  badbranch: "accept",
  insuf: "400",
  unkscm: "416",
  novelsc: "416",
  unksm2: "accept",
  bext01: "420",
  invut: "415",
  regaut01: "challenge",
  multi01: "400",
  mcl01: "400",
  bcast: "accept",
  zeromf: "accept",
  cparam01: "accept",
  cparam02: "accept",
  regescrt: "accept",
  sdp01: "406",
  inv2543: "accept",
};

const UAS = {
  supportedExtensions: ["100rel", "timer", "replaces"],
  acceptedContentTypes: ["application/sdp", "multipart/mixed", "text/plain"],
  answerContentTypes: ["application/sdp"],
};

Deno.test("every RFC 4475 message file has a decided outcome", () => {
  const files = [...Deno.readDirSync(DIR)].filter((e) => e.name.endsWith(".dat"))
    .map((e) => e.name.slice(0, -4)).sort();
  assert.ok(files.length >= 49, `only ${files.length} files found`);
  assert.deepEqual(files, Object.keys(OUTCOMES).sort());
});

for (const [name, outcome] of Object.entries(OUTCOMES)) {
  Deno.test(`RFC 4475 ${name}: ${outcome}`, () => {
    if (outcome === "400") {
      const error = parseError(name);
      const answer = createBadRequestResponse(error, "t4475");
      assert.ok(answer, `${name} should yield a 400`);
      assert.equal(answer.status, 400);
      assert.ok(answer.headers.getAll("Via").length > 0);
      assert.equal(answer.headers.get("CSeq"), error.partial!.headers.get("CSeq"));
      return;
    }
    if (outcome === "drop") {
      const error = parseError(name);
      assert.equal(error.partial, undefined);
      assert.equal(createBadRequestResponse(error), undefined);
      return;
    }
    const message = parse(name);
    if (message.kind === "response") {
      assert.equal(outcome, "accept");
      return;
    }
    const result = validateRequest(message, UAS);
    if (outcome === "accept" || outcome === "challenge") {
      assert.deepEqual(result, { ok: true });
    } else {
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.status, Number(outcome.slice(0, 3)));
    }
  });
}

Deno.test("wsinv: whitespace, folding and compact forms are all understood", () => {
  const msg = request("wsinv");
  assert.equal(msg.method, "INVITE");
  assert.equal(msg.headers.get("Max-Forwards"), "0068");
  assert.deepEqual(cseqOf(msg), { seq: 9, method: "INVITE" });
  const vias = msg.headers.getAll("Via").map(parseVia);
  assert.deepEqual(vias.map((v) => [v.transport, v.host, v.branch]), [
    ["UDP", "192.0.2.2", "390skdjuw"],
    ["TCP", "spindle.example.com", "z9hG4bK9ikj8"],
    ["UDP", "192.168.255.111", "z9hG4bK30239"],
  ]);
  assert.equal(tagOfValue(msg.headers.get("To")!), "1918181833n");
  assert.equal(fromOf(msg).displayName, 'J Rosenberg \\"');
  assert.equal(fromOf(msg).params.get("tag"), "98asjd8");
  const contact = parseNameAddr(msg.headers.get("Contact")!);
  assert.equal(contact.displayName, 'Quoted string ""');
  assert.equal(contact.params.get("q"), "0.33");
  assert.equal(contact.params.get("newparam"), "newvalue");
  assert.equal(msg.headers.get("NewFangledHeader"), "newfangled value continued newfangled value");
  assert.equal(msg.headers.get("Subject"), "");
  assert.equal(msg.body.length, 150);
});

function tagOfValue(value: string): string | null | undefined {
  return parseNameAddr(value).params.get("tag");
}

Deno.test("intmeth: unusual but legal method, user and password characters parse", () => {
  const msg = request("intmeth");
  assert.equal(msg.method, "!interesting-Method0123456789_*+`.%indeed'~");
  const uri = parseUri(msg.uri);
  assert.equal(uri.kind, "sip");
  if (uri.kind !== "sip") return;
  assert.equal(uri.user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
  assert.equal(uri.password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
  assert.equal(uri.host, "example.com");
  assert.equal(toOf(msg).displayName, "BEL:\x07 NUL:\x00 DEL:\x7f");
  assert.ok(msg.headers.has("extensionHeader-!.%*+_`'~"));
});

Deno.test("esc01 and escnull: escaped URI parts decode, NUL included", () => {
  const esc01 = request("esc01");
  const uri = parseUri(esc01.uri);
  assert.ok(uri.kind === "sip");
  assert.equal(unescapeUriPart(uri.user!), "sips:user@example.com");
  const to = toOf(esc01).uri;
  assert.ok(to.kind === "sip" && unescapeUriPart(to.user!) === "user");
  const contact = parseNameAddr(esc01.headers.get("Contact")!).uri;
  assert.ok(contact.kind === "sip");
  assert.ok(contact.params.has("lr"));
  assert.equal(unescapeUriPart(contact.params.get("name")!), "value%41");
  const escnull = request("escnull");
  const nul = toOf(escnull).uri;
  assert.ok(nul.kind === "sip" && unescapeUriPart(nul.user!) === "null-\0-null");
  assert.equal(escnull.headers.getAll("Contact").length, 2);
});

Deno.test("esc02: an escaped method is a different method, and C%6Fntact is an unknown header", () => {
  const msg = request("esc02");
  assert.equal(msg.method, "RE%47IST%45R");
  assert.equal(msg.headers.getAll("Contact").length, 2);
  assert.equal(msg.headers.get("C%6Fntact"), "<sip:alias2@host2.example.com>");
});

Deno.test("lwsdisp, semiuri and transports keep their fine detail", () => {
  assert.equal(fromOf(request("lwsdisp")).displayName, "caller");
  const semi = parseUri(request("semiuri").uri);
  assert.ok(semi.kind === "sip");
  assert.equal(semi.user, "user;par=u%40example.net");
  assert.equal(semi.host, "example.com");
  assert.equal(request("semiuri").headers.getAll("Accept").length, 6);
  const transports = request("transports").headers.getAll("Via").map((v) => parseVia(v).transport);
  assert.deepEqual(transports, ["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"]);
});

Deno.test("longreq, dblreq and mpart01 bodies are sized by Content-Length", () => {
  const long = request("longreq");
  assert.equal(long.body.length, 150);
  assert.equal(long.headers.getAll("Via").length, 34);
  const dbl = request("dblreq");
  assert.equal(dbl.method, "REGISTER");
  assert.equal(dbl.body.length, 0);
  const mpart = request("mpart01");
  assert.equal(mpart.body.length, 553);
  assert.ok(bodyText(mpart).startsWith("--7a9cbec02ceef655"));
});

Deno.test("unreason and noreason: UTF-8 and empty reason phrases", () => {
  assert.ok(response("unreason").reason.startsWith("= 2**3 * 5**2 но"));
  assert.equal(response("noreason").reason, "");
  assert.equal(response("noreason").status, 100);
});

Deno.test("bext01: 420 lists each unsupported Require tag and ignores Proxy-Require", () => {
  const result = validateRequest(request("bext01"), UAS);
  assert.deepEqual(result, {
    ok: false,
    status: 420,
    reason: "Bad Extension",
    headers: [["Unsupported", "nothingSupportsThis"], ["Unsupported", "nothingSupportsThisEither"]],
  });
});

Deno.test("invut: 415 carries the Accept list", () => {
  const result = validateRequest(request("invut"), UAS);
  assert.ok(!result.ok && result.status === 415);
  assert.ok(
    !result.ok && result.headers.some(([n, v]) => n === "Accept" && v === "application/sdp"),
  );
});

Deno.test("regaut01: an unknown Authorization scheme counts as no credentials", () => {
  const msg = request("regaut01");
  const value = msg.headers.get("Authorization")!;
  assert.equal(parseDigestCredentials(value), undefined);
  const auth = new DigestAuthenticator({
    realm: "example.com",
    secret: "s",
    clock: new VirtualClock(),
  });
  assert.equal(auth.verify(value, { method: "REGISTER" }, () => ({ password: "x" })), "missing");
});

Deno.test("cparam01 and cparam02: brackets decide whether a parameter is the contact's or the URI's", () => {
  const bare = parseNameAddr(request("cparam01").headers.get("Contact")!);
  assert.ok(bare.params.has("unknownparam"));
  assert.ok(bare.uri.kind === "sip" && !bare.uri.params.has("unknownparam"));
  const bracketed = parseNameAddr(request("cparam02").headers.get("Contact")!);
  assert.ok(!bracketed.params.has("unknownparam"));
  assert.ok(bracketed.uri.kind === "sip" && bracketed.uri.params.has("unknownparam"));
});

Deno.test("regescrt and unksm2: escaped URI headers and unknown schemes in headers parse", () => {
  const contact = parseNameAddr(request("regescrt").headers.get("Contact")!).uri;
  assert.ok(contact.kind === "sip");
  assert.equal(unescapeUriPart(contact.headers.get("Route")!), "<sip:sip.example.com>");
  const unk = request("unksm2");
  assert.equal(toOf(unk).uri.scheme, "isbn");
  assert.equal(fromOf(unk).uri.scheme, "http");
  assert.equal(parseNameAddr(unk.headers.get("Contact")!).uri.scheme, "name");
});

Deno.test("badbranch, zeromf and inv2543 are processed, not rejected", () => {
  assert.equal(parseVia(request("badbranch").headers.get("Via")!).branch, "z9hG4bK");
  assert.equal(request("zeromf").headers.get("Max-Forwards"), "0");
  const old = request("inv2543");
  assert.equal(parseVia(old.headers.get("Via")!).branch, undefined);
  assert.equal(old.headers.has("Max-Forwards"), false);
  assert.ok(old.body.length > 0);
});

Deno.test("insuf, multi01 and mcl01 name the missing or repeated header", () => {
  assert.match(parseError("insuf").reason, /no From/);
  assert.match(parseError("multi01").reason, /more than one/);
  assert.match(parseError("mcl01").reason, /more than one Content-Length/);
  assert.match(parseError("clerr").reason, /Content-Length is larger/);
  assert.match(parseError("ncl").reason, /Content-Length/);
});

Deno.test("badinv01: the 400 still copies what was readable", () => {
  const answer = createBadRequestResponse(parseError("badinv01"), "x")!;
  assert.equal(answer.headers.get("Call-ID"), "badinv01.0ha0isndaksdjasdf3234nas");
  assert.match(answer.headers.get("To")!, /;tag=x$/);
});
