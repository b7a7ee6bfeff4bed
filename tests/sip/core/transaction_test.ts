import assert from "node:assert/strict";
import { VirtualClock } from "../../../src/clock/mod.ts";
import {
  type ClientTransaction,
  createCancel,
  createRequest,
  createResponse,
  type Destination,
  parseVia,
  type ServerTransaction,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  type SipTransport,
  TransactionLayer,
  type TransactionUser,
} from "../../../src/sip/core/mod.ts";

const PEER: Destination = { transport: "UDP", host: "192.0.2.10", port: 5060 };

class FakeTransport implements SipTransport {
  sent: { at: number; message: SipMessage; to: Destination }[] = [];
  fail = false;
  constructor(readonly clock: VirtualClock, readonly reliable = false) {}
  send(message: SipMessage, to: Destination): void {
    if (this.fail) throw new Error("Network is unreachable");
    this.sent.push({ at: this.clock.now(), message, to });
  }
  times(filter: (m: SipMessage) => boolean = () => true): number[] {
    return this.sent.filter((s) => filter(s.message)).map((s) => s.at);
  }
}

class RecordingUser implements TransactionUser {
  requests: { request: SipRequest; transaction?: ServerTransaction }[] = [];
  responses: { response: SipResponse; transaction?: ClientTransaction }[] = [];
  timeouts: unknown[] = [];
  errors: unknown[] = [];
  onRequest(request: SipRequest, transaction: ServerTransaction | undefined) {
    this.requests.push({ request, transaction });
  }
  onResponse(response: SipResponse, transaction: ClientTransaction | undefined) {
    this.responses.push({ response, transaction });
  }
  onTimeout(transaction: unknown) {
    this.timeouts.push(transaction);
  }
  onTransportError(transaction: unknown, error: unknown) {
    this.errors.push([transaction, error]);
  }
}

function setup(reliable = false) {
  const clock = new VirtualClock(0);
  const transport = new FakeTransport(clock, reliable);
  const user = new RecordingUser();
  const layer = new TransactionLayer({
    clock,
    transport,
    user,
    localAddress: () => ({ host: "198.51.100.1", port: 5060 }),
  });
  return { clock, transport, user, layer };
}

function request(method: string, branch = "z9hG4bKabc", seq = 1): SipRequest {
  return createRequest({
    method,
    uri: "sip:bob@example.com",
    headers: [
      ["Via", `SIP/2.0/UDP 192.0.2.10:5060;branch=${branch}`],
      ["Max-Forwards", "70"],
      ["From", "<sip:alice@example.com>;tag=a1"],
      ["To", "<sip:bob@example.com>"],
      ["Call-ID", "call-1"],
      ["CSeq", `${seq} ${method}`],
      ["Contact", "<sip:alice@192.0.2.10>"],
    ],
  });
}

const isMethod = (method: string) => (m: SipMessage) => m.kind === "request" && m.method === method;
const isStatus = (status: number) => (m: SipMessage) =>
  m.kind === "response" && m.status === status;

Deno.test("INVITE client retransmits on Timer A, doubling each time, and times out on Timer B", () => {
  const { clock, transport, user, layer } = setup();
  layer.sendRequest(request("INVITE"), PEER);
  clock.advance(64 * 500);
  assert.deepEqual(transport.times(), [0, 500, 1500, 3500, 7500, 15500, 31500]);
  assert.equal(user.timeouts.length, 1);
  assert.deepEqual(layer.size, { clients: 0, servers: 0 });
});

Deno.test("INVITE client never retransmits over a reliable transport", () => {
  const { clock, transport, user, layer } = setup(true);
  layer.sendRequest(request("INVITE"), PEER);
  clock.advance(40_000);
  assert.deepEqual(transport.times(), [0]);
  assert.equal(user.timeouts.length, 1);
});

Deno.test("INVITE client stops retransmitting on a provisional response", () => {
  const { clock, transport, user, layer } = setup();
  const invite = request("INVITE");
  layer.sendRequest(invite, PEER);
  clock.advance(600);
  layer.receive(createResponse(invite, 180, { toTag: "b1" }), PEER);
  clock.advance(60_000);
  assert.deepEqual(transport.times(), [0, 500]);
  assert.equal(user.responses.length, 1);
  assert.equal(user.timeouts.length, 0);
});

