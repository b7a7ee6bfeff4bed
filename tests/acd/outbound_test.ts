import assert from "node:assert/strict";
import { OUTBOUND_REASON } from "../../src/acd/mod.ts";
import { plainAgents, setup } from "./harness.ts";

const config = {
  queues: [{ id: "q", strategy: "longest_idle" as const }],
  agents: plainAgents("q", "ann", "bob"),
};

Deno.test("an agent taken for a call out is offered no inbound call until the call out ends", () => {
  const h = setup(config);
  h.readyInOrder("ann", "bob");
  assert.equal(h.engine.outboundStarted("ann"), true);
  assert.equal(h.engine.agent("ann").state, "not_ready");
  assert.equal(h.engine.agent("ann").reason, OUTBOUND_REASON);
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.engine.callEntered({ callId: "c2", queueId: "q" });
  assert.deepEqual(h.offeredTo("c1"), ["bob"]);
  assert.deepEqual(h.offersFor("ann"), []);
  assert.equal(h.engine.outboundEnded("ann"), true);
  assert.deepEqual(h.offersFor("ann"), ["c2"], "the waiting call goes to her at once");
});

Deno.test("only a ready agent can be taken, and only the call out's own not-ready is cleared by its end", () => {
  const h = setup(config);
  h.readyInOrder("ann");
  h.engine.agentNotReady("ann", "break");
  assert.equal(h.engine.outboundStarted("ann"), false);
  assert.equal(h.engine.outboundEnded("ann"), false);
  assert.equal(h.engine.agent("ann").reason, "break", "a break is not ended by a call out");
  h.engine.agentReady("ann");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  assert.equal(h.engine.outboundStarted("ann"), false, "ringing for an inbound call");
});
