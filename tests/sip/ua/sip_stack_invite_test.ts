import assert from "node:assert/strict";
import { libcUdpAvailable, LibcUdpSocket } from "../../../src/net/mod.ts";
import { serializeMessage } from "../../../src/sip/core/mod.ts";
import { DEFAULT_SIP_LIMITS } from "../../../src/sip/ua/sip_limits.ts";
import { eventually, follow, pbxRequest, SDP, stackHarness } from "./_stack_harness.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "an INVITE without a From tag is answered, and the caller's ACK and BYE reach the call",
  ...options,
  async fn() {
    await using h = await stackHarness();
    const ended: string[] = [];
    let answered = false;
    h.onCall = (call) => {
      call.leg.listen({ answered: () => answered = true, ended: (c) => ended.push(c.reason) });
      call.leg.ring();
      call.leg.answer(SDP);
    };
    const invite = pbxRequest(h, { from: "<sip:3333@127.0.0.1>" });
    h.pbx.send(invite, h.stack.port);
    const ok = await h.pbx.response("1 INVITE");
    assert.equal(ok.status, 200);
    assert.equal(h.activeCalls(), 1);
    const to = ok.headers.get("To")!;
    h.pbx.send(follow(h, invite, "ACK", { to }), h.stack.port);
    await eventually(() => answered);
    h.pbx.send(follow(h, invite, "BYE", { to, cseq: 2 }), h.stack.port);
    assert.equal((await h.pbx.response("2 BYE")).status, 200);
    assert.deepEqual(ended, ["bye"]);
    assert.equal(h.activeCalls(), 0);
  },
});

Deno.test({
  name:
    "a tagless INVITE cancelled while ringing gets 200 for the CANCEL and 487, and frees its slot",
  ...options,
  async fn() {
    await using h = await stackHarness();
    const invite = pbxRequest(h, { from: "<sip:3333@127.0.0.1>" });
    h.pbx.send(invite, h.stack.port);
    await eventually(() => h.calls.length === 1);
    assert.equal(h.activeCalls(), 1);
    h.pbx.send(follow(h, invite, "CANCEL"), h.stack.port);
    assert.equal((await h.pbx.response("1 CANCEL")).status, 200);
    assert.equal((await h.pbx.response("1 INVITE")).status, 487);
    assert.equal(h.activeCalls(), 0);
  },
});

Deno.test({
  name: "an INVITE nobody answers is refused with 408 at the setup timeout and frees its slot",
  ...options,
  async fn() {
    await using h = await stackHarness({ limits: { setupTimeoutMs: 20_000 } });
    const causes: unknown[] = [];
    h.onCall = (call) => {
      call.leg.listen({ ended: (cause) => causes.push(cause) });
      call.leg.ring();
    };
    h.pbx.send(pbxRequest(h), h.stack.port);
    await eventually(() => h.calls.length === 1);
    h.clock.advance(19_999);
    // The 180 from ring() may still be in flight under load; only a final answer counts.
    assert.ok(await h.pbx.noFinalFor("1 INVITE", 50), "nothing final before the timeout");
    assert.equal(h.activeCalls(), 1);
    h.clock.advance(1);
    assert.equal((await h.pbx.response("1 INVITE")).status, 408);
    assert.deepEqual(causes, [{ reason: "timeout", by: "local", status: 408 }]);
    assert.equal(h.activeCalls(), 0);
  },
});

Deno.test("the default setup timeout outlasts the longest ring a number may have (120 s)", () => {
  assert.ok(DEFAULT_SIP_LIMITS.setupTimeoutMs > 120_000);
});

Deno.test({
  name: "a trunk kept full by INVITEs nobody answers takes calls again after the setup timeout",
  ...options,
  async fn() {
    await using h = await stackHarness({ maxCalls: 5, limits: { setupTimeoutMs: 30_000 } });
    for (let i = 0; i < 8; i++) {
      h.pbx.send(pbxRequest(h, { from: "<sip:3333@127.0.0.1>", cseq: 100 + i }), h.stack.port);
    }
    // Datagrams may arrive in any order: whichever five came first took the slots.
    await eventually(() => h.calls.length === 5 && h.blocked.length === 3);
    const ringing = h.calls.map((call) => call.leg.invite.headers.get("CSeq")!);
    const refused = [100, 101, 102, 103, 104, 105, 106, 107].map((n) => `${n} INVITE`)
      .filter((cseq) => !ringing.includes(cseq));
    for (const cseq of refused) assert.equal((await h.pbx.response(cseq)).status, 503);
    assert.equal(h.activeCalls(), 5);
    h.clock.advance(30_000);
    for (const cseq of ringing) assert.equal((await h.pbx.response(cseq)).status, 408);
    assert.equal(h.activeCalls(), 0);
    h.onCall = (call) => call.leg.answer(SDP);
    h.pbx.send(pbxRequest(h, { cseq: 200 }), h.stack.port);
    assert.equal((await h.pbx.response("200 INVITE")).status, 200);
  },
});