Deno.test("INVITE client ACKs a failure itself and absorbs its retransmissions", () => {
  const { clock, transport, user, layer } = setup();
  const invite = request("INVITE");
  const tx = layer.sendRequest(invite, PEER);
  const busy = createResponse(invite, 486, { toTag: "b1" });
  layer.receive(busy, PEER);
  layer.receive(busy, PEER);
  assert.equal(user.responses.length, 1);
  const acks = transport.sent.filter((s) => isMethod("ACK")(s.message)).map((s) =>
    s.message as SipRequest
  );
  assert.equal(acks.length, 2);
  assert.equal(acks[0].headers.get("To"), "<sip:bob@example.com>;tag=b1");
  assert.equal(acks[0].headers.get("CSeq"), "1 ACK");
  assert.equal(parseVia(acks[0].headers.get("Via")!).branch, "z9hG4bKabc");
  assert.equal(tx.state, "completed");
  clock.advance(32_000);
  assert.equal(tx.state, "terminated");
});

Deno.test("INVITE client passes 2xx retransmissions up while Accepted, then ends", () => {
  const { clock, user, layer, transport } = setup();
  const invite = request("INVITE");
  const tx = layer.sendRequest(invite, PEER);
  const ok = createResponse(invite, 200, { toTag: "b1" });
  layer.receive(ok, PEER);
  layer.receive(ok, PEER);
  assert.equal(tx.state, "accepted");
  assert.equal(user.responses.length, 2);
  assert.equal(transport.times(isMethod("ACK")).length, 0);
  clock.advance(32_000);
  assert.equal(tx.state, "terminated");
  layer.receive(ok, PEER);
  assert.equal(user.responses[2].transaction, undefined);
});

Deno.test("non-INVITE client doubles Timer E up to T2 and times out on Timer F", () => {
  const { clock, transport, user, layer } = setup();
  layer.sendRequest(request("OPTIONS"), PEER);
  clock.advance(32_000);
  assert.deepEqual(transport.times(), [
    0,
    500,
    1500,
    3500,
    7500,
    11500,
    15500,
    19500,
    23500,
    27500,
    31500,
  ]);
  assert.equal(user.timeouts.length, 1);
});

Deno.test("non-INVITE client retransmits every T2 after a provisional response", () => {
  const { clock, transport, layer } = setup();
  const options = request("OPTIONS");
  layer.sendRequest(options, PEER);
  clock.advance(100);
  layer.receive(createResponse(options, 100), PEER);
  clock.advance(10_000);
  assert.deepEqual(transport.times(), [0, 500, 4500, 8500]);
});

Deno.test("non-INVITE client delivers the final response once and lingers for T4", () => {
  const { clock, user, layer } = setup();
  const bye = request("BYE");
  const tx = layer.sendRequest(bye, PEER);
  const ok = createResponse(bye, 200);
  layer.receive(ok, PEER);
  layer.receive(ok, PEER);
  assert.equal(user.responses.length, 1);
  assert.equal(tx.state, "completed");
  clock.advance(5_000);
  assert.equal(tx.state, "terminated");
});

Deno.test("responses match client transactions by branch and CSeq method", () => {
  const { user, layer } = setup();
  const invite = request("INVITE");
  const inviteTx = layer.sendRequest(invite, PEER);
  layer.receive(createResponse(invite, 180, { toTag: "b" }), PEER);
  const cancel = createCancel(invite);
  const cancelTx = layer.sendRequest(cancel, PEER);
  layer.receive(createResponse(cancel, 200, { toTag: "b" }), PEER);
  assert.deepEqual(user.responses.map((r) => r.transaction), [inviteTx, cancelTx]);
});

Deno.test("INVITE server sends 100 Trying when the TU is silent for 200 ms", () => {
  const { clock, transport, user, layer } = setup();
  layer.receive(request("INVITE"), PEER);
  assert.equal(user.requests.length, 1);
  clock.advance(199);
  assert.equal(transport.sent.length, 0);
  clock.advance(1);
  assert.deepEqual(transport.times(isStatus(100)), [200]);
});

Deno.test("INVITE server absorbs a retransmitted INVITE by resending its last response", () => {
  const { transport, user, layer } = setup();
  const invite = request("INVITE");
  layer.receive(invite, PEER);
  const tx = user.requests[0].transaction!;
  tx.respond(createResponse(tx.request, 180, { toTag: "t" }));
  layer.receive(request("INVITE"), PEER);
  assert.equal(user.requests.length, 1);
  assert.equal(transport.times(isStatus(180)).length, 2);
});

Deno.test("INVITE server retransmits a failure on Timer G until the ACK, then waits Timer I", () => {
  const { clock, transport, layer, user } = setup();
  layer.receive(request("INVITE"), PEER);
  const tx = user.requests[0].transaction!;
  tx.respond(createResponse(tx.request, 486, { toTag: "t" }));
  clock.advance(11_000);
  assert.deepEqual(transport.times(isStatus(486)), [0, 500, 1500, 3500, 7500]);
  layer.receive(request("ACK"), PEER);
  assert.equal(tx.state, "confirmed");
  assert.equal(user.requests.length, 1);
  clock.advance(5_000);
  assert.equal(transport.times(isStatus(486)).length, 5);
  assert.equal(tx.state, "terminated");
});

