import assert from "node:assert/strict";
import {
  eventually,
  follow,
  pbxRequest,
  SDP,
  type StackHarness,
  stackHarness,
} from "./_stack_harness.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

/** A call from the PBX that the handler answers and the PBX ACKs; its INVITE and To. */
async function answeredCall(h: StackHarness) {
  const invite = pbxRequest(h);
  h.pbx.send(invite, h.stack.port);
  const to = (await h.pbx.response("1 INVITE")).headers.get("To")!;
  h.pbx.send(follow(h, invite, "ACK", { to }), h.stack.port);
  return { invite, to };
}

Deno.test({
  name:
    "after the appliance hangs up, a crossing BYE gets 200 and a late re-INVITE 481, until the dialog is forgotten",
  ...options,
  async fn() {
    await using h = await stackHarness();
    let answered = false;
    h.onCall = (call) => {
      call.leg.listen({ answered: () => answered = true });
      call.leg.answer(SDP);
    };
    const { invite, to } = await answeredCall(h);
    await eventually(() => answered);
    h.calls[0].leg.hangup();
    assert.equal(h.stack.liveLegs, 0);

    h.pbx.send(follow(h, invite, "BYE", { to, cseq: 2 }), h.stack.port);
    assert.equal((await h.pbx.response("2 BYE")).status, 200);
    const reinvite = follow(h, invite, "INVITE", { to, cseq: 3 });
    h.pbx.send(reinvite, h.stack.port);
    assert.equal((await h.pbx.response("3 INVITE")).status, 481);

    h.clock.advance(32 * 500);
    h.pbx.send(follow(h, invite, "BYE", { to, cseq: 4 }), h.stack.port);
    assert.equal((await h.pbx.response("4 BYE")).status, 481);
  },
});

Deno.test({
  name: "a CANCEL for an INVITE whose call is over gets 200 and changes nothing",
  ...options,
  async fn() {
    await using h = await stackHarness();
    const ended: string[] = [];
    h.onCall = (call) => {
      call.leg.listen({ ended: (cause) => ended.push(cause.reason) });
      call.leg.answer(SDP);
    };
    const { invite, to } = await answeredCall(h);
    h.pbx.send(follow(h, invite, "BYE", { to, cseq: 2 }), h.stack.port);
    assert.equal((await h.pbx.response("2 BYE")).status, 200);
    h.pbx.send(follow(h, invite, "CANCEL"), h.stack.port);
    assert.equal((await h.pbx.response("1 CANCEL")).status, 200);
    assert.deepEqual(ended, ["bye"]);
    assert.equal(h.activeCalls(), 0);
  },
});