Deno.test({
  name: "an INVITE at CSeq 2**31 - 1 can be hung up by the caller's BYE numbered 2**31",
  ...options,
  async fn() {
    await using h = await stackHarness();
    h.onCall = (call) => call.leg.answer(SDP);
    const invite = pbxRequest(h, { cseq: 2147483647 });
    h.pbx.send(invite, h.stack.port);
    const ok = await h.pbx.response("2147483647 INVITE");
    assert.equal(ok.status, 200);
    const to = ok.headers.get("To")!;
    h.pbx.send(follow(h, invite, "ACK", { to }), h.stack.port);
    h.pbx.send(follow(h, invite, "BYE", { to, cseq: 2147483648 }), h.stack.port);
    assert.equal((await h.pbx.response("2147483648 BYE")).status, 200);
    assert.equal(h.activeCalls(), 0);
  },
});

Deno.test({
  name: "an INVITE starting at CSeq 2**31 is refused with 400 before anything rings",
  ...options,
  async fn() {
    await using h = await stackHarness();
    h.pbx.send(pbxRequest(h, { cseq: 2147483648 }), h.stack.port);
    const refused = await h.pbx.response("2147483648 INVITE");
    assert.equal(refused.status, 400);
    assert.equal(refused.reason, "CSeq Number Too Large");
    assert.equal(h.calls.length, 0);
    assert.equal(h.activeCalls(), 0);
  },
});

Deno.test({
  name: "an INVITE no dialog can be built from is refused with a 400 naming why, before ringing",
  ...options,
  async fn() {
    await using h = await stackHarness();
    h.pbx.send(
      pbxRequest(h, { contacts: ["<sip:a@127.0.0.1>", "<sip:b@127.0.0.1>"] }),
      h.stack.port,
    );
    const refused = await h.pbx.response("1 INVITE");
    assert.equal(refused.status, 400);
    assert.equal(refused.reason, "More Than One Contact");
    assert.equal(h.calls.length, 0);
    assert.equal(h.activeCalls(), 0);
  },
});

Deno.test({
  name: "a call layer that throws on a new call still leaves the INVITE a 500 and the slot free",
  ...options,
  async fn() {
    await using h = await stackHarness();
    h.onCall = () => {
      throw new Error("the call layer is broken");
    };
    h.pbx.send(pbxRequest(h), h.stack.port);
    assert.equal((await h.pbx.response("1 INVITE")).status, 500);
    assert.equal(h.activeCalls(), 0);
  },
});

Deno.test({
  name: "an INVITE left unread while the event loop is busy counts that wait in its answer time",
  ...options,
  ignore: libcUdpAvailable() !== true,
  async fn() {
    await using h = await stackHarness();
    h.onCall = (call) => call.leg.answer(SDP);
    const before = h.stack.answerLatency.summary().count;
    // Sent through the C library so that it is on the wire at once, before the loop is held.
    const wire = LibcUdpSocket.bind("127.0.0.1", 0, () => {});
    const invite = serializeMessage(pbxRequest(h, { from: "<sip:3333@127.0.0.1>;tag=busy" }));
    assert.equal(wire.send(invite, h.stack.port, "127.0.0.1"), true);
    // Hold the event loop: the INVITE reaches the kernel now but is read only afterwards.
    const until = performance.now() + 60;
    while (performance.now() < until) { /* busy elsewhere */ }
    assert.equal((await h.pbx.response("1 INVITE")).status, 200);
    await wire.close();
    const answer = h.stack.answerLatency.summary(before);
    const unread = h.stack.unreadLatency.summary(before);
    assert.equal(answer.count - before, 1);
    assert.ok(unread.p50_ms! >= 40, `waited unread ${unread.p50_ms} ms`);
    assert.ok(answer.p50_ms! >= unread.p50_ms!);
  },
});