Deno.test("INVITE server times out on Timer H when no ACK arrives", () => {
  const { clock, layer, user } = setup();
  layer.receive(request("INVITE"), PEER);
  const tx = user.requests[0].transaction!;
  tx.respond(createResponse(tx.request, 603, { toTag: "t" }));
  clock.advance(32_000);
  assert.deepEqual(user.timeouts, [tx]);
});

Deno.test("the ACK for a 2xx is not absorbed: it reaches the TU without a transaction", () => {
  const { layer, user } = setup();
  layer.receive(request("INVITE"), PEER);
  const tx = user.requests[0].transaction!;
  tx.respond(createResponse(tx.request, 200, { toTag: "t" }));
  assert.equal(tx.state, "accepted");
  layer.receive(request("ACK", "z9hG4bKnewbranch"), PEER);
  assert.equal(user.requests.length, 2);
  assert.equal(user.requests[1].request.method, "ACK");
  assert.equal(user.requests[1].transaction, undefined);
});

Deno.test("non-INVITE server ignores retransmissions until it answers, then repeats the answer", () => {
  const { clock, transport, layer, user } = setup();
  layer.receive(request("OPTIONS"), PEER);
  layer.receive(request("OPTIONS"), PEER);
  assert.equal(user.requests.length, 1);
  assert.equal(transport.sent.length, 0);
  const tx = user.requests[0].transaction!;
  tx.respond(createResponse(tx.request, 200, { toTag: "t" }));
  layer.receive(request("OPTIONS"), PEER);
  assert.equal(transport.times(isStatus(200)).length, 2);
  clock.advance(32_000);
  assert.equal(tx.state, "terminated");
  assert.deepEqual(layer.size, { clients: 0, servers: 0 });
});

Deno.test("a transaction refuses a second final response", () => {
  const { layer, user } = setup();
  layer.receive(request("OPTIONS"), PEER);
  const tx = user.requests[0].transaction!;
  tx.respond(createResponse(tx.request, 200));
  assert.throws(
    () => tx.respond(createResponse(tx.request, 500)),
    /Cannot send 500 in state completed/,
  );
});

Deno.test("a CANCEL finds the INVITE server transaction it refers to", () => {
  const { layer, user } = setup();
  const invite = request("INVITE");
  layer.receive(invite, PEER);
  const cancel = createCancel(invite);
  layer.receive(cancel, PEER);
  assert.equal(user.requests.length, 2);
  assert.equal(user.requests[1].request.method, "CANCEL");
  assert.notEqual(user.requests[1].transaction, user.requests[0].transaction);
  assert.equal(layer.findInviteServerTransaction(cancel), user.requests[0].transaction);
});

Deno.test("requests from an RFC 2543 peer match by dialog identifiers", () => {
  const { layer, user, transport } = setup();
  const old = (method: string) => {
    const r = request(method);
    r.headers.set("Via", "SIP/2.0/UDP 192.0.2.10:5060");
    return r;
  };
  layer.receive(old("INVITE"), PEER);
  const tx = user.requests[0].transaction!;
  tx.respond(createResponse(tx.request, 486, { toTag: "t" }));
  layer.receive(old("INVITE"), PEER);
  layer.receive(old("ACK"), PEER);
  assert.equal(user.requests.length, 1);
  assert.equal(transport.times(isStatus(486)).length, 2);
  assert.equal(tx.state, "confirmed");
});

Deno.test("the layer stamps received and rport, and answers there over UDP", () => {
  const { layer, user, transport } = setup();
  const invite = request("OPTIONS");
  invite.headers.set("Via", "SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKnat;rport");
  layer.receive(invite, { transport: "UDP", host: "203.0.113.9", port: 40000 });
  const via = parseVia(user.requests[0].request.headers.get("Via")!);
  assert.equal(via.received, "203.0.113.9");
  assert.equal(via.rport, 40000);
  user.requests[0].transaction!.respond(createResponse(invite, 200));
  assert.deepEqual(transport.sent[0].to, { transport: "UDP", host: "203.0.113.9", port: 40000 });
});

Deno.test("a transport failure ends the transaction and is reported", () => {
  const { layer, user, transport } = setup();
  transport.fail = true;
  const tx = layer.sendRequest(request("REGISTER"), PEER);
  assert.equal(tx.state, "terminated");
  assert.equal(user.errors.length, 1);
  assert.deepEqual(layer.size, { clients: 0, servers: 0 });
});

