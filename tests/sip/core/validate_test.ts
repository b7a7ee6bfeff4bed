import assert from "node:assert/strict";
import { createRequest, type SipRequest, validateRequest } from "../../../src/sip/core/mod.ts";

function invite(headers: [string, string][] = [], replace: Record<string, string> = {}) {
  const base: Record<string, string> = {
    Via: "SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKv1",
    "Max-Forwards": "70",
    From: "<sip:alice@example.com>;tag=a1",
    To: "<sip:1000@example.com>",
    "Call-ID": "validate-1",
    CSeq: "1 INVITE",
    Contact: "<sip:alice@192.0.2.10>",
    ...replace,
  };
  const request = createRequest({ method: "INVITE", uri: "sip:1000@example.com" });
  for (const [name, value] of Object.entries(base)) {
    if (value !== "") request.headers.append(name, value);
  }
  for (const [name, value] of headers) request.headers.append(name, value);
  return request;
}

function refusal(request: SipRequest): [number, string] | "ok" {
  const result = validateRequest(request);
  return result.ok ? "ok" : [result.status, result.reason];
}

Deno.test("a request outside a dialog may start at CSeq 2**31 - 1 but not at 2**31", () => {
  assert.equal(refusal(invite([], { CSeq: "2147483647 INVITE" })), "ok");
  assert.deepEqual(refusal(invite([], { CSeq: "2147483648 INVITE" })), [
    400,
    "CSeq Number Too Large",
  ]);
});

Deno.test("a request inside a dialog may count on past 2**31", () => {
  const bye = invite([], { To: "<sip:1000@example.com>;tag=b1", CSeq: "2147483648 INVITE" });
  assert.equal(refusal(bye), "ok");
});

Deno.test("an INVITE without a From tag is accepted, as RFC 3261 §12.1.1 requires of a UAS", () => {
  assert.equal(refusal(invite([], { From: "<sip:alice@example.com>" })), "ok");
});

Deno.test("an INVITE a dialog cannot be built from is refused with a 400 naming why", () => {
  assert.deepEqual(refusal(invite([["Contact", "<sip:other@192.0.2.11>"]])), [
    400,
    "More Than One Contact",
  ]);
  assert.deepEqual(refusal(invite([], { Contact: "*" })), [400, "Contact Must Not Be *"]);
  assert.deepEqual(refusal(invite([], { Contact: "<tel:+8613800138000>" })), [
    400,
    "Contact Is Not A SIP URI",
  ]);
  assert.deepEqual(
    refusal(invite([], { Contact: "", From: "<tel:+8613800138000>;tag=a1" })),
    [400, "Missing Contact"],
  );
  // An RFC 2543 caller without Contact is reached at its From URI.
  assert.equal(refusal(invite([], { Contact: "" })), "ok");
});
