import assert from "node:assert/strict";
import { VirtualClock } from "../../../src/clock/mod.ts";
import { Database } from "../../../src/db/mod.ts";
import { createLogger } from "../../../src/log/mod.ts";
import { createRequest } from "../../../src/sip/core/mod.ts";
import {
  type IncomingCall,
  type SipCallHandler,
  SipStack,
  TrunkDirectory,
  TrunkInputSchema,
} from "../../../src/sip/mod.ts";
import { SipUdpClient } from "../../support/sip_udp_client.ts";

const SDP = [
  "v=0",
  "o=pbx 1 1 IN IP4 127.0.0.1",
  "s=-",
  "c=IN IP4 127.0.0.1",
  "t=0 0",
  "m=audio 40000 RTP/AVP 0",
  "a=rtpmap:0 PCMU/8000",
  "",
].join("\r\n");

/** A started stack with a trunk from 127.0.0.1 and a PBX on a UDP socket beside it. */
async function harness() {
  const dir = await Deno.makeTempDir({ prefix: "cc-sip-stack-" });
  const db = new Database(`${dir}/test.db`);
  db.migrate();
  const clock = new VirtualClock(Date.UTC(2026, 4, 1));
  const trunks = new TrunkDirectory(db, clock);
  trunks.create(TrunkInputSchema.parse({
    name: "pbx",
    host: "127.0.0.1",
    allow_cidrs: ["127.0.0.1/32"],
    options_interval_s: 0,
  }));
  const stack = new SipStack({
    bind: "127.0.0.1",
    port: 0,
    advertisedHost: "127.0.0.1",
    clock,
    log: createLogger("sip", { sink: () => {} }),
    trunks,
    credentials: () => [],
    nonceSecret: () => "test-secret",
    publish: () => {},
    realm: "callcenter",
  });
  await stack.start();
  const pbx = await SipUdpClient.open();
  let calls = 0;
  const invite = () => {
    const n = ++calls;
    const request = createRequest({ method: "INVITE", uri: `sip:1000@127.0.0.1:${stack.port}` });
    request.headers.append(
      "Via",
      `SIP/2.0/UDP 127.0.0.1:${pbx.port};branch=z9hG4bK${crypto.randomUUID()};rport`,
    );
    request.headers.append("Max-Forwards", "70");
    request.headers.append("From", `<sip:13800138000@127.0.0.1>;tag=pbx${n}`);
    request.headers.append("To", "<sip:1000@127.0.0.1>");
    request.headers.append("Call-ID", `invite-${n}-${crypto.randomUUID()}`);
    request.headers.append("CSeq", `${n} INVITE`);
    request.headers.append("Contact", `<sip:pbx@127.0.0.1:${pbx.port}>`);
    request.headers.append("Content-Type", "application/sdp");
    request.body = new TextEncoder().encode(SDP);
    pbx.send(request, stack.port);
    return pbx.response(`${n} INVITE`);
  };
  return {
    stack,
    invite,
    async [Symbol.asyncDispose]() {
      pbx.close();
      await stack.stop();
      db.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

function handler(onCall: (call: IncomingCall) => void): SipCallHandler & { blocked: string[] } {
  const blocked: string[] = [];
  return { incomingCall: onCall, blockedCall: (info) => blocked.push(info.reason), blocked };
}

Deno.test("an INVITE from a trunk reaches the incoming-call handler", async () => {
  await using h = await harness();
  const dids: string[] = [];
  h.stack.onIncomingCall(handler((call) => {
    dids.push(call.did);
    call.leg.reject(486);
  }));
  const response = await h.invite();
  assert.equal(response.status, 486);
  assert.deepEqual(dids, ["1000"]);
});

Deno.test("an INVITE from a trunk with no incoming-call handler gets 503", async () => {
  await using h = await harness();
  assert.equal((await h.invite()).status, 503);
});

Deno.test("a second incoming-call handler is refused", async () => {
  await using h = await harness();
  h.stack.onIncomingCall(handler(() => {}));
  assert.throws(
    () => h.stack.onIncomingCall(handler(() => {})),
    /already has an incoming-call handler/,
  );
});

Deno.test("once its handler is removed the stack refuses calls and takes another handler", async () => {
  await using h = await harness();
  const first = handler((call) => call.leg.reject(486));
  const remove = h.stack.onIncomingCall(first);
  remove();
  assert.equal((await h.invite()).status, 503);
  h.stack.onIncomingCall(handler((call) => call.leg.reject(486)));
  assert.equal((await h.invite()).status, 486);
  // The stale remover must not take the new handler away.
  remove();
  assert.equal((await h.invite()).status, 486);
});