Deno.test("sendRequest adds a Via with a fresh branch and rport", () => {
  const { layer, transport } = setup();
  const options = request("OPTIONS");
  options.headers.delete("Via");
  layer.sendRequest(options, PEER);
  const via = parseVia((transport.sent[0].message as SipRequest).headers.get("Via")!);
  assert.equal(via.host, "198.51.100.1");
  assert.equal(via.rport, true);
  assert.match(via.branch!, /^z9hG4bK/);
  assert.throws(() => layer.sendRequest(request("ACK"), PEER), TypeError);
});

Deno.test("a per-transaction listener receives that transaction's events", () => {
  const { layer, user, clock } = setup();
  const seen: string[] = [];
  layer.sendRequest(request("OPTIONS"), PEER, { onTimeout: () => seen.push("timeout") });
  clock.advance(32_000);
  assert.deepEqual(seen, ["timeout"]);
  assert.equal(user.timeouts.length, 0);
});

Deno.test("a TU that throws on a new request leaves it answered 500, not waiting forever", () => {
  const { transport, layer, user } = setup();
  user.onRequest = () => {
    throw new Error("the TU is broken");
  };
  assert.throws(() => layer.receive(request("INVITE"), PEER), /the TU is broken/);
  assert.deepEqual(transport.sent.map((s) => (s.message as SipResponse).status), [500]);
});

Deno.test("a non-INVITE request the TU never answers gets 500 when the client's Timer F runs out", () => {
  const { clock, transport, layer } = setup();
  layer.receive(request("OPTIONS"), PEER);
  clock.advance(64 * 500 - 1);
  assert.equal(transport.sent.length, 0);
  clock.advance(1);
  assert.deepEqual(transport.sent.map((s) => (s.message as SipResponse).status), [500]);
  clock.advance(64 * 500);
  assert.deepEqual(layer.size, { clients: 0, servers: 0 });
});

Deno.test("past its bound the layer answers new requests 503 without keeping a transaction", () => {
  const clock = new VirtualClock(0);
  const transport = new FakeTransport(clock);
  const user = new RecordingUser();
  const overloads: string[] = [];
  const layer = new TransactionLayer({
    clock,
    transport,
    user,
    maxServerTransactions: 2,
    onOverload: (request) => overloads.push(request.headers.get("Call-ID")!),
  });
  for (let i = 0; i < 5; i++) layer.receive(request("OPTIONS", `z9hG4bKcap${i}`), PEER);
  assert.equal(user.requests.length, 2);
  assert.deepEqual(layer.size, { clients: 0, servers: 2 });
  const busy = transport.sent.map((s) => s.message as SipResponse);
  assert.deepEqual(busy.map((r) => r.status), [503, 503, 503]);
  assert.equal(busy[0].headers.get("Retry-After"), "5");
  assert.equal(overloads.length, 3);
});

Deno.test("an answered INVITE's transaction keeps only the request's identity while it waits out Timer L", () => {
  const { clock, layer, user } = setup();
  const invite = request("INVITE");
  invite.body = new TextEncoder().encode("v=0\r\n");
  layer.receive(invite, PEER);
  const tx = user.requests[0].transaction!;
  tx.respond(createResponse(tx.request, 200, { toTag: "t" }));
  assert.equal(tx.state, "accepted");
  assert.equal(tx.request.body.length, 0);
  assert.equal(tx.request.headers.get("Contact"), undefined);
  assert.equal(tx.request.headers.get("Call-ID"), "call-1");
  assert.equal(tx.request.headers.get("CSeq"), "1 INVITE");
  assert.equal(tx.lastResponse, undefined);
  // The TU's own 2xx retransmission still goes out through it, built from what is kept.
  tx.respond(createResponse(tx.request, 200, { toTag: "t" }));
  clock.advance(32_000 - 1);
  assert.equal(tx.state, "accepted");
  clock.advance(1);
  assert.equal(tx.state, "terminated");
  assert.deepEqual(layer.size, { clients: 0, servers: 0 });
});

Deno.test("a non-INVITE transaction that has answered keeps its response, not the whole request", () => {
  const { clock, transport, layer, user } = setup();
  layer.receive(request("BYE"), PEER);
  const tx = user.requests[0].transaction!;
  tx.respond(createResponse(tx.request, 200, { toTag: "t" }));
  assert.equal(tx.request.headers.get("Max-Forwards"), undefined);
  assert.equal(tx.request.headers.get("Via"), "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKabc");
  layer.receive(request("BYE"), PEER);
  const answers = transport.sent.filter((s) => isStatus(200)(s.message));
  assert.equal(answers.length, 2);
  assert.equal(answers[1].message, answers[0].message);
  clock.advance(32_000);
  assert.equal(tx.state, "terminated");
});
