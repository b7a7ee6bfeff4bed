import assert from "node:assert/strict";
import { VirtualClock } from "../../../src/clock/mod.ts";
import { createLogger } from "../../../src/log/mod.ts";
import {
  type ClientTransaction,
  computeDigestResponse,
  computeHa1,
  createResponse,
  parseDigestCredentials,
  type SipRequest,
  type SipResponse,
} from "../../../src/sip/core/mod.ts";
import {
  TrunkRegistration,
  type TrunkRegistrationStatus,
} from "../../../src/sip/ua/trunk_registration.ts";

const REALM = "pbx.example";
const NONCE = "abc123";

/** A registrar that challenges once and accepts `password`, granting `grant` seconds. */
function registrar(password: string, grant = 60) {
  const seen: SipRequest[] = [];
  const answer = (request: SipRequest): SipResponse => {
    seen.push(request);
    const auth = request.headers.get("Authorization");
    if (!auth) {
      const response = createResponse(request, 401);
      response.headers.append(
        "WWW-Authenticate",
        `Digest realm="${REALM}", nonce="${NONCE}", qop="auth", algorithm=MD5`,
      );
      return response;
    }
    const creds = parseDigestCredentials(auth)!;
    const expected = computeDigestResponse({
      algorithm: "MD5",
      ha1: computeHa1("MD5", creds.username, REALM, password),
      method: "REGISTER",
      uri: creds.uri,
      nonce: creds.nonce,
      qop: creds.qop,
      nc: creds.nc,
      cnonce: creds.cnonce,
    });
    if (creds.response !== expected) {
      const response = createResponse(request, 401);
      response.headers.append("WWW-Authenticate", `Digest realm="${REALM}", nonce="${NONCE}"`);
      return response;
    }
    const ok = createResponse(request, 200);
    ok.headers.append("Contact", `${request.headers.get("Contact")};expires=${grant}`);
    return ok;
  };
  return { seen, answer };
}

function setUp(password: string, pbx: ReturnType<typeof registrar>) {
  const clock = new VirtualClock(0);
  const changes: TrunkRegistrationStatus[] = [];
  const registration = new TrunkRegistration({
    clock,
    log: createLogger("test", { sink: () => {}, level: "error" }),
    contactHost: () => ({ host: "192.0.2.1", port: 5060 }),
    sendRequest: (request, _destination, listener) => {
      queueMicrotask(() => listener.onResponse?.(pbx.answer(request), undefined));
      return {} as ClientTransaction;
    },
    changed: (status) => changes.push(status),
  }, { host: "198.51.100.7", port: 5070, transport: "udp", username: "4008", password });
  return { clock, changes, registration };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

Deno.test("a trunk registration answers the digest challenge and refreshes before it lapses", async () => {
  const pbx = registrar("right");
  const { clock, changes, registration } = setUp("right", pbx);
  registration.start();
  await settle();
  assert.equal(registration.status.state, "registered");
  assert.equal(registration.status.expires_at, "1970-01-01T00:01:00.000Z");
  assert.deepEqual(pbx.seen.map((r) => r.headers.get("CSeq")), ["1 REGISTER", "2 REGISTER"]);
  const first = pbx.seen[0];
  assert.equal(first.uri, "sip:198.51.100.7:5070");
  assert.equal(first.headers.get("To"), "<sip:4008@198.51.100.7>");
  assert.equal(first.headers.get("Contact"), "<sip:4008@192.0.2.1:5060;transport=udp>");
  assert.equal(
    new Set(pbx.seen.map((r) => r.headers.get("Call-ID"))).size,
    1,
    "one Call-ID for the registration",
  );

  clock.advance(47_000);
  await settle();
  assert.equal(pbx.seen.length, 2, "no refresh before 80% of the grant");
  clock.advance(1_000);
  await settle();
  assert.equal(pbx.seen.length, 4, "refreshed (challenge and answer) at 48 s");
  assert.deepEqual(changes.map((c) => c.state), ["registered"]);

  registration.stop();
  await settle();
  assert.equal(pbx.seen.at(-1)!.headers.get("Expires"), "0");
  assert.equal(registration.status.state, "stopped");
});

Deno.test("a trunk registration with a wrong password fails, says why, and tries again later", async () => {
  const pbx = registrar("right");
  const { clock, registration } = setUp("wrong", pbx);
  registration.start();
  await settle();
  assert.equal(registration.status.state, "failed");
  assert.match(registration.status.reason!, /refused the credentials \(401\)/);
  assert.equal(pbx.seen.length, 2, "no endless loop of answers");
  clock.advance(30_000);
  await settle();
  assert.equal(pbx.seen.length, 4);
  registration.stop();
});
