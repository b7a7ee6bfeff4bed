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
import { ClientLeg, type LegEndCause } from "../../../src/sip/mod.ts";
import type { LegHost } from "../../../src/sip/ua/leg.ts";
import type { OriginateOptions } from "../../../src/sip/ua/client_leg.ts";

const REALM = "pbx.example";

/** A PBX that challenges every INVITE without a right digest response, then answers 200. */
function pbx(password: string, status: 401 | 407 = 407) {
  const seen: SipRequest[] = [];
  const acks: SipRequest[] = [];
  const answer = (request: SipRequest): SipResponse => {
    seen.push(request);
    const header = status === 401 ? "Authorization" : "Proxy-Authorization";
    const auth = request.headers.get(header);
    const creds = auth ? parseDigestCredentials(auth) : undefined;
    const ok = creds && creds.response === computeDigestResponse({
          algorithm: "MD5",
          ha1: computeHa1("MD5", creds.username, REALM, password),
          method: "INVITE",
          uri: creds.uri,
          nonce: creds.nonce,
          qop: creds.qop,
          nc: creds.nc,
          cnonce: creds.cnonce,
        });
    if (!ok) {
      const challenge = createResponse(request, status, { toTag: "pbx1" });
      challenge.headers.append(
        status === 401 ? "WWW-Authenticate" : "Proxy-Authenticate",
        `Digest realm="${REALM}", nonce="n${seen.length}", qop="auth", algorithm=MD5`,
      );
      return challenge;
    }
    const answered = createResponse(request, 200, { toTag: "pbx2", body: "v=0\r\n" });
    answered.headers.append("Contact", "<sip:pbx@198.51.100.7:5060>");
    return answered;
  };
  return { seen, acks, answer };
}

function dial(peer: ReturnType<typeof pbx>, credentials?: OriginateOptions["credentials"]) {
  const host: LegHost = {
    clock: new VirtualClock(0),
    log: createLogger("test", { sink: () => {}, level: "error" }),
    t1: 500,
    t2: 4000,
    contactFor: () => "<sip:cc@192.0.2.1:5060>",
    sendRequest: (request, _destination, listener) => {
      queueMicrotask(() => listener?.onResponse?.(peer.answer(request), undefined as never));
      return { request } as ClientTransaction;
    },
    sendAck: (ack) => peer.acks.push(ack),
    bindDialog: () => {},
    legEnded: () => {},
  };
  const leg = new ClientLeg(host, {
    requestUri: "sip:+8613800138000@198.51.100.7:5060",
    destination: { transport: "udp", host: "198.51.100.7", port: 5060 },
    from: { user: "4008001234", host: "192.0.2.1" },
    to: "<sip:+8613800138000@198.51.100.7:5060>",
    sdp: "v=0\r\n",
    credentials,
  });
  const events: string[] = [];
  let ended: LegEndCause | undefined;
  leg.listen({
    answered: () => events.push("answered"),
    ended: (cause) => {
      ended = cause;
      events.push("ended");
    },
  });
  leg.start();
  return { leg, events, ended: () => ended };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

Deno.test("an outbound INVITE answers the trunk's 407 with the trunk's credentials and is answered", async () => {
  const peer = pbx("secret");
  const { leg, events } = dial(peer, { username: "4008", password: "secret" });
  await settle();
  await settle();
  assert.deepEqual(events, ["answered"]);
  assert.equal(peer.seen.length, 2);
  const [first, second] = peer.seen;
  assert.equal(first.headers.get("CSeq"), "1 INVITE");
  assert.equal(second.headers.get("CSeq"), "2 INVITE");
  assert.equal(second.headers.get("Call-ID"), first.headers.get("Call-ID"));
  assert.equal(second.headers.get("From"), first.headers.get("From"));
  assert.equal(second.headers.has("Via"), false, "the transaction layer stamps a new branch");
  const creds = parseDigestCredentials(second.headers.get("Proxy-Authorization")!)!;
  assert.equal(creds.username, "4008");
  assert.equal(creds.uri, "sip:+8613800138000@198.51.100.7:5060");
  assert.equal(leg.invite, second);
  assert.equal(peer.acks.at(-1)?.headers.get("CSeq"), "2 ACK");
});

Deno.test("a 401 is answered with an Authorization header", async () => {
  const peer = pbx("secret", 401);
  const { events } = dial(peer, { username: "4008", password: "secret" });
  await settle();
  await settle();
  assert.deepEqual(events, ["answered"]);
  assert.ok(peer.seen[1].headers.get("Authorization"));
});

Deno.test("a wrong password is tried once, then the leg ends rejected with the PBX's status", async () => {
  const peer = pbx("secret");
  const { events, ended } = dial(peer, { username: "4008", password: "wrong" });
  for (let i = 0; i < 4; i++) await settle();
  assert.equal(peer.seen.length, 2);
  assert.deepEqual(events, ["ended"]);
  assert.equal(ended()?.reason, "rejected");
  assert.equal(ended()?.status, 407);
});

Deno.test("a leg without credentials ends on the first challenge", async () => {
  const peer = pbx("secret");
  const { ended } = dial(peer);
  await settle();
  assert.equal(peer.seen.length, 1);
  assert.equal(ended()?.status, 407);
});
