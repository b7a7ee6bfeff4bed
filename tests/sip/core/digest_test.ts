import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { VirtualClock } from "../../../src/clock/mod.ts";
import {
  answerDigestChallenge,
  computeDigestResponse,
  computeHa1,
  DigestAuthenticator,
  parseAuthHeader,
  parseDigestChallenge,
  parseDigestCredentials,
} from "../../../src/sip/core/mod.ts";

Deno.test("digest MD5 with qop=auth matches the RFC 2617 §3.5 example", () => {
  const ha1 = computeHa1("MD5", "Mufasa", "testrealm@host.com", "Circle Of Life");
  const response = computeDigestResponse({
    algorithm: "MD5",
    ha1,
    method: "GET",
    uri: "/dir/index.html",
    nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
    qop: "auth",
    nc: "00000001",
    cnonce: "0a4f113b",
  });
  assert.equal(response, "6629fae49393a05397450978507c4ef1");
});

Deno.test("digest SHA-256 matches a value computed step by step", () => {
  const sha = (s: string) => createHash("sha256").update(s).digest("hex");
  const ha1 = sha("alice:sip.example.com:s3cret");
  const ha2 = sha("REGISTER:sip:sip.example.com");
  const expected = sha(`${ha1}:abc123:00000002:f00d:auth:${ha2}`);
  const actual = computeDigestResponse({
    algorithm: "SHA-256",
    ha1: computeHa1("SHA-256", "alice", "sip.example.com", "s3cret"),
    method: "REGISTER",
    uri: "sip:sip.example.com",
    nonce: "abc123",
    qop: "auth",
    nc: "00000002",
    cnonce: "f00d",
  });
  assert.equal(actual, expected);
});

Deno.test("digest without qop uses the RFC 2069 formula", () => {
  const md5 = (s: string) => createHash("md5").update(s).digest("hex");
  const ha1 = md5("bob:r:pw");
  assert.equal(
    computeDigestResponse({ algorithm: "MD5", ha1, method: "INVITE", uri: "sip:x", nonce: "n" }),
    md5(`${ha1}:n:${md5("INVITE:sip:x")}`),
  );
});

Deno.test("parseAuthHeader handles quoted commas, spacing and unknown schemes", () => {
  const h = parseAuthHeader(
    'Digest realm="a, b",nonce = "x\\"y" , algorithm=SHA-256,qop="auth,auth-int"',
  );
  assert.equal(h.scheme, "Digest");
  assert.equal(h.params.get("realm"), "a, b");
  assert.equal(h.params.get("nonce"), 'x"y');
  assert.equal(h.params.get("algorithm"), "SHA-256");
  assert.equal(parseAuthHeader("Basic dXNlcjpwYXNz").token68, "dXNlcjpwYXNz");
  assert.throws(() => parseAuthHeader('Digest realm="open'));
  const challenge = parseDigestChallenge(
    h.scheme + ' realm="r", nonce="n", qop="auth,auth-int", stale=TRUE',
  );
  assert.deepEqual(challenge.qop, ["auth", "auth-int"]);
  assert.equal(challenge.stale, true);
  assert.equal(challenge.algorithm, "MD5");
});

function setup() {
  const clock = new VirtualClock(1_000_000);
  const auth = new DigestAuthenticator({
    realm: "sip.example.com",
    secret: "k",
    clock,
    nonceTtlMs: 60_000,
  });
  const lookup = (user: string) => user === "alice" ? { password: "s3cret" } : undefined;
  return { clock, auth, lookup };
}

function answer(challengeValue: string, password = "s3cret") {
  return answerDigestChallenge(parseDigestChallenge(challengeValue), {
    username: "alice",
    password,
    method: "REGISTER",
    uri: "sip:sip.example.com",
  });
}

Deno.test("authenticator offers SHA-256 before MD5 and accepts a correct answer to either", () => {
  const { auth, lookup } = setup();
  const challenges = auth.createChallenges();
  assert.match(challenges[0], /algorithm=SHA-256/);
  assert.match(challenges[1], /algorithm=MD5/);
  for (const challenge of challenges) {
    assert.equal(
      auth.verify(answer(challenge), { method: "REGISTER", uri: "sip:sip.example.com" }, lookup),
      "ok",
    );
  }
});

Deno.test("authenticator verifies against a stored HA1 instead of a password", () => {
  const { auth } = setup();
  const ha1 = computeHa1("MD5", "alice", "sip.example.com", "s3cret");
  const credentials = answer(auth.createChallenges()[1]);
  assert.equal(auth.verify(credentials, { method: "REGISTER" }, () => ({ ha1 })), "ok");
});

Deno.test("authenticator rejects a wrong password, a wrong method and an unknown user", () => {
  const { auth, lookup } = setup();
  const challenge = auth.createChallenges()[0];
  assert.equal(auth.verify(answer(challenge, "nope"), { method: "REGISTER" }, lookup), "invalid");
  assert.equal(auth.verify(answer(challenge), { method: "INVITE" }, lookup), "invalid");
  assert.equal(auth.verify(answer(challenge), { method: "REGISTER" }, () => undefined), "invalid");
  assert.equal(auth.verify(undefined, { method: "REGISTER" }, lookup), "missing");
});

Deno.test("authenticator reports an expired nonce as stale without storing nonces", () => {
  const { clock, auth, lookup } = setup();
  const credentials = answer(auth.createChallenges()[0]);
  clock.advance(60_001);
  assert.equal(auth.verify(credentials, { method: "REGISTER" }, lookup), "stale");
  assert.match(auth.createChallenges({ stale: true })[0], /stale=TRUE/);
  const nonce = parseDigestCredentials(credentials)!.nonce;
  assert.equal(auth.checkNonce(nonce), "stale");
});

Deno.test("authenticator refuses nonces it did not sign", () => {
  const { clock, auth } = setup();
  const other = new DigestAuthenticator({ realm: "sip.example.com", secret: "other", clock });
  assert.equal(auth.checkNonce(other.createNonce()), "invalid");
  const nonce = auth.createNonce();
  assert.equal(auth.checkNonce(nonce), "valid");
  assert.equal(auth.checkNonce(nonce.slice(0, -2) + "AA"), "invalid");
  assert.equal(auth.checkNonce("garbage"), "invalid");
});

Deno.test("authenticator asks a secret given as a function once, when the first nonce is made", () => {
  const clock = new VirtualClock(1_000_000);
  let asked = 0;
  const auth = new DigestAuthenticator({
    realm: "sip.example.com",
    secret: () => {
      asked++;
      return "k";
    },
    clock,
  });
  assert.equal(asked, 0);
  const nonce = auth.createNonce();
  assert.equal(auth.checkNonce(nonce), "valid");
  assert.equal(asked, 1);
  const same = new DigestAuthenticator({ realm: "sip.example.com", secret: "k", clock });
  assert.equal(same.checkNonce(nonce), "valid");
});
