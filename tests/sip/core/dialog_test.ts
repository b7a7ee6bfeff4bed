import assert from "node:assert/strict";
import {
  createRequest,
  createResponse,
  cseqOf,
  Dialog,
  type SipRequest,
  type SipResponse,
} from "../../../src/sip/core/mod.ts";

function invite(): SipRequest {
  return createRequest({
    method: "INVITE",
    uri: "sip:bob@example.com",
    headers: [
      ["Via", "SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1"],
      ["Max-Forwards", "70"],
      ["From", '"Alice" <sip:alice@example.com>;tag=a1'],
      ["To", "<sip:bob@example.com>"],
      ["Call-ID", "dlg-1"],
      ["CSeq", "10 INVITE"],
      ["Contact", "<sip:alice@192.0.2.10>"],
      ["Record-Route", "<sip:p1.example.com;lr>"],
      ["Record-Route", "<sip:p2.example.com;lr>"],
    ],
  });
}

function answer(request: SipRequest, status = 200): SipResponse {
  return createResponse(request, status, {
    toTag: "b1",
    copyRecordRoute: true,
    headers: [["Contact", "<sip:bob@192.0.2.20:5070>"]],
  });
}

Deno.test("UAC dialog takes tags, target and the reversed route set from the 2xx", () => {
  const req = invite();
  const dialog = Dialog.fromUac(req, answer(req));
  assert.equal(dialog.id, "dlg-1;local=a1;remote=b1");
  assert.equal(dialog.state, "confirmed");
  assert.equal(dialog.remoteTarget, "sip:bob@192.0.2.20:5070");
  assert.deepEqual(dialog.routeSet, ["<sip:p2.example.com;lr>", "<sip:p1.example.com;lr>"]);
  assert.equal(dialog.localSeq, 10);
});

Deno.test("UAS dialog keeps the route set in order and remembers the remote CSeq", () => {
  const req = invite();
  const dialog = Dialog.fromUas(req, answer(req, 180));
  assert.equal(dialog.state, "early");
  assert.equal(dialog.remoteTarget, "sip:alice@192.0.2.10");
  assert.deepEqual(dialog.routeSet, ["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"]);
  assert.equal(dialog.remoteSeq, 10);
  assert.equal(dialog.remoteParty, '"Alice" <sip:alice@example.com>;tag=a1');
  dialog.transition("confirmed");
  assert.throws(() => dialog.transition("early"), /cannot move from confirmed to early/);
});

Deno.test("in-dialog BYE goes to the remote target through loose routes with the next CSeq", () => {
  const req = invite();
  const dialog = Dialog.fromUac(req, answer(req));
  const bye = dialog.createRequest("BYE");
  assert.equal(bye.uri, "sip:bob@192.0.2.20:5070");
  assert.deepEqual(bye.headers.getAll("Route"), [
    "<sip:p2.example.com;lr>",
    "<sip:p1.example.com;lr>",
  ]);
  assert.deepEqual(cseqOf(bye), { seq: 11, method: "BYE" });
  assert.equal(bye.headers.get("From"), '"Alice" <sip:alice@example.com>;tag=a1');
  assert.equal(bye.headers.get("To"), "<sip:bob@example.com>;tag=b1");
  assert.equal(bye.headers.get("Contact"), undefined);
  assert.deepEqual(
    cseqOf(dialog.createRequest("INFO", { body: "x", contentType: "text/plain" })).seq,
    12,
  );
});

Deno.test("a strict router moves into the Request-URI and the target goes last", () => {
  const req = invite();
  req.headers.set("Record-Route", ["<sip:strict.example.com;transport=udp>"]);
  const dialog = Dialog.fromUac(req, answer(req));
  const reinvite = dialog.createRequest("INVITE", {
    body: "v=0\r\n",
    contentType: "application/sdp",
  });
  assert.equal(reinvite.uri, "sip:strict.example.com;transport=udp");
  assert.deepEqual(reinvite.headers.getAll("Route"), ["<sip:bob@192.0.2.20:5070>"]);
  assert.equal(reinvite.headers.get("Contact"), "<sip:alice@192.0.2.10>");
  assert.equal(reinvite.headers.get("Content-Type"), "application/sdp");
});

Deno.test("the ACK for a 2xx reuses the INVITE's CSeq number and credentials", () => {
  const req = invite();
  req.headers.append("Proxy-Authorization", 'Digest username="a"');
  const dialog = Dialog.fromUac(req, answer(req));
  const ack = dialog.createAck(req);
  assert.deepEqual(cseqOf(ack), { seq: 10, method: "ACK" });
  assert.equal(ack.headers.get("Proxy-Authorization"), 'Digest username="a"');
  assert.equal(dialog.localSeq, 10);
  assert.throws(() => dialog.createRequest("ACK"), TypeError);
});

Deno.test("an out-of-order remote CSeq is refused with 500 and a re-INVITE refreshes the target", () => {
  const req = invite();
  const dialog = Dialog.fromUas(req, answer(req));
  const reinvite = createRequest({
    method: "INVITE",
    uri: "sip:bob@192.0.2.20:5070",
    headers: [
      ["From", '"Alice" <sip:alice@example.com>;tag=a1'],
      ["To", "<sip:bob@example.com>;tag=b1"],
      ["Call-ID", "dlg-1"],
      ["CSeq", "11 INVITE"],
      ["Contact", "<sip:alice@192.0.2.99>"],
    ],
  });
  assert.ok(dialog.matchesRequest(reinvite));
  assert.equal(dialog.receiveRequest(reinvite), undefined);
  assert.equal(dialog.remoteTarget, "sip:alice@192.0.2.99");
  assert.deepEqual(dialog.receiveRequest(reinvite), { status: 500, reason: "CSeq Out Of Order" });
});

Deno.test("an early UAC dialog is confirmed by the 2xx, which also resets the route set", () => {
  const req = invite();
  const early = answer(req, 183);
  const dialog = Dialog.fromUac(req, early);
  assert.equal(dialog.state, "early");
  const ok = answer(req, 200);
  ok.headers.set("Record-Route", ["<sip:p9.example.com;lr>"]);
  dialog.receiveResponse(req, ok);
  assert.equal(dialog.state, "confirmed");
  assert.deepEqual(dialog.routeSet, ["<sip:p9.example.com;lr>"]);
});

Deno.test("a terminated dialog builds no more requests", () => {
  const req = invite();
  const dialog = Dialog.fromUac(req, answer(req));
  dialog.transition("terminated");
  assert.throws(() => dialog.createRequest("BYE"), /terminated/);
});

Deno.test("a UAS dialog with an RFC 2543 caller has a null remote tag and still matches its BYE", () => {
  const req = invite();
  req.headers.set("From", '"Alice" <sip:alice@example.com>');
  const dialog = Dialog.fromUas(req, answer(req));
  assert.equal(dialog.remoteTag, undefined);
  assert.equal(dialog.id, "dlg-1;local=b1;remote=");
  const bye = dialog.createRequest("BYE");
  assert.equal(bye.headers.get("To"), '"Alice" <sip:alice@example.com>');
  const theirs = createRequest({
    method: "BYE",
    uri: "sip:bob@192.0.2.20:5070",
    headers: [
      ["From", '"Alice" <sip:alice@example.com>'],
      ["To", "<sip:bob@example.com>;tag=b1"],
      ["Call-ID", "dlg-1"],
      ["CSeq", "11 BYE"],
    ],
  });
  assert.ok(dialog.matchesRequest(theirs));
  assert.equal(dialog.receiveRequest(theirs), undefined);
});

Deno.test("a UAS dialog begun at CSeq 2**31 - 1 takes the caller's BYE numbered 2**31", () => {
  const req = invite();
  req.headers.set("CSeq", "2147483647 INVITE");
  const dialog = Dialog.fromUas(req, answer(req));
  const bye = createRequest({
    method: "BYE",
    uri: "sip:bob@192.0.2.20:5070",
    headers: [["Call-ID", "dlg-1"], ["CSeq", "2147483648 BYE"]],
  });
  assert.equal(dialog.receiveRequest(bye), undefined);
  assert.equal(dialog.remoteSeq, 2 ** 31);
});

Deno.test("a UAS dialog with an RFC 2543 caller that sent no Contact targets its From URI", () => {
  const req = invite();
  req.headers.delete("Contact");
  assert.equal(Dialog.fromUas(req, answer(req)).remoteTarget, "sip:alice@example.com");
  req.headers.append("Contact", "*");
  assert.throws(() => Dialog.fromUas(req, answer(req)), /Contact Must Not Be \*/);
});
